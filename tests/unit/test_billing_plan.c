/* Plan terms: validation messages, ticket <-> unit price, cyclic prices and
 * versioning, one row per case. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "billing/plan.h"
#include "billing/price.h"

#define MB 1000000LL
#define GB 1000000000LL

static struct plan prepaid_hour(void)
{
	return (struct plan){
		.name = "1 hour", .code = "H1", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_TIME,
		.time_amount = 3600, .price = 300,
		.rate = { .speed_up = 2000000, .speed_down = 10000000 },
		.validity = { VALIDITY_FROM_FIRST_USE, { DURATION_DAYS, 1 } },
	};
}

static struct plan postpaid_hourly(void)
{
	return (struct plan){
		.name = "room", .code = "ROOM", .currency = "EUR",
		.payment = PLAN_POSTPAID, .measure = PLAN_MEASURE_TIME,
		.rate = { .price_per_hour = 250 },
		.start_cost = 50, .min_charge = 100,
	};
}

static struct plan cyclic_monthly(void)
{
	return (struct plan){
		.name = "monthly 5 GB", .code = "M5", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_TRAFFIC,
		.data_amount = 5 * GB,
		.cyclic = { PERIOD_MONTH, 1500, 3 },
	};
}

/* --- validation -------------------------------------------------------------- */

static void ok(struct plan *p) { (void)p; }
static void negative_price(struct plan *p) { p->price = -1; }
static void cyclic_postpaid(struct plan *p) { p->payment = PLAN_POSTPAID; }
static void no_name(struct plan *p) { p->name[0] = '\0'; }
static void no_code(struct plan *p) { p->code[0] = '\0'; }
static void bad_currency(struct plan *p) { strcpy(p->currency, "eu"); }
static void no_time(struct plan *p) { p->time_amount = 0; }
static void negative_data(struct plan *p) { p->data_amount = -5; }
static void no_duration(struct plan *p) { p->validity.duration.count = 0; }
static void start_cost_prepaid(struct plan *p) { p->start_cost = 10; }
static void negative_min_charge(struct plan *p) { p->min_charge = -1; }
static void postpaid_amount(struct plan *p) { p->time_amount = 600; }
static void postpaid_unlimited(struct plan *p) { p->measure = PLAN_MEASURE_UNLIMITED; }
static void cyclic_with_validity(struct plan *p) { p->validity.mode = VALIDITY_FROM_CREATION; p->validity.duration = (struct duration){ DURATION_DAYS, 3 }; }
static void cyclic_negative(struct plan *p) { p->cyclic.price_per_cycle = -100; }
static void short_interim(struct plan *p) { p->interim_interval = 10; }
static void fairuse_no_threshold(struct plan *p) { p->fairuse = (struct fairuse_policy){ .action = FAIRUSE_THROTTLE, .period = { PERIOD_MONTH, 1, true }, .speed_down = 1000000 }; }
static void fairuse_no_speed(struct plan *p) { p->fairuse = (struct fairuse_policy){ .action = FAIRUSE_THROTTLE, .threshold_bytes = GB, .period = { PERIOD_MONTH, 1, true } }; }
static void schedule_bad_minute(struct plan *p) { p->nschedules = 1; p->schedules[0] = (struct schedule){ .minute_from = 1500, .minute_to = 60, .has_speed = true }; }
static void schedule_bad_dates(struct plan *p) { p->nschedules = 1; p->schedules[0] = (struct schedule){ .start_date = 20240301, .end_date = 20240229, .has_speed = true }; }
static void schedule_feb30(struct plan *p) { p->nschedules = 1; p->schedules[0] = (struct schedule){ .start_date = 20230229, .has_speed = true }; }
static void prepaid_schedule_price(struct plan *p) { p->nschedules = 1; p->schedules[0] = (struct schedule){ .minute_from = 480, .minute_to = 1080, .has_price = true, .rate = { .price_per_hour = 100 } }; }

struct validate_row {
	const char *name;
	struct plan (*base)(void);
	void (*edit)(struct plan *);
	const char *error; /* NULL = valid */
};

static const struct validate_row validate_rows[] = {
	{ "valid: prepaid 1 hour", prepaid_hour, ok, NULL },
	{ "valid: postpaid per hour", postpaid_hourly, ok, NULL },
	{ "valid: cyclic monthly", cyclic_monthly, ok, NULL },
	{ "invalid: negative price", prepaid_hour, negative_price, "price: must not be negative" },
	{ "invalid: cyclic + postpaid", cyclic_monthly, cyclic_postpaid, "payment: a cyclic plan must be prepaid" },
	{ "invalid: empty name", prepaid_hour, no_name, "name: must not be empty" },
	{ "invalid: empty code", prepaid_hour, no_code, "code: must not be empty" },
	{ "invalid: currency not ISO 4217", prepaid_hour, bad_currency, "currency: must be an ISO 4217 code" },
	{ "invalid: time plan without time", prepaid_hour, no_time, "time_amount: must be greater than 0" },
	{ "invalid: negative data amount", prepaid_hour, negative_data, "data_amount: must not be negative" },
	{ "invalid: first-use validity without duration", prepaid_hour, no_duration, "validity.duration: must be greater than 0" },
	{ "invalid: start cost on a prepaid plan", prepaid_hour, start_cost_prepaid, "start_cost: only postpaid" },
	{ "invalid: negative minimum charge", postpaid_hourly, negative_min_charge, "min_charge: must not be negative" },
	{ "invalid: postpaid plan with an amount", postpaid_hourly, postpaid_amount, "time_amount: a postpaid plan sells no amount" },
	{ "invalid: postpaid unlimited", postpaid_hourly, postpaid_unlimited, "measure: a postpaid plan charges" },
	{ "invalid: cyclic with a validity duration", cyclic_monthly, cyclic_with_validity, "validity.mode: a cyclic plan" },
	{ "invalid: negative price per cycle", cyclic_monthly, cyclic_negative, "cyclic.price_per_cycle: must not be negative" },
	{ "invalid: interim under a minute", prepaid_hour, short_interim, "interim_interval: must be at least 60" },
	{ "invalid: fair use without threshold", prepaid_hour, fairuse_no_threshold, "fairuse.threshold_bytes: must be greater than 0" },
	{ "invalid: fair-use throttle without speed", prepaid_hour, fairuse_no_speed, "fairuse.speed: a throttle needs" },
	{ "invalid: schedule minute out of range", prepaid_hour, schedule_bad_minute, "schedules[0].minute_from: must be 0..1439" },
	{ "invalid: schedule ends before it starts", prepaid_hour, schedule_bad_dates, "schedules[0].end_date: before start_date" },
	{ "invalid: schedule on 29 Feb 2023", prepaid_hour, schedule_feb30, "schedules[0].start_date: not a date" },
	{ "invalid: price schedule on a prepaid plan", prepaid_hour, prepaid_schedule_price, "schedules[0].rate: a prepaid plan has no usage price" },
};

static void test_validate(void **state)
{
	const struct validate_row *r = *state;
	struct plan p = r->base();
	char err[160] = "";

	r->edit(&p);
	if (!r->error) {
		if (plan_validate(&p, err, sizeof(err)) != 0)
			fail_msg("unexpected error: %s", err);
		return;
	}
	assert_int_equal(plan_validate(&p, err, sizeof(err)), -EINVAL);
	if (strncmp(err, r->error, strlen(r->error)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err, r->error);
}

/* --- ticket price <-> unit price ---------------------------------------------- */

struct price_row {
	const char *name;
	enum plan_measure measure;
	int64_t amount;      /* seconds or bytes */
	int64_t ticket;      /* minor units */
	int64_t unit;        /* per hour / per 10 MB */
	int64_t ticket_back; /* ticket price computed back from unit */
};

static const struct price_row price_rows[] = {
	{ "unit: 15-minute ticket at 1.00 is 4.00 an hour", PLAN_MEASURE_TIME, 900, 100, 400, 100 },
	{ "unit: 1-hour ticket at 3.00 is 3.00 an hour", PLAN_MEASURE_TIME, 3600, 300, 300, 300 },
	{ "unit: 1-day ticket at 5.00 is 0.21 an hour (0.2083 rounds down)", PLAN_MEASURE_TIME, 86400, 500, 21, 504 },
	{ "unit: 7 minutes at 0.99 is 8.49 an hour (8.4857 rounds up)", PLAN_MEASURE_TIME, 420, 99, 849, 99 },
	{ "unit: half a cent rounds away from zero", PLAN_MEASURE_TIME, 7200, 1, 1, 2 },
	{ "unit: 1 GB at 10.00 is 0.10 per 10 MB", PLAN_MEASURE_TRAFFIC, GB, 1000, 10, 1000 },
	{ "unit: 300 MB at 2.50 is 0.08 per 10 MB (0.0833)", PLAN_MEASURE_TRAFFIC, 300 * MB, 250, 8, 240 },
	{ "unit: time-and-traffic prices per hour", PLAN_MEASURE_BOTH, 1800, 200, 400, 200 },
	{ "unit: free ticket", PLAN_MEASURE_TIME, 3600, 0, 0, 0 },
};

static void test_price(void **state)
{
	const struct price_row *r = *state;
	int64_t unit = -1, ticket = -1;

	assert_int_equal(price_unit_from_ticket(r->measure, r->amount, r->ticket, &unit), 0);
	assert_int_equal(unit, r->unit);
	assert_int_equal(price_ticket_from_unit(r->measure, r->amount, r->unit, &ticket), 0);
	assert_int_equal(ticket, r->ticket_back);
}

struct price_error_row {
	const char *name;
	enum plan_measure measure;
	int64_t amount, price;
	int rc;
};

static const struct price_error_row price_error_rows[] = {
	{ "unit: unlimited plans have no unit price", PLAN_MEASURE_UNLIMITED, 3600, 100, -EINVAL },
	{ "unit: zero amount", PLAN_MEASURE_TIME, 0, 100, -EINVAL },
	{ "unit: negative price", PLAN_MEASURE_TIME, 3600, -1, -EINVAL },
	{ "unit: result beyond int64", PLAN_MEASURE_TRAFFIC, 1, INT64_MAX / 2, -ERANGE },
};

static void test_price_error(void **state)
{
	const struct price_error_row *r = *state;
	int64_t out;

	assert_int_equal(price_unit_from_ticket(r->measure, r->amount, r->price, &out), r->rc);
}

/* Endian's reason for showing unit prices side by side. */
static void test_four_quarters_vs_one_hour(void **state)
{
	struct plan quarter = prepaid_hour(), hour = prepaid_hour();
	int64_t quarter_unit, hour_unit;

	(void)state;
	quarter.time_amount = 900;
	quarter.price = 100;
	assert_int_equal(price_plan_unit(&quarter, &quarter_unit), 0);
	assert_int_equal(price_plan_unit(&hour, &hour_unit), 0);
	assert_int_equal(4 * quarter.price, 400);
	assert_true(4 * quarter.price > hour.price);
	assert_true(quarter_unit > hour_unit);
	assert_int_equal(quarter_unit, 400);
	assert_int_equal(hour_unit, 300);
}

/* --- cyclic prices ---------------------------------------------------------- */

struct cyclic_row {
	const char *name;
	enum period_unit unit;
	int64_t per_cycle;
	int n;
	struct price_example want[PRICE_MAX_EXAMPLES];
};

static const struct cyclic_row cyclic_rows[] = {
	{ "cyclic: daily at 2.00 -> 1, 7, 14 days", PERIOD_DAY, 200, 3, { { 1, 200 }, { 7, 1400 }, { 14, 2800 } } },
	{ "cyclic: weekly at 9.00 -> 1, 2, 4 weeks", PERIOD_WEEK, 900, 3, { { 1, 900 }, { 2, 1800 }, { 4, 3600 } } },
	{ "cyclic: monthly at 15.00 -> 1, 3, 6, 12 months", PERIOD_MONTH, 1500, 4, { { 1, 1500 }, { 3, 4500 }, { 6, 9000 }, { 12, 18000 } } },
	{ "cyclic: yearly at 120.00 -> 1, 2, 3 years", PERIOD_YEAR, 12000, 3, { { 1, 12000 }, { 2, 24000 }, { 3, 36000 } } },
};

static void test_cyclic_examples(void **state)
{
	const struct cyclic_row *r = *state;
	struct plan p = cyclic_monthly();
	struct price_example got[PRICE_MAX_EXAMPLES];

	p.cyclic.unit = r->unit;
	p.cyclic.price_per_cycle = r->per_cycle;
	assert_int_equal(price_cyclic_examples(&p, got), r->n);
	for (int i = 0; i < r->n; i++) {
		assert_int_equal(got[i].cycles, r->want[i].cycles);
		assert_int_equal(got[i].total, r->want[i].total);
	}
}

static void test_cyclic_defaults(void **state)
{
	struct plan p = cyclic_monthly(), normal = prepaid_hour();
	struct price_example ex[PRICE_MAX_EXAMPLES];
	int64_t total;

	(void)state;
	p.cyclic.cycles = 0;
	assert_int_equal(plan_cycles(&p), 1); /* Endian: default number of cycles is 1 */
	assert_int_equal(price_cyclic_total(&p, plan_cycles(&p), &total), 0);
	assert_int_equal(total, 1500);
	assert_int_equal(price_cyclic_examples(&normal, ex), -EINVAL);
}

/* --- versioning --------------------------------------------------------------- */

static void rename_plan(struct plan *p) { strcpy(p->name, "OLD-1 hour"); strcpy(p->code, "OLDH1"); p->quick_ticket = true; }
static void reprice(struct plan *p) { p->price = 350; }
static void respeed(struct plan *p) { p->rate.speed_down = 20000000; }
static void add_schedule(struct plan *p) { p->nschedules = 1; p->schedules[0] = (struct schedule){ .weekdays = SCHEDULE_WEEKEND, .has_speed = true }; }
static void new_id(struct plan *p) { p->id = 7; p->version = 3; }

struct version_row {
	const char *name;
	void (*edit)(struct plan *);
	bool new_version;
};

static const struct version_row version_rows[] = {
	{ "version: rename, recode and flags change in place", rename_plan, false },
	{ "version: id/version are not terms", new_id, false },
	{ "version: a new price makes a new version", reprice, true },
	{ "version: a new speed makes a new version", respeed, true },
	{ "version: a new schedule makes a new version", add_schedule, true },
};

static void test_version(void **state)
{
	const struct version_row *r = *state;
	struct plan current = prepaid_hour(), edited = prepaid_hour();

	r->edit(&edited);
	assert_int_equal(plan_needs_new_version(&current, &edited), r->new_version);
}

#define ADD_ROWS(rows, fn)                                                             \
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)                    \
		tests[n++] = (struct CMUnitTest){ .name = rows[i].name, .test_func = fn, \
						  .initial_state = (void *)&rows[i] }
#define ADD_TEST(label, fn) tests[n++] = (struct CMUnitTest){ .name = label, .test_func = fn }

int main(void)
{
	static struct CMUnitTest tests[80];
	size_t n = 0;

	ADD_ROWS(validate_rows, test_validate);
	ADD_ROWS(price_rows, test_price);
	ADD_ROWS(price_error_rows, test_price_error);
	ADD_TEST("unit: four 15-minute tickets cost more than one 1-hour ticket",
		 test_four_quarters_vs_one_hour);
	ADD_ROWS(cyclic_rows, test_cyclic_examples);
	ADD_TEST("cyclic: default number of cycles is 1", test_cyclic_defaults);
	ADD_ROWS(version_rows, test_version);
	return _cmocka_run_group_tests("billing_plan", tests, n, NULL, NULL);
}
