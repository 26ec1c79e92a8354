#define _GNU_SOURCE	/* strptime, timegm */
#include "ctl/units.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct suffix {
	const char *name;
	int64_t factor;
};

/* "<number><suffix>" where the number may have a fraction of up to 9 digits;
 * exact integer arithmetic, no floating point */
static int scaled(const char *text, const struct suffix *suffixes, int64_t *out)
{
	const char *p = text;
	int64_t whole = 0, frac = 0, frac_div = 1;

	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (INT64_MAX - 9) / 10)
			return -EINVAL;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -EINVAL;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (frac_div >= 1000000000)
				return -EINVAL;
			frac = frac * 10 + (*p - '0');
			frac_div *= 10;
		}
	}
	while (*p == ' ')
		p++;
	for (const struct suffix *s = suffixes; s->name; s++) {
		if (strcasecmp(p, s->name) != 0)
			continue;
		__int128 f = (__int128)frac * s->factor;

		if (whole > INT64_MAX / s->factor || f % frac_div != 0)
			return -EINVAL;	/* too big, or a fraction finer than the base unit */
		*out = whole * s->factor + (int64_t)(f / frac_div);
		return 0;
	}
	return -EINVAL;
}

int units_seconds(const char *text, int64_t *out)
{
	static const struct suffix s[] = {
		{ "s", 1 }, { "sec", 1 }, { "min", 60 }, { "m", 60 }, { "h", 3600 },
		{ "d", 86400 }, { "w", 604800 }, { 0 },
	};
	return scaled(text, s, out);
}

int units_bytes(const char *text, int64_t *out)
{
	static const struct suffix s[] = {
		{ "", 1 }, { "B", 1 }, { "k", 1000 }, { "kB", 1000 }, { "M", 1000000 }, { "MB", 1000000 },
		{ "G", 1000000000 }, { "GB", 1000000000 }, { "T", 1000000000000 }, { "TB", 1000000000000 },
		{ "KiB", 1024 }, { "MiB", 1048576 }, { "GiB", 1073741824 }, { 0 },
	};
	return scaled(text, s, out);
}

int units_speed(const char *text, int64_t *out)
{
	static const struct suffix s[] = {
		{ "", 1 }, { "bit", 1 }, { "k", 1000 }, { "kbit", 1000 }, { "M", 1000000 },
		{ "Mbit", 1000000 }, { "G", 1000000000 }, { "Gbit", 1000000000 }, { 0 },
	};
	return scaled(text, s, out);
}

int units_money(const char *text, int exponent, int64_t *out)
{
	int64_t whole = 0, frac = 0, factor = 1, frac_factor = 1;
	const char *p = text;
	int frac_digits = 0;

	for (int i = 0; i < exponent; i++)
		factor *= 10;
	if (*p < '0' || *p > '9')
		return -EINVAL;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (whole > (INT64_MAX / factor - 9) / 10)
			return -EINVAL;
		whole = whole * 10 + (*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++) {
			if (++frac_digits > exponent)
				return -EINVAL;	/* "3.001" has no meaning in cents */
			frac = frac * 10 + (*p - '0');
		}
		if (frac_digits == 0)
			return -EINVAL;
	}
	if (*p)
		return -EINVAL;
	for (int i = frac_digits; i < exponent; i++)
		frac_factor *= 10;
	*out = whole * factor + frac * frac_factor;
	return 0;
}

int units_date(const char *text, int64_t *out)
{
	struct tm tm = { 0 };
	char *end = strptime(text, "%Y-%m-%d", &tm);

	if (end && !*end) {
		*out = (int64_t)timegm(&tm);
		return 0;
	}
	*out = strtoll(text, &end, 10);
	return *text && !*end ? 0 : -EINVAL;
}

void units_format_seconds(int64_t s, char *buf, size_t size)
{
	if (s % 86400 == 0 && s >= 86400)
		snprintf(buf, size, "%lldd", (long long)s / 86400);
	else if (s % 3600 == 0 && s >= 3600)
		snprintf(buf, size, "%lldh", (long long)s / 3600);
	else if (s % 60 == 0 && s >= 60)
		snprintf(buf, size, "%lldmin", (long long)s / 60);
	else
		snprintf(buf, size, "%llds", (long long)s);
}

static void format_scaled(int64_t v, const char *const *names, int64_t step, char *buf, size_t size)
{
	int i = 0;
	int64_t unit = 1;

	while (names[i + 1] && v >= unit * step) {
		unit *= step;
		i++;
	}
	if (v % unit == 0)
		snprintf(buf, size, "%lld %s", (long long)(v / unit), names[i]);
	else
		snprintf(buf, size, "%lld.%02lld %s", (long long)(v / unit), (long long)(v % unit * 100 / unit),
			 names[i]);
}

void units_format_bytes(int64_t b, char *buf, size_t size)
{
	static const char *const names[] = { "B", "kB", "MB", "GB", "TB", NULL };
	format_scaled(b, names, 1000, buf, size);
}

void units_format_speed(int64_t bps, char *buf, size_t size)
{
	static const char *const names[] = { "bit/s", "kbit/s", "Mbit/s", "Gbit/s", NULL };
	format_scaled(bps, names, 1000, buf, size);
}

void units_format_money(int64_t minor, int exponent, char *buf, size_t size)
{
	int64_t factor = 1;
	const char *sign = minor < 0 ? "-" : "";
	uint64_t m = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;

	for (int i = 0; i < exponent; i++)
		factor *= 10;
	if (exponent == 0)
		snprintf(buf, size, "%s%llu", sign, (unsigned long long)m);
	else
		snprintf(buf, size, "%s%llu.%0*llu", sign, (unsigned long long)(m / (uint64_t)factor), exponent,
			 (unsigned long long)(m % (uint64_t)factor));
}
