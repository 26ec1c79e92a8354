/* Calendar, time zones and periods: month ends, leap years, DST days and
 * local midnights, one row per case. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "billing/civil.h"
#include "billing/period.h"
#include "billing/tz.h"
#include "billing/validity.h"

static const char *const zone_names[] = { "Europe/Berlin", "America/New_York", "Australia/Sydney",
					  "Asia/Kolkata", "Australia/Lord_Howe", "America/Santiago" };
static struct tz *zones[sizeof(zone_names) / sizeof(zone_names[0])];

static const struct tz *Z(const char *name)
{
	if (!name || strcmp(name, "UTC") == 0)
		return NULL;
	for (size_t i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++)
		if (strcmp(zone_names[i], name) == 0)
			return zones[i];
	fail_msg("zone %s not loaded", name);
	return NULL;
}

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	struct civil c = { .year = y, .month = mo, .day = d, .hour = h, .minute = mi, .second = s };

	return civil_to_seconds(&c);
}

/* An instant written in a row: a wall-clock time in the row's zone (L) or
 * in UTC (U), so each row reads the way the case is told. */
struct at {
	int y, mo, d, h, mi, s;
	bool is_utc;
};
#define L(y, mo, d, h, mi) { y, mo, d, h, mi, 0, false }
#define U(y, mo, d, h, mi) { y, mo, d, h, mi, 0, true }
#define US(y, mo, d, h, mi, s) { y, mo, d, h, mi, s, true }

static int64_t at(const char *zone, struct at a)
{
	struct civil c = { .year = a.y, .month = a.mo, .day = a.d, .hour = a.h, .minute = a.mi,
			   .second = a.s };

	return a.is_utc ? civil_to_seconds(&c) : tz_from_local(Z(zone), &c);
}

/* --- civil calendar -------------------------------------------------------- */

struct civil_row {
	const char *name;
	int year, month;
	unsigned days_in_month;
	int leap;
};

static const struct civil_row civil_rows[] = {
	{ "leap: 2024 is a leap year, Feb has 29", 2024, 2, 29, 1 },
	{ "leap: 2023 is not, Feb has 28", 2023, 2, 28, 0 },
	{ "leap: 2000 is (divisible by 400)", 2000, 2, 29, 1 },
	{ "leap: 2100 is not (divisible by 100)", 2100, 2, 28, 0 },
	{ "month end: June has 30 days", 2024, 6, 30, 1 },
	{ "month end: December has 31 days", 2023, 12, 31, 0 },
};

static void test_civil(void **state)
{
	const struct civil_row *r = *state;
	struct civil c;
	int64_t days = civil_days_from_date(r->year, r->month, r->days_in_month);

	assert_int_equal(civil_days_in_month(r->year, r->month), r->days_in_month);
	assert_int_equal(civil_is_leap(r->year), r->leap);
	/* The last day of the month is followed by the 1st of the next. */
	civil_from_seconds((days + 1) * CIVIL_SECONDS_PER_DAY, &c);
	assert_int_equal(c.day, 1);
	assert_int_equal(c.month, r->month % 12 + 1);
}

/* --- UTC offsets ------------------------------------------------------------ */

struct offset_row {
	const char *name, *zone;
	struct at at;
	int32_t offset;
};

static const struct offset_row offset_rows[] = {
	{ "offset: Berlin winter is +1", "Europe/Berlin", U(2024, 1, 15, 12, 0), 3600 },
	{ "offset: Berlin summer is +2", "Europe/Berlin", U(2024, 7, 15, 12, 0), 7200 },
	{ "dst: Berlin 1 s before spring-forward", "Europe/Berlin", US(2024, 3, 31, 0, 59, 59), 3600 },
	{ "dst: Berlin at spring-forward", "Europe/Berlin", U(2024, 3, 31, 1, 0), 7200 },
	{ "dst: Berlin 1 s before fall-back", "Europe/Berlin", US(2024, 10, 27, 0, 59, 59), 7200 },
	{ "dst: Berlin at fall-back", "Europe/Berlin", U(2024, 10, 27, 1, 0), 3600 },
	{ "footer rule: Berlin July 2060 is +2", "Europe/Berlin", U(2060, 7, 1, 0, 0), 7200 },
	{ "southern: Sydney January is +11", "Australia/Sydney", U(2025, 1, 10, 0, 0), 39600 },
	{ "half hour: Kolkata is +5:30", "Asia/Kolkata", U(2024, 5, 1, 0, 0), 19800 },
	{ "utc: NULL zone is UTC", "UTC", U(2024, 5, 1, 0, 0), 0 },
};

static void test_offset(void **state)
{
	const struct offset_row *r = *state;

	assert_int_equal(tz_offset_at(Z(r->zone), at(r->zone, r->at)), r->offset);
}

/* --- local time -> instant ------------------------------------------------- */

struct from_local_row {
	const char *name, *zone;
	struct civil local;
	struct at want;
};

static const struct from_local_row from_local_rows[] = {
	{ "local: Berlin summer noon", "Europe/Berlin", { 2024, 7, 1, 12, 0, 0, 0 },
	  U(2024, 7, 1, 10, 0) },
	{ "dst gap: Berlin 02:30 on spring-forward day reads as 03:30 CEST", "Europe/Berlin",
	  { 2024, 3, 31, 2, 30, 0, 0 }, U(2024, 3, 31, 1, 30) },
	{ "dst repeat: Berlin 02:30 on fall-back day is the first (CEST)", "Europe/Berlin",
	  { 2024, 10, 27, 2, 30, 0, 0 }, U(2024, 10, 27, 0, 30) },
	{ "dst: New York 01:30 on fall-back day is the first (EDT)", "America/New_York",
	  { 2024, 11, 3, 1, 30, 0, 0 }, U(2024, 11, 3, 5, 30) },
};

static void test_from_local(void **state)
{
	const struct from_local_row *r = *state;

	assert_int_equal(tz_from_local(Z(r->zone), &r->local), at(r->zone, r->want));
}

/* --- end of the local day -------------------------------------------------- */

struct end_of_day_row {
	const char *name, *zone;
	struct at now, want;
	int64_t hours; /* length of that local day */
};

static const struct end_of_day_row end_of_day_rows[] = {
	{ "end of day: Berlin 23:50 ends 10 minutes later", "Europe/Berlin", L(2024, 6, 14, 23, 50),
	  U(2024, 6, 14, 22, 0), 24 },
	{ "end of day: Berlin 00:10 is a new day though UTC is still yesterday", "Europe/Berlin",
	  U(2024, 6, 14, 22, 10), U(2024, 6, 15, 22, 0), 24 },
	{ "end of day: New York 23:30 EDT, UTC already tomorrow", "America/New_York",
	  U(2024, 6, 15, 3, 30), U(2024, 6, 15, 4, 0), 24 },
	{ "end of day: Berlin spring-forward day lasts 23 hours", "Europe/Berlin",
	  L(2024, 3, 31, 12, 0), U(2024, 3, 31, 22, 0), 23 },
	{ "end of day: Berlin fall-back day lasts 25 hours", "Europe/Berlin", L(2024, 10, 27, 12, 0),
	  U(2024, 10, 27, 23, 0), 25 },
	{ "end of day: Kolkata 23:59 (+5:30)", "Asia/Kolkata", L(2024, 1, 1, 23, 59),
	  U(2024, 1, 1, 18, 30), 24 },
	{ "end of day: 29 Feb ends at 1 Mar (UTC)", "UTC", U(2024, 2, 29, 18, 0), U(2024, 3, 1, 0, 0),
	  24 },
};

static void test_end_of_day(void **state)
{
	const struct end_of_day_row *r = *state;
	const struct tz *zone = Z(r->zone);
	struct validity v = { .mode = VALIDITY_END_OF_DAY };
	int64_t now = at(r->zone, r->now), want = at(r->zone, r->want);

	assert_int_equal(tz_end_of_day(zone, now), want);
	assert_int_equal(want - tz_start_of_day(zone, now), r->hours * 3600);
	/* An end-of-day ticket first used at now is valid exactly that long. */
	assert_int_equal(validity_end(&v, zone, now - 60, now), want);
}

/* --- periods (cycles, refills, fair-use resets) ------------------------------ */

struct period_row {
	const char *name, *zone;
	struct period period;
	struct at anchor, now;
	int64_t index;
	struct at start, end; /* start {0} = the anchor */
};

#define MONTHLY_ALIGNED { PERIOD_MONTH, 1, true }
#define MONTHLY { PERIOD_MONTH, 1, false }

static const struct period_row period_rows[] = {
	{ "month end: monthly cycle bought 20 June ends at the end of 30 June", "Europe/Berlin",
	  MONTHLY_ALIGNED, L(2024, 6, 20, 10, 0), L(2024, 6, 30, 23, 59), 0, {0},
	  U(2024, 6, 30, 22, 0) },
	{ "month end: its second cycle is all of July", "Europe/Berlin", MONTHLY_ALIGNED,
	  L(2024, 6, 20, 10, 0), L(2024, 7, 1, 0, 0), 1, L(2024, 7, 1, 0, 0), L(2024, 8, 1, 0, 0) },
	{ "month end: December cycle rolls into the next year", "Europe/Berlin", MONTHLY_ALIGNED,
	  L(2024, 12, 20, 9, 0), L(2025, 1, 3, 0, 0), 1, U(2024, 12, 31, 23, 0),
	  U(2025, 1, 31, 23, 0) },
	{ "leap: monthly from 31 Jan 2024 steps to 29 Feb", "UTC", MONTHLY, U(2024, 1, 31, 10, 0),
	  U(2024, 3, 1, 0, 0), 1, U(2024, 2, 29, 10, 0), U(2024, 3, 31, 10, 0) },
	{ "leap: ... then to 31 Mar (no drift)", "UTC", MONTHLY, U(2024, 1, 31, 10, 0),
	  U(2024, 4, 1, 0, 0), 2, U(2024, 3, 31, 10, 0), U(2024, 4, 30, 10, 0) },
	{ "month end: monthly from 31 Jan 2023 steps to 28 Feb", "UTC", MONTHLY,
	  U(2023, 1, 31, 10, 0), U(2023, 2, 28, 10, 0), 1, U(2023, 2, 28, 10, 0),
	  U(2023, 3, 31, 10, 0) },
	{ "leap: yearly from 29 Feb 2024 is 28 Feb 2025", "UTC", { PERIOD_YEAR, 1, false },
	  U(2024, 2, 29, 0, 0), U(2025, 3, 1, 0, 0), 1, U(2025, 2, 28, 0, 0), U(2026, 2, 28, 0, 0) },
	{ "leap: ... and 29 Feb again in 2028", "UTC", { PERIOD_YEAR, 1, false },
	  U(2024, 2, 29, 0, 0), U(2028, 2, 29, 0, 0), 4, U(2028, 2, 29, 0, 0), U(2029, 2, 28, 0, 0) },
	{ "leap: aligned month of Feb 2024 ends 1 Mar", "UTC", MONTHLY_ALIGNED, U(2024, 2, 10, 0, 0),
	  US(2024, 2, 29, 23, 59, 59), 0, {0}, U(2024, 3, 1, 0, 0) },
	{ "dst: daily period over spring-forward is 23 h", "Europe/Berlin", { PERIOD_DAY, 1, false },
	  L(2024, 3, 30, 10, 0), L(2024, 3, 31, 9, 59), 0, {0}, U(2024, 3, 31, 8, 0) },
	{ "dst: daily period over fall-back is 25 h", "Europe/Berlin", { PERIOD_DAY, 1, false },
	  L(2024, 10, 26, 10, 0), L(2024, 10, 27, 9, 59), 0, {0}, U(2024, 10, 27, 9, 0) },
	{ "week: aligned week from a Wednesday ends Monday 00:00", "Europe/Berlin",
	  { PERIOD_WEEK, 1, true }, L(2024, 5, 15, 15, 0), L(2024, 5, 19, 23, 0), 0, {0},
	  L(2024, 5, 20, 0, 0) },
	{ "before anchor: index -1 ending at the anchor", "UTC", { PERIOD_DAY, 1, false },
	  U(2024, 5, 2, 0, 0), U(2024, 5, 1, 0, 0), -1, U(2024, 5, 1, 0, 0), U(2024, 5, 2, 0, 0) },
};

static void test_period(void **state)
{
	const struct period_row *r = *state;
	struct period_span span;
	int64_t anchor = at(r->zone, r->anchor);

	assert_int_equal(period_at(&r->period, anchor, Z(r->zone), at(r->zone, r->now), &span), 0);
	assert_int_equal(span.index, r->index);
	assert_int_equal(span.start, r->start.y ? at(r->zone, r->start) : anchor);
	assert_int_equal(span.end, at(r->zone, r->end));
}

/* --- durations ------------------------------------------------------------- */

struct duration_row {
	const char *name, *zone;
	struct duration d;
	struct at from, want;
};

static const struct duration_row duration_rows[] = {
	{ "duration: 90 minutes are exact seconds", "Europe/Berlin", { DURATION_MINUTES, 90 },
	  U(2024, 3, 31, 0, 30), U(2024, 3, 31, 2, 0) },
	{ "dst: 1 day over spring-forward keeps the wall clock (23 h)", "Europe/Berlin",
	  { DURATION_DAYS, 1 }, L(2024, 3, 30, 10, 0), L(2024, 3, 31, 10, 0) },
	{ "dst: 24 hours over spring-forward moves the wall clock", "Europe/Berlin",
	  { DURATION_HOURS, 24 }, L(2024, 3, 30, 10, 0), L(2024, 3, 31, 11, 0) },
	{ "leap: 1 month from 31 Jan 2024 is 29 Feb", "UTC", { DURATION_MONTHS, 1 },
	  U(2024, 1, 31, 8, 0), U(2024, 2, 29, 8, 0) },
	{ "duration: 2 weeks over New Year", "UTC", { DURATION_WEEKS, 2 }, U(2024, 12, 25, 8, 0),
	  U(2025, 1, 8, 8, 0) },
};

static void test_duration(void **state)
{
	const struct duration_row *r = *state;

	assert_int_equal(duration_add(&r->d, Z(r->zone), at(r->zone, r->from)), at(r->zone, r->want));
}

/* --- our TZif reader agrees with glibc ---------------------------------------- */

struct glibc_row {
	const char *name, *zone;
};

static const struct glibc_row glibc_rows[] = {
	{ "glibc: Europe/Berlin 1970-2100", "Europe/Berlin" },
	{ "glibc: America/New_York 1970-2100", "America/New_York" },
	{ "glibc: Australia/Sydney 1970-2100", "Australia/Sydney" },
	{ "glibc: Australia/Lord_Howe (30 min DST)", "Australia/Lord_Howe" },
	{ "glibc: America/Santiago (DST at midnight)", "America/Santiago" },
};

/* A test may use the process-wide TZ; the code under test never does. */
static void test_glibc(void **state)
{
	const struct glibc_row *r = *state;
	const struct tz *zone = Z(r->zone);

	setenv("TZ", r->zone, 1);
	tzset();
	for (int64_t t = 0; t < utc(2100, 1, 1, 0, 0, 0); t += 86400 * 3 + 3607) {
		time_t tt = (time_t)t;
		struct tm tm;
		struct civil c;

		localtime_r(&tt, &tm);
		if (tz_offset_at(zone, t) != tm.tm_gmtoff)
			fail_msg("%s at %lld: ours %d, glibc %ld", r->zone, (long long)t,
				 tz_offset_at(zone, t), tm.tm_gmtoff);
		tz_to_local(zone, t, &c);
		/* Local -> instant gives back t unless that wall time is repeated. */
		int64_t back = tz_from_local(zone, &c);
		if (back != t && tz_offset_at(zone, back) == tz_offset_at(zone, t))
			fail_msg("%s: round trip of %lld gave %lld", r->zone, (long long)t, (long long)back);
	}
	unsetenv("TZ");
	tzset();
}

/* --- loading ---------------------------------------------------------------- */

static void test_load_refuses_bad_names(void **state)
{
	static const char *const bad[] = { "../etc/passwd", "/etc/localtime", "Europe/Nowhere", "" };
	struct tz *zone = NULL;
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		assert_true(tz_load(bad[i], &zone, err, sizeof(err)) < 0);
		assert_true(strlen(err) > 0);
	}
}

static int load_zones(void **state)
{
	char err[128];

	(void)state;
	for (size_t i = 0; i < sizeof(zone_names) / sizeof(zone_names[0]); i++)
		if (tz_load(zone_names[i], &zones[i], err, sizeof(err)) < 0) {
			print_error("%s\n", err);
			return -1;
		}
	return 0;
}

static int free_zones(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
		tz_free(zones[i]);
	return 0;
}

#define ADD_ROWS(rows, fn)                                                             \
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)                    \
		tests[n++] = (struct CMUnitTest){ .name = rows[i].name, .test_func = fn, \
						  .initial_state = (void *)&rows[i] }

int main(void)
{
	static struct CMUnitTest tests[64];
	size_t n = 0;

	ADD_ROWS(civil_rows, test_civil);
	ADD_ROWS(offset_rows, test_offset);
	ADD_ROWS(from_local_rows, test_from_local);
	ADD_ROWS(end_of_day_rows, test_end_of_day);
	ADD_ROWS(period_rows, test_period);
	ADD_ROWS(duration_rows, test_duration);
	ADD_ROWS(glibc_rows, test_glibc);
	tests[n++] = (struct CMUnitTest){ .name = "load: bad zone names are refused",
					  .test_func = test_load_refuses_bad_names };
	return _cmocka_run_group_tests("billing_tz", tests, n, load_zones, free_zones);
}
