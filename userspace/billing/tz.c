#include "billing/tz.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZ_MAX_FILE (256 * 1024)

/* One local time type of a TZif file. */
struct tz_type {
	int32_t utoff;
	bool isdst;
};

/* "Mm.w.d", "Jn" or "n" from a POSIX TZ rule, plus the local time of day. */
struct tz_rule_date {
	char kind; /* 'M', 'J' or 'D' (zero-based day of year) */
	int month, week, wday, day;
	int32_t time; /* seconds after local midnight, may be < 0 or > 24h */
};

/* The POSIX TZ string of the footer, for instants after the last transition. */
struct tz_posix {
	bool present;
	bool has_dst;
	int32_t std_off, dst_off; /* seconds east of UTC */
	struct tz_rule_date start, end;
};

struct tz {
	char name[64];
	uint32_t timecnt, typecnt;
	int64_t *times;     /* transition instants, ascending */
	uint8_t *idx;       /* type index per transition */
	struct tz_type *types;
	struct tz_posix posix;
};

static void set_err(char *err, size_t errlen, const char *fmt, const char *arg)
{
	if (err && errlen)
		snprintf(err, errlen, fmt, arg);
}

static int64_t be(const uint8_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = v << 8 | p[i];
	if (n == 4)
		return (int32_t)(uint32_t)v;
	return (int64_t)v;
}

/* --- POSIX TZ rule (the TZif footer) ------------------------------------ */

static const char *parse_name(const char *p)
{
	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p == '>' ? p + 1 : NULL;
	}
	const char *s = p;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]], hours up to 167 (TZif v3 allows that for rule times). */
static const char *parse_hms(const char *p, int32_t *out)
{
	int sign = 1;
	long h = 0, m = 0, s = 0;

	if (*p == '+' || *p == '-')
		sign = *p++ == '-' ? -1 : 1;
	if (*p < '0' || *p > '9')
		return NULL;
	h = strtol(p, (char **)&p, 10);
	if (*p == ':') {
		m = strtol(p + 1, (char **)&p, 10);
		if (*p == ':')
			s = strtol(p + 1, (char **)&p, 10);
	}
	if (h > 167 || m > 59 || s > 59)
		return NULL;
	*out = (int32_t)(sign * (h * 3600 + m * 60 + s));
	return p;
}

static const char *parse_rule_date(const char *p, struct tz_rule_date *d)
{
	char *end;

	d->time = 2 * 3600;
	if (*p == 'M') {
		d->kind = 'M';
		d->month = (int)strtol(p + 1, &end, 10);
		if (*end != '.')
			return NULL;
		d->week = (int)strtol(end + 1, &end, 10);
		if (*end != '.')
			return NULL;
		d->wday = (int)strtol(end + 1, &end, 10);
		if (d->month < 1 || d->month > 12 || d->week < 1 || d->week > 5 || d->wday < 0 ||
		    d->wday > 6)
			return NULL;
	} else if (*p == 'J') {
		d->kind = 'J';
		d->day = (int)strtol(p + 1, &end, 10);
		if (d->day < 1 || d->day > 365)
			return NULL;
	} else if (*p >= '0' && *p <= '9') {
		d->kind = 'D';
		d->day = (int)strtol(p, &end, 10);
		if (d->day > 365)
			return NULL;
	} else {
		return NULL;
	}
	p = end;
	if (*p == '/')
		p = parse_hms(p + 1, &d->time);
	return p;
}

static int parse_posix(const char *s, struct tz_posix *out)
{
	const char *p = parse_name(s);
	int32_t off;

	*out = (struct tz_posix){ 0 };
	if (!p || !(p = parse_hms(p, &off)))
		return -EINVAL;
	out->std_off = -off; /* POSIX offsets count west of Greenwich */
	out->present = true;
	if (*p == '\0')
		return 0;
	if (!(p = parse_name(p)))
		return -EINVAL;
	out->has_dst = true;
	out->dst_off = out->std_off + 3600;
	if (*p != ',' && *p != '\0') {
		if (!(p = parse_hms(p, &off)))
			return -EINVAL;
		out->dst_off = -off;
	}
	if (*p != ',' || !(p = parse_rule_date(p + 1, &out->start)))
		return -EINVAL;
	if (*p != ',' || !(p = parse_rule_date(p + 1, &out->end)))
		return -EINVAL;
	return *p == '\0' ? 0 : -EINVAL;
}

/* Local seconds (civil time read as UTC) of a rule date in a year. */
static int64_t rule_local(const struct tz_rule_date *d, int32_t year)
{
	int64_t days;

	switch (d->kind) {
	case 'J': /* 1..365, Feb 29 never counted */
		days = civil_days_from_date(year, 1, 1) + d->day - 1;
		if (civil_is_leap(year) && d->day >= 60)
			days++;
		break;
	case 'D':
		days = civil_days_from_date(year, 1, 1) + d->day;
		break;
	default: {
		/* d->wday counts from Sunday; civil weekdays from Monday. */
		int64_t first = civil_days_from_date(year, (unsigned)d->month, 1);
		int want = (d->wday + 6) % 7;
		int have = (int)civil_weekday_of_days(first);
		unsigned dim = civil_days_in_month(year, (unsigned)d->month);

		days = first + (want - have + 7) % 7 + (int64_t)(d->week - 1) * 7;
		while (days >= first + dim)
			days -= 7; /* week 5 means "the last" */
	}
	}
	return days * CIVIL_SECONDS_PER_DAY + d->time;
}

static int32_t posix_offset(const struct tz_posix *r, int64_t utc)
{
	struct civil c;

	if (!r->has_dst)
		return r->std_off;
	civil_from_seconds(utc + r->std_off, &c);
	/* The start is given in standard time, the end in daylight time. */
	int64_t start = rule_local(&r->start, c.year) - r->std_off;
	int64_t end = rule_local(&r->end, c.year) - r->dst_off;
	bool dst = start < end ? (utc >= start && utc < end) : !(utc >= end && utc < start);

	return dst ? r->dst_off : r->std_off;
}

/* --- TZif ---------------------------------------------------------------- */

static size_t block_len(const int32_t *cnt, int timesize)
{
	/* isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt */
	return (size_t)cnt[3] * timesize + cnt[3] + (size_t)cnt[4] * 6 + cnt[5] +
	       (size_t)cnt[2] * (timesize + 4) + cnt[1] + cnt[0];
}

static int read_header(const uint8_t *p, size_t len, int32_t *cnt)
{
	if (len < 44 || memcmp(p, "TZif", 4) != 0)
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		cnt[i] = (int32_t)be(p + 20 + 4 * i, 4);
		if (cnt[i] < 0 || cnt[i] > 100000)
			return -EINVAL;
	}
	if (cnt[4] == 0 || cnt[4] > 256)
		return -EINVAL;
	return 0;
}

static int parse_tzif(const uint8_t *buf, size_t len, struct tz *zone)
{
	int32_t cnt[6];
	int timesize = 4;
	const uint8_t *p = buf;

	if (read_header(p, len, cnt) < 0)
		return -EINVAL;
	if (buf[4] >= '2') {
		/* Skip the 32-bit block; the 64-bit one after it is authoritative. */
		size_t skip = 44 + block_len(cnt, 4);
		if (skip > len || read_header(p + skip, len - skip, cnt) < 0)
			return -EINVAL;
		p += skip;
		timesize = 8;
	}
	size_t body = block_len(cnt, timesize);
	if ((size_t)(p - buf) + 44 + body > len)
		return -EINVAL;
	p += 44;

	zone->timecnt = (uint32_t)cnt[3];
	zone->typecnt = (uint32_t)cnt[4];
	zone->times = calloc(zone->timecnt + 1, sizeof(*zone->times));
	zone->idx = calloc(zone->timecnt + 1, 1);
	zone->types = calloc(zone->typecnt, sizeof(*zone->types));
	if (!zone->times || !zone->idx || !zone->types)
		return -ENOMEM;
	for (uint32_t i = 0; i < zone->timecnt; i++, p += timesize) {
		zone->times[i] = be(p, timesize);
		if (i && zone->times[i] <= zone->times[i - 1])
			return -EINVAL;
	}
	for (uint32_t i = 0; i < zone->timecnt; i++, p++) {
		if (*p >= zone->typecnt)
			return -EINVAL;
		zone->idx[i] = *p;
	}
	for (uint32_t i = 0; i < zone->typecnt; i++, p += 6) {
		zone->types[i].utoff = (int32_t)be(p, 4);
		zone->types[i].isdst = p[4] != 0;
	}
	/* Designations, leap seconds (only in "right/" zones: ignored) and the
	 * std/ut indicators are not needed for offsets. */
	p += cnt[5] + (size_t)cnt[2] * (timesize + 4) + cnt[1] + cnt[0];

	if (timesize == 8 && p < buf + len && *p == '\n') {
		const uint8_t *nl = memchr(p + 1, '\n', (size_t)(buf + len - p - 1));
		char footer[128];

		if (nl && nl - p - 1 > 0 && (size_t)(nl - p - 1) < sizeof(footer)) {
			memcpy(footer, p + 1, (size_t)(nl - p - 1));
			footer[nl - p - 1] = '\0';
			if (parse_posix(footer, &zone->posix) < 0)
				return -EINVAL;
		}
	}
	return 0;
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);

	if (n == 0 || n >= sizeof(((struct tz *)0)->name) || name[0] == '/' || strstr(name, ".."))
		return false;
	for (const char *c = name; *c; c++) {
		bool ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
			  (*c >= '0' && *c <= '9') || strchr("/_-+", *c);
		if (!ok)
			return false;
	}
	return true;
}

int tz_load_file(const char *path, const char *name, struct tz **out, char *err, size_t errlen)
{
	uint8_t *buf = malloc(TZ_MAX_FILE);
	FILE *f;
	size_t len;
	struct tz *zone;
	int rc;

	if (!buf)
		return -ENOMEM;
	f = fopen(path, "rb");
	if (!f) {
		rc = -errno;
		set_err(err, errlen, "unknown time zone %s", name);
		free(buf);
		return rc;
	}
	len = fread(buf, 1, TZ_MAX_FILE, f);
	fclose(f);

	zone = calloc(1, sizeof(*zone));
	if (!zone) {
		free(buf);
		return -ENOMEM;
	}
	snprintf(zone->name, sizeof(zone->name), "%s", name);
	rc = parse_tzif(buf, len, zone);
	free(buf);
	if (rc < 0) {
		set_err(err, errlen, "time zone %s: not a valid TZif file", name);
		tz_free(zone);
		return rc;
	}
	*out = zone;
	return 0;
}

int tz_load(const char *name, struct tz **out, char *err, size_t errlen)
{
	char path[sizeof(TZ_DIR) + 80];

	if (!name || !name_ok(name)) {
		set_err(err, errlen, "time zone %s: not an IANA zone name", name ? name : "(null)");
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/%s", TZ_DIR, name);
	return tz_load_file(path, name, out, err, errlen);
}

void tz_free(struct tz *zone)
{
	if (!zone)
		return;
	free(zone->times);
	free(zone->idx);
	free(zone->types);
	free(zone);
}

const char *tz_name(const struct tz *zone)
{
	return zone ? zone->name : "UTC";
}

int32_t tz_offset_at(const struct tz *zone, int64_t utc)
{
	uint32_t lo = 0, hi;

	if (!zone)
		return 0;
	if (zone->timecnt == 0 || utc < zone->times[0]) {
		if (zone->timecnt == 0 && zone->posix.present)
			return posix_offset(&zone->posix, utc);
		return zone->types[0].utoff; /* RFC 8536: type 0 before the first */
	}
	if (utc >= zone->times[zone->timecnt - 1] && zone->posix.present)
		return posix_offset(&zone->posix, utc);
	hi = zone->timecnt;
	while (hi - lo > 1) { /* last transition <= utc */
		uint32_t mid = lo + (hi - lo) / 2;
		if (zone->times[mid] <= utc)
			lo = mid;
		else
			hi = mid;
	}
	return zone->types[zone->idx[lo]].utoff;
}

void tz_to_local(const struct tz *zone, int64_t utc, struct civil *out)
{
	civil_from_seconds(utc + tz_offset_at(zone, utc), out);
}

int64_t tz_from_local(const struct tz *zone, const struct civil *local)
{
	int64_t l = civil_to_seconds(local);
	/* Offsets a day either side cover every real-world change (none come
	 * closer together than that). */
	int32_t before = tz_offset_at(zone, l - CIVIL_SECONDS_PER_DAY);
	int32_t after = tz_offset_at(zone, l + CIVIL_SECONDS_PER_DAY);
	int64_t t1 = l - before, t2 = l - after;
	bool ok1 = tz_offset_at(zone, t1) == before;
	bool ok2 = tz_offset_at(zone, t2) == after;

	if (ok1 && ok2)
		return t1 < t2 ? t1 : t2;
	if (ok2)
		return t2;
	return t1; /* valid, or in a gap: read with the offset before it */
}

int64_t tz_start_of_day(const struct tz *zone, int64_t utc)
{
	struct civil c;

	tz_to_local(zone, utc, &c);
	civil_start_of_day(&c);
	return tz_from_local(zone, &c);
}

int64_t tz_end_of_day(const struct tz *zone, int64_t utc)
{
	struct civil c;

	tz_to_local(zone, utc, &c);
	civil_start_of_day(&c);
	civil_add_days(&c, 1);
	return tz_from_local(zone, &c);
}
