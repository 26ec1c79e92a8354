#include "billing/rating.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "billing/civil.h"
#include "billing/money.h"

static int32_t yyyymmdd(const struct civil *c)
{
	return c->year * 10000 + c->month * 100 + c->day;
}

/* Does the day starting at local date `day` let the schedule run? */
static bool day_ok(const struct schedule *s, const struct civil *day)
{
	int32_t d = yyyymmdd(day);

	if (s->weekdays && !(s->weekdays & (1u << day->weekday)))
		return false;
	if (s->start_date && d < s->start_date)
		return false;
	if (s->end_date && d > s->end_date)
		return false;
	return true;
}

static bool matches(const struct schedule *s, const struct civil *local)
{
	unsigned minute = local->hour * 60u + local->minute;
	struct civil yesterday = *local;

	if (s->minute_from == s->minute_to)
		return day_ok(s, local);
	if (s->minute_from < s->minute_to)
		return minute >= s->minute_from && minute < s->minute_to && day_ok(s, local);
	if (minute >= s->minute_from)
		return day_ok(s, local);
	if (minute < s->minute_to) {
		civil_add_days(&yesterday, -1);
		return day_ok(s, &yesterday);
	}
	return false;
}

int rating_index_at(const struct schedule *list, uint32_t n, const struct tz *zone, int64_t utc)
{
	struct civil local;

	tz_to_local(zone, utc, &local);
	for (uint32_t i = 0; i < n && i < RATING_MAX_SCHEDULES; i++)
		if (matches(&list[i], &local))
			return (int)i;
	return RATING_BASE;
}

void rating_rate(const struct rate *base, const struct schedule *list, uint32_t n, int index,
		 struct rate *out)
{
	*out = *base;
	if (index < 0 || (uint32_t)index >= n)
		return;
	if (list[index].has_price) {
		out->price_per_hour = list[index].rate.price_per_hour;
		out->price_per_10mb = list[index].rate.price_per_10mb;
	}
	if (list[index].has_speed) {
		out->speed_up = list[index].rate.speed_up;
		out->speed_down = list[index].rate.speed_down;
	}
}

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int64_t local_instant(const struct tz *zone, const struct civil *day, unsigned minute)
{
	struct civil c = *day;

	civil_start_of_day(&c);
	civil_add_days(&c, minute / 1440);
	c.hour = (uint8_t)(minute % 1440 / 60);
	c.minute = (uint8_t)(minute % 60);
	return tz_from_local(zone, &c);
}

static int64_t date_instant(const struct tz *zone, int32_t date, int add_days)
{
	struct civil c = { .year = date / 10000, .month = (uint8_t)(date / 100 % 100),
			   .day = (uint8_t)(date % 100) };

	civil_add_days(&c, add_days);
	return tz_from_local(zone, &c);
}

/* Every match can only change at a local midnight, a minute_from or
 * minute_to, or the edges of a date range. The weekly pattern repeats, so
 * candidates over the next 8 days plus the date edges are enough. */
int64_t rating_next_switch(const struct schedule *list, uint32_t n, const struct tz *zone,
			   int64_t utc)
{
	int64_t cand[RATING_MAX_SCHEDULES * (9 * 3 + 2)];
	size_t nc = 0;
	struct civil today;
	int now_index = rating_index_at(list, n, zone, utc);

	if (n > RATING_MAX_SCHEDULES)
		n = RATING_MAX_SCHEDULES;
	tz_to_local(zone, utc, &today);
	for (uint32_t i = 0; i < n; i++) {
		const struct schedule *s = &list[i];

		for (int d = 0; d <= 8; d++) {
			struct civil day = today;

			civil_add_days(&day, d);
			cand[nc++] = local_instant(zone, &day, 0);
			cand[nc++] = local_instant(zone, &day, s->minute_from);
			cand[nc++] = local_instant(zone, &day, s->minute_to);
		}
		if (s->start_date)
			cand[nc++] = date_instant(zone, s->start_date, 0);
		if (s->end_date)
			cand[nc++] = date_instant(zone, s->end_date, 1);
	}
	qsort(cand, nc, sizeof(cand[0]), cmp_i64);
	for (size_t i = 0; i < nc; i++) {
		if (cand[i] <= utc)
			continue;
		if (rating_index_at(list, n, zone, cand[i]) != now_index)
			return cand[i];
	}
	return 0;
}

int rating_charge(const struct rate *r, int64_t seconds, int64_t bytes, int64_t *out)
{
	int64_t t, d;

	if (money_scale(seconds, r->price_per_hour, RATING_UNIT_SECONDS, &t) < 0 ||
	    money_scale(bytes, r->price_per_10mb, RATING_UNIT_BYTES, &d) < 0)
		return -ERANGE;
	return money_add(t, d, out);
}

static bool date_ok(int32_t d)
{
	int32_t y = d / 10000;
	unsigned m = (unsigned)(d / 100 % 100), day = (unsigned)(d % 100);

	return d == 0 || (y >= 1970 && y <= 9999 && m >= 1 && m <= 12 && day >= 1 &&
			  day <= civil_days_in_month(y, m));
}

int schedule_validate(const struct schedule *s, unsigned i, char *err, size_t errlen)
{
	const char *field = NULL, *why = NULL;

	if (s->minute_from >= 1440)
		field = "minute_from", why = "must be 0..1439";
	else if (s->minute_to > 1440)
		field = "minute_to", why = "must be 0..1440";
	else if (s->weekdays & ~SCHEDULE_EVERY_DAY)
		field = "weekdays", why = "unknown weekday bits";
	else if (!date_ok(s->start_date))
		field = "start_date", why = "not a date (YYYYMMDD)";
	else if (!date_ok(s->end_date))
		field = "end_date", why = "not a date (YYYYMMDD)";
	else if (s->start_date && s->end_date && s->end_date < s->start_date)
		field = "end_date", why = "before start_date";
	else if (s->has_price && (s->rate.price_per_hour < 0 || s->rate.price_per_10mb < 0))
		field = "rate", why = "price must not be negative";
	else if (!s->has_price && !s->has_speed)
		field = "rate", why = "changes neither price nor speed";
	if (!field)
		return 0;
	snprintf(err, errlen, "schedules[%u].%s: %s", i, field, why);
	return -EINVAL;
}
