/* Rating schedules on the wall clock: which schedule is in effect, when the
 * next switch comes, and what usage costs. One row per case; Europe/Berlin. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "billing/rating.h"

static struct tz *berlin;

struct at {
	int y, mo, d, h, mi;
};
#define L(y, mo, d, h, mi) { y, mo, d, h, mi }

static int64_t at(struct at a)
{
	struct civil c = { .year = a.y, .month = a.mo, .day = a.d, .hour = a.h, .minute = a.mi };

	return a.y ? tz_from_local(berlin, &c) : 0;
}

/* 0: weekday business hours 08:00-18:00; 1: Friday night 22:00-06:00 (runs
 * past midnight); 2: the whole of the summer sale, 1-14 July 2024. */
static const struct schedule schedules[] = {
	{ .minute_from = 8 * 60, .minute_to = 18 * 60, .weekdays = SCHEDULE_WEEKDAYS,
	  .has_speed = true, .rate = { .speed_down = 5000000 } },
	{ .minute_from = 22 * 60, .minute_to = 6 * 60, .weekdays = SCHEDULE_FRIDAY,
	  .has_price = true, .rate = { .price_per_hour = 100 } },
	{ .start_date = 20240701, .end_date = 20240714, .has_price = true, .has_speed = true,
	  .rate = { .price_per_hour = 0, .speed_down = 100000000 } },
};

struct index_row {
	const char *name;
	struct at now;
	int index;
	struct at next; /* {0} = never */
};

static const struct index_row index_rows[] = {
	{ "schedule: Wednesday 10:00 is business hours", L(2024, 6, 12, 10, 0), 0, L(2024, 6, 12, 18, 0) },
	{ "schedule: Wednesday 18:00 is the base rate again", L(2024, 6, 12, 18, 0), RATING_BASE, L(2024, 6, 13, 8, 0) },
	{ "schedule: Wednesday 07:59 is still base", L(2024, 6, 12, 7, 59), RATING_BASE, L(2024, 6, 12, 8, 0) },
	{ "schedule: Friday 23:00 is Friday night", L(2024, 6, 14, 23, 0), 1, L(2024, 6, 15, 6, 0) },
	{ "schedule: Saturday 05:00 still belongs to Friday night", L(2024, 6, 15, 5, 0), 1, L(2024, 6, 15, 6, 0) },
	{ "schedule: Saturday 23:00 is not Friday night", L(2024, 6, 15, 23, 0), RATING_BASE, L(2024, 6, 17, 8, 0) },
	{ "schedule: Friday 20:00 waits for 22:00", L(2024, 6, 14, 20, 0), RATING_BASE, L(2024, 6, 14, 22, 0) },
	{ "schedule: first in the list wins (business hours in the sale)", L(2024, 7, 3, 10, 0), 0, L(2024, 7, 3, 18, 0) },
	{ "schedule: sale evening", L(2024, 7, 3, 19, 0), 2, L(2024, 7, 4, 8, 0) },
	{ "schedule: sale starts at local midnight 1 July", L(2024, 6, 30, 23, 0), RATING_BASE, L(2024, 7, 1, 0, 0) },
	{ "schedule: sale ends after 14 July (a Sunday)", L(2024, 7, 14, 12, 0), 2, L(2024, 7, 15, 0, 0) },
	{ "dst: Monday after spring-forward, 08:00 CEST", L(2024, 4, 1, 7, 0), RATING_BASE, L(2024, 4, 1, 8, 0) },
};

static void test_index(void **state)
{
	const struct index_row *r = *state;
	int n = sizeof(schedules) / sizeof(schedules[0]);

	assert_int_equal(rating_index_at(schedules, n, berlin, at(r->now)), r->index);
	assert_int_equal(rating_next_switch(schedules, n, berlin, at(r->now)), at(r->next));
}

struct rate_row {
	const char *name;
	int index;
	struct rate want;
};

static const struct rate base = { .price_per_hour = 300, .price_per_10mb = 5, .speed_up = 1000000,
				  .speed_down = 20000000 };

static const struct rate_row rate_rows[] = {
	{ "rate: base", RATING_BASE, { 300, 5, 1000000, 20000000 } },
	{ "rate: speed only keeps the base prices", 0, { 300, 5, 0, 5000000 } },
	{ "rate: price only keeps the base speeds", 1, { 100, 0, 1000000, 20000000 } },
	{ "rate: price and speed", 2, { 0, 0, 0, 100000000 } },
};

static void test_rate(void **state)
{
	const struct rate_row *r = *state;
	struct rate got;

	rating_rate(&base, schedules, 3, r->index, &got);
	assert_int_equal(got.price_per_hour, r->want.price_per_hour);
	assert_int_equal(got.price_per_10mb, r->want.price_per_10mb);
	assert_int_equal(got.speed_up, r->want.speed_up);
	assert_int_equal(got.speed_down, r->want.speed_down);
}

struct charge_row {
	const char *name;
	struct rate rate;
	int64_t seconds, bytes, want;
};

static const struct charge_row charge_rows[] = {
	{ "charge: 90 minutes at 2.00/h", { 200, 0, 0, 0 }, 5400, 0, 300 },
	{ "charge: 1 second at 2.00/h rounds to 0.00 (0.0556 cents)", { 200, 0, 0, 0 }, 1, 0, 0 },
	{ "charge: 9 seconds at 2.00/h rounds half up to 0.01 (0.5 cents)", { 200, 0, 0, 0 }, 9, 0, 1 },
	{ "charge: 25 MB at 0.10 per 10 MB", { 0, 10, 0, 0 }, 0, 25000000, 25 },
	{ "charge: time and traffic add up", { 200, 10, 0, 0 }, 3600, 1000000000, 200 + 1000 },
};

static void test_charge(void **state)
{
	const struct charge_row *r = *state;
	int64_t got = -1;

	assert_int_equal(rating_charge(&r->rate, r->seconds, r->bytes, &got), 0);
	assert_int_equal(got, r->want);
}

static int setup(void **state)
{
	char err[128];

	(void)state;
	return tz_load("Europe/Berlin", &berlin, err, sizeof(err)) < 0 ? -1 : 0;
}

static int teardown(void **state)
{
	(void)state;
	tz_free(berlin);
	return 0;
}

#define ADD_ROWS(rows, fn)                                                             \
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)                    \
		tests[n++] = (struct CMUnitTest){ .name = rows[i].name, .test_func = fn, \
						  .initial_state = (void *)&rows[i] }

int main(void)
{
	static struct CMUnitTest tests[40];
	size_t n = 0;

	ADD_ROWS(index_rows, test_index);
	ADD_ROWS(rate_rows, test_rate);
	ADD_ROWS(charge_rows, test_charge);
	return _cmocka_run_group_tests("billing_rating", tests, n, setup, teardown);
}
