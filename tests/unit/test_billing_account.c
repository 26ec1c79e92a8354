/* Accounts: login decisions, validity windows, buckets, auto-refill, cyclic
 * tickets, top-up and purge, one row per case. The location is in
 * Europe/Berlin unless a row says otherwise. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "billing/account.h"
#include "billing/authorize.h"
#include "billing/bucket.h"

#define MB 1000000LL
#define GB 1000000000LL

static struct tz *berlin;

struct at {
	int y, mo, d, h, mi;
};
#define L(y, mo, d, h, mi) { y, mo, d, h, mi }

/* A Berlin wall-clock time; {0} means "not set" (0). */
static int64_t at(struct at a)
{
	struct civil c = { .year = a.y, .month = a.mo, .day = a.d, .hour = a.h, .minute = a.mi };

	return a.y ? tz_from_local(berlin, &c) : 0;
}

/* --- plans used by the rows --------------------------------------------------- */

static struct plan hour_first_use(void)
{
	return (struct plan){
		.name = "1 hour", .code = "H1", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_TIME, .time_amount = 3600,
		.price = 300, .max_devices = 2, .purge_delay = 7 * 86400,
		.validity = { VALIDITY_FROM_FIRST_USE, { DURATION_DAYS, 1 } },
	};
}

static struct plan day_pass(void)
{
	struct plan p = hour_first_use();

	p.measure = PLAN_MEASURE_UNLIMITED;
	p.time_amount = 0;
	p.validity = (struct validity){ .mode = VALIDITY_END_OF_DAY };
	return p;
}

static struct plan week_from_creation(void)
{
	struct plan p = hour_first_use();

	p.measure = PLAN_MEASURE_TRAFFIC;
	p.time_amount = 0;
	p.data_amount = 500 * MB;
	p.validity = (struct validity){ VALIDITY_FROM_CREATION, { DURATION_WEEKS, 1 } };
	return p;
}

static struct plan postpaid(void)
{
	return (struct plan){
		.name = "room", .code = "ROOM", .currency = "EUR",
		.payment = PLAN_POSTPAID, .measure = PLAN_MEASURE_TIME,
		.rate = { .price_per_hour = 200 }, .session_timeout = 4 * 3600,
	};
}

static struct plan fair_blocked(void)
{
	struct plan p = day_pass();

	p.validity.mode = VALIDITY_ALWAYS;
	p.fairuse = (struct fairuse_policy){ .action = FAIRUSE_BLOCK, .threshold_bytes = GB,
					     .period = { PERIOD_MONTH, 1, true } };
	return p;
}

static struct plan monthly_cyclic(void)
{
	return (struct plan){
		.name = "monthly", .code = "M", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_TRAFFIC, .data_amount = 5 * GB,
		.cyclic = { PERIOD_MONTH, 1500, 1 },
	};
}

/* --- setups applied after account_open() ---------------------------------------- */

static void nothing(struct account *a, const struct plan *p) { (void)a; (void)p; }
static void suspended(struct account *a, const struct plan *p) { (void)p; account_suspend(a); }
static void resumed(struct account *a, const struct plan *p) { (void)p; account_suspend(a); account_resume(a); }
static void spent(struct account *a, const struct plan *p) { (void)p; a->buckets[0].time_left = 0; }
static void used_3_july_noon(struct account *a, const struct plan *p) { account_first_login(a, p, berlin, at((struct at)L(2024, 7, 3, 12, 0))); }
static void used_23_50(struct account *a, const struct plan *p) { account_first_login(a, p, berlin, at((struct at)L(2024, 6, 14, 23, 50))); }
static void over_fair_use(struct account *a, const struct plan *p) { (void)p; a->fairuse.used_bytes = GB + 1; }

struct auth_row {
	const char *name;
	struct plan (*plan)(void);
	void (*setup)(struct account *a, const struct plan *p);
	struct at created, window_from, window_until;
	uint32_t online;
	struct at now;
	enum billing_reason reason; /* BILLING_OK = accept */
	const char *message;        /* a part of the guest's message */
	int64_t seconds_left;       /* on accept */
	struct at end_at;           /* on accept; {0} = no end */
};

static const struct auth_row auth_rows[] = {
	{ "window: first login inside the window", hour_first_use, nothing, L(2024, 6, 1, 9, 0),
	  L(2024, 7, 1, 0, 0), L(2024, 8, 1, 0, 0), 0, L(2024, 7, 3, 12, 0), BILLING_OK, NULL, 3600,
	  L(2024, 7, 4, 12, 0) },
	{ "window: first login before valid_from", hour_first_use, nothing, L(2024, 6, 1, 9, 0),
	  L(2024, 7, 1, 0, 0), L(2024, 8, 1, 0, 0), 0, L(2024, 6, 30, 23, 59),
	  BILLING_NOT_YET_VALID, "can be used from 2024-07-01 00:00", 0, {0} },
	{ "window: first login after valid_until", hour_first_use, nothing, L(2024, 6, 1, 9, 0),
	  L(2024, 7, 1, 0, 0), L(2024, 8, 1, 0, 0), 0, L(2024, 8, 1, 0, 0), BILLING_EXPIRED,
	  "had to be used before 2024-08-01 00:00", 0, {0} },
	{ "window: later logins may pass valid_until (first use + 1 day)", hour_first_use,
	  used_3_july_noon, L(2024, 6, 1, 9, 0), L(2024, 7, 1, 0, 0), L(2024, 7, 4, 0, 0), 0,
	  L(2024, 7, 4, 11, 0), BILLING_OK, NULL, 3600, L(2024, 7, 4, 12, 0) },
	{ "validity: first use + 1 day has passed", hour_first_use, used_3_july_noon,
	  L(2024, 6, 1, 9, 0), {0}, {0}, 0, L(2024, 7, 4, 12, 0), BILLING_EXPIRED,
	  "expired at 2024-07-04 12:00", 0, {0} },
	{ "validity: from creation + 1 week, never used", week_from_creation, nothing,
	  L(2024, 3, 25, 10, 0), {0}, {0}, 0, L(2024, 4, 1, 10, 0), BILLING_EXPIRED,
	  "had to be used before 2024-04-01 10:00", 0, {0} },
	{ "validity: from creation + 1 week over DST, last hour", week_from_creation, nothing,
	  L(2024, 3, 25, 10, 0), {0}, {0}, 0, L(2024, 4, 1, 9, 0), BILLING_OK, NULL, 3600,
	  L(2024, 4, 1, 10, 0) },
	{ "end of day: first login 23:50 gets 10 minutes", day_pass, nothing, L(2024, 6, 14, 8, 0),
	  {0}, {0}, 0, L(2024, 6, 14, 23, 50), BILLING_OK, NULL, 600, L(2024, 6, 15, 0, 0) },
	{ "end of day: the next morning it has expired", day_pass, used_23_50, L(2024, 6, 14, 8, 0),
	  {0}, {0}, 0, L(2024, 6, 15, 0, 5), BILLING_EXPIRED, "expired at 2024-06-15 00:00", 0, {0} },
	{ "suspended account", hour_first_use, suspended, L(2024, 6, 1, 9, 0), {0}, {0}, 0,
	  L(2024, 6, 2, 9, 0), BILLING_SUSPENDED, "suspended", 0, {0} },
	{ "resumed account", hour_first_use, resumed, L(2024, 6, 1, 9, 0), {0}, {0}, 0,
	  L(2024, 6, 2, 9, 0), BILLING_OK, NULL, 3600, L(2024, 6, 3, 9, 0) },
	{ "devices: a second device is fine", hour_first_use, nothing, L(2024, 6, 1, 9, 0), {0}, {0},
	  1, L(2024, 6, 2, 9, 0), BILLING_OK, NULL, 3600, L(2024, 6, 3, 9, 0) },
	{ "devices: a third device is too many", hour_first_use, nothing, L(2024, 6, 1, 9, 0), {0},
	  {0}, 2, L(2024, 6, 2, 9, 0), BILLING_TOO_MANY_DEVICES, "already in use on 2 devices", 0,
	  {0} },
	{ "depleted: no time left", hour_first_use, spent, L(2024, 6, 1, 9, 0), {0}, {0}, 0,
	  L(2024, 6, 2, 9, 0), BILLING_DEPLETED, "used up", 0, {0} },
	{ "cyclic: starts on the 1st, not yet valid on 30 June", monthly_cyclic, nothing,
	  L(2024, 6, 20, 10, 0), L(2024, 7, 1, 0, 0), {0}, 0, L(2024, 6, 30, 12, 0),
	  BILLING_NOT_YET_VALID, "from 2024-07-01 00:00", 0, {0} },
	{ "cyclic: bought 20 June, usable until the end of 30 June", monthly_cyclic, nothing,
	  L(2024, 6, 20, 10, 0), {0}, {0}, 0, L(2024, 6, 30, 23, 0), BILLING_OK, NULL, 3600,
	  L(2024, 7, 1, 0, 0) },
	{ "cyclic: bought 20 June, gone on 1 July", monthly_cyclic, nothing, L(2024, 6, 20, 10, 0),
	  {0}, {0}, 0, L(2024, 7, 1, 0, 0), BILLING_EXPIRED, "expired", 0, {0} },
	{ "postpaid: no quota, session timeout only", postpaid, nothing, L(2024, 6, 1, 9, 0), {0},
	  {0}, 0, L(2024, 6, 2, 9, 0), BILLING_OK, NULL, 4 * 3600, L(2024, 6, 2, 13, 0) },
	{ "fair use: blocked until the 1st of next month", fair_blocked, over_fair_use,
	  L(2024, 6, 1, 9, 0), {0}, {0}, 0, L(2024, 6, 20, 9, 0), BILLING_FAIR_USE,
	  "fair-use limit until 2024-07-01 00:00", 0, {0} },
};

static void test_authorize(void **state)
{
	const struct auth_row *r = *state;
	struct plan p = r->plan();
	struct account a, before;
	struct account_window w = { at(r->window_from), at(r->window_until) };
	struct device_request dev = { .sessions_online = r->online };
	struct auth_decision d;
	char err[128] = "";

	if (account_open(&a, &p, berlin, 1, 10, &w, at(r->created), err, sizeof(err)) < 0)
		fail_msg("account_open: %s", err);
	r->setup(&a, &p);
	before = a;
	assert_int_equal(billing_authorize(&a, &p, berlin, &dev, at(r->now), &d), 0);
	if (d.reason != r->reason)
		fail_msg("reason %s (%s), want %s", billing_reason_name(d.reason), d.message,
			 billing_reason_name(r->reason));
	assert_int_equal(d.accept, r->reason == BILLING_OK);
	if (r->message && !strstr(d.message, r->message))
		fail_msg("message \"%s\" lacks \"%s\"", d.message, r->message);
	if (!d.accept) {
		assert_memory_equal(&a, &before, sizeof(a)); /* a reject changes nothing */
		return;
	}
	assert_int_equal(d.limits.seconds_left, r->seconds_left);
	assert_int_equal(d.limits.end_at, at(r->end_at));
	assert_int_equal(a.first_login ? 1 : 0, 1);
}

/* --- auto-refill ------------------------------------------------------------------ */

struct refill_row {
	const char *name;
	enum refill_mode mode;
	struct period period;
	int64_t amount, left; /* bytes */
	struct at anchor, now;
	int64_t want_left;
	bool changed;
};

static const struct refill_row refill_rows[] = {
	{ "refill add: 5 GB a month on top of 2 GB left", REFILL_ADD, { PERIOD_MONTH, 1, true },
	  5 * GB, 2 * GB, L(2024, 5, 10, 12, 0), L(2024, 6, 1, 0, 0), 7 * GB, true },
	{ "refill overwrite: 100 MB a day replaces 30 MB left", REFILL_OVERWRITE,
	  { PERIOD_DAY, 1, false }, 100 * MB, 30 * MB, L(2024, 5, 10, 12, 0), L(2024, 5, 11, 12, 0),
	  100 * MB, true },
	{ "refill overwrite: also takes away more than the allowance", REFILL_OVERWRITE,
	  { PERIOD_DAY, 1, false }, 100 * MB, 300 * MB, L(2024, 5, 10, 12, 0), L(2024, 5, 11, 12, 0),
	  100 * MB, true },
	{ "refill add: two months idle, two refills", REFILL_ADD, { PERIOD_MONTH, 1, true }, 5 * GB,
	  0, L(2024, 5, 10, 12, 0), L(2024, 7, 2, 0, 0), 10 * GB, true },
	{ "refill overwrite: two days idle, one allowance", REFILL_OVERWRITE, { PERIOD_DAY, 1, false },
	  100 * MB, 0, L(2024, 5, 10, 12, 0), L(2024, 5, 12, 13, 0), 100 * MB, true },
	{ "refill: not due one minute before the period ends", REFILL_ADD, { PERIOD_DAY, 1, false },
	  100 * MB, 0, L(2024, 5, 10, 12, 0), L(2024, 5, 11, 11, 59), 0, false },
	{ "refill: daily over spring-forward comes at the same wall time", REFILL_OVERWRITE,
	  { PERIOD_DAY, 1, false }, 100 * MB, 0, L(2024, 3, 30, 12, 0), L(2024, 3, 31, 12, 0),
	  100 * MB, true },
};

static void test_refill(void **state)
{
	const struct refill_row *r = *state;
	struct bucket b = {
		.kind = BUCKET_FREE,
		.time_left = BUCKET_UNLIMITED,
		.data_left = r->left,
		.refill = { .mode = r->mode, .period = r->period, .anchor = at(r->anchor),
			    .time_amount = BUCKET_UNLIMITED, .data_amount = r->amount,
			    .last_index = -1 },
	};

	assert_int_equal(bucket_refill(&b, berlin, at(r->now)), r->changed);
	assert_int_equal(b.data_left, r->want_left);
	assert_int_equal(b.time_left, BUCKET_UNLIMITED);
	/* A second call in the same period changes nothing. */
	assert_false(bucket_refill(&b, berlin, at(r->now)));
}

/* --- cyclic tickets ------------------------------------------------------------------ */

struct cycle_row {
	const char *name;
	uint32_t cycles;
	struct at bought, now;
	int64_t used;        /* bytes used just before now */
	bool usable;
	int64_t want_left;
	struct at valid_until;
};

static const struct cycle_row cycle_rows[] = {
	{ "cyclic: 20 June ticket, 30 June 23:59, 1 GB used", 1, L(2024, 6, 20, 10, 0),
	  L(2024, 6, 30, 23, 59), GB, true, 4 * GB, L(2024, 7, 1, 0, 0) },
	{ "cyclic: 1 cycle ends at the end of 30 June", 1, L(2024, 6, 20, 10, 0), L(2024, 7, 1, 0, 0),
	  GB, false, 4 * GB, L(2024, 7, 1, 0, 0) },
	{ "cyclic: 3 cycles, July starts full again (unused allowance lost)", 3,
	  L(2024, 6, 20, 10, 0), L(2024, 7, 1, 0, 0), GB, true, 5 * GB, L(2024, 9, 1, 0, 0) },
	{ "cyclic: 3 cycles end with August, nothing in September", 3, L(2024, 6, 20, 10, 0),
	  L(2024, 9, 1, 0, 0), 5 * GB, false, 0, L(2024, 9, 1, 0, 0) },
	{ "cyclic: leap February is one cycle to 29 Feb", 2, L(2024, 2, 10, 10, 0),
	  L(2024, 2, 29, 23, 0), 0, true, 5 * GB, L(2024, 4, 1, 0, 0) },
};

static void test_cycle(void **state)
{
	const struct cycle_row *r = *state;
	struct plan p = monthly_cyclic();
	struct bucket b;
	int64_t now = at(r->now);

	p.cyclic.cycles = r->cycles;
	assert_int_equal(bucket_from_plan(&p, berlin, at(r->bought), 1, &b), 0);
	assert_true(b.cyclic);
	assert_int_equal(b.valid_until, at(r->valid_until));
	bucket_refill(&b, berlin, now - 60);
	bucket_take(&b, 0, r->used);
	bucket_refill(&b, berlin, now);
	assert_int_equal(bucket_usable(&b, now), r->usable);
	assert_int_equal(b.data_left, r->want_left);
}

static void test_one_cyclic_at_a_time(void **state)
{
	struct plan p = monthly_cyclic();
	struct account a;
	struct bucket second;
	char err[128];

	(void)state;
	assert_int_equal(account_open(&a, &p, berlin, 1, 10, NULL, at((struct at)L(2024, 6, 20, 10, 0)),
				      err, sizeof(err)), 0);
	assert_int_equal(bucket_from_plan(&p, berlin, at((struct at)L(2024, 6, 25, 10, 0)), 11, &second), 0);
	assert_int_equal(account_add_bucket(&a, &second, at((struct at)L(2024, 6, 25, 10, 0)), err, sizeof(err)), -EBUSY);
	assert_non_null(strstr(err, "already has a cyclic ticket"));
	/* Once the first has ended, the next may follow. */
	assert_int_equal(bucket_from_plan(&p, berlin, at((struct at)L(2024, 7, 1, 0, 0)), 11, &second), 0);
	assert_int_equal(account_add_bucket(&a, &second, at((struct at)L(2024, 7, 1, 0, 0)), err, sizeof(err)), 0);
	assert_int_equal(a.nbuckets, 2);
}

/* --- bucket priority ------------------------------------------------------------------ */

struct priority_row {
	const char *name;
	enum bucket_kind add[3];
	int64_t ids[3];
	int64_t want[3];
};

static const struct priority_row priority_rows[] = {
	{ "priority: a free bucket goes before the paid one", { BUCKET_PAID, BUCKET_FREE, BUCKET_PAID },
	  { 1, 2, 3 }, { 2, 1, 3 } },
	{ "priority: free buckets keep their order", { BUCKET_FREE, BUCKET_PAID, BUCKET_FREE },
	  { 1, 2, 3 }, { 1, 3, 2 } },
};

static void test_priority(void **state)
{
	const struct priority_row *r = *state;
	struct account a = { 0 };
	char err[128];

	for (int i = 0; i < 3; i++) {
		struct bucket b = { .id = r->ids[i], .kind = r->add[i], .time_left = 60,
				    .data_left = BUCKET_UNLIMITED };

		assert_int_equal(account_add_bucket(&a, &b, 0, err, sizeof(err)), 0);
	}
	for (int i = 0; i < 3; i++)
		assert_int_equal(a.buckets[i].id, r->want[i]);
	assert_int_equal(account_bucket_in_use(&a, 0), 0);
	a.buckets[0].time_left = 0; /* spent: the next one takes over */
	assert_int_equal(a.buckets[account_bucket_in_use(&a, 0)].id, r->want[1]);
}

/* --- top-up ----------------------------------------------------------------------------- */

struct topup_row {
	const char *name;
	struct topup t;
	struct at now;
	int64_t want_time;
	struct at want_until;
	int rc;
};

/* The account: 1-hour ticket, first used 3 July 12:00 (until 4 July 12:00),
 * 1200 s left. */
static const struct topup_row topup_rows[] = {
	{ "top-up: add 1 hour", { .bucket = -1, .time_amount = 3600 }, L(2024, 7, 3, 14, 0), 4800,
	  L(2024, 7, 4, 12, 0), 0 },
	{ "top-up: overwrite with 1 hour", { .bucket = -1, .overwrite = true, .time_amount = 3600 },
	  L(2024, 7, 3, 14, 0), 3600, L(2024, 7, 4, 12, 0), 0 },
	{ "top-up: extend by a day from the current end", { .bucket = -1, .extend = { DURATION_DAYS, 1 } },
	  L(2024, 7, 3, 14, 0), 1200, L(2024, 7, 5, 12, 0), 0 },
	{ "top-up: after expiry, extend from now", { .bucket = -1, .time_amount = 600, .extend = { DURATION_DAYS, 1 } },
	  L(2024, 7, 10, 9, 0), 1800, L(2024, 7, 11, 9, 0), 0 },
	{ "top-up: no such bucket", { .bucket = 3, .time_amount = 60 }, L(2024, 7, 3, 14, 0), 1200,
	  L(2024, 7, 4, 12, 0), -ENOENT },
	{ "top-up: negative amount", { .bucket = -1, .time_amount = -60 }, L(2024, 7, 3, 14, 0), 1200,
	  L(2024, 7, 4, 12, 0), -EINVAL },
};

static void test_topup(void **state)
{
	const struct topup_row *r = *state;
	struct plan p = hour_first_use();
	struct account a;
	char err[128];

	assert_int_equal(account_open(&a, &p, berlin, 1, 10, NULL, at((struct at)L(2024, 7, 1, 9, 0)), err, sizeof(err)), 0);
	account_first_login(&a, &p, berlin, at((struct at)L(2024, 7, 3, 12, 0)));
	a.buckets[0].time_left = 1200;
	assert_int_equal(account_topup(&a, &r->t, berlin, at(r->now), err, sizeof(err)), r->rc);
	assert_int_equal(a.buckets[0].time_left, r->want_time);
	assert_int_equal(a.use_until, at(r->want_until));
}

/* --- purge --------------------------------------------------------------------------------- */

struct purge_row {
	const char *name;
	struct plan (*plan)(void);
	struct at window_until;
	bool used;
	struct at want; /* {0} = never */
};

static const struct purge_row purge_rows[] = {
	{ "purge: used ticket, validity end + 7 days", hour_first_use, {0}, true, L(2024, 7, 11, 12, 0) },
	{ "purge: never used, first-login deadline + 7 days", hour_first_use, L(2024, 8, 1, 0, 0),
	  false, L(2024, 8, 8, 0, 0) },
	{ "purge: never used, no deadline, never purged", hour_first_use, {0}, false, {0} },
	{ "purge: from creation + 1 week, even if never used", week_from_creation, {0}, false,
	  L(2024, 7, 15, 9, 0) },
};

static void test_purge(void **state)
{
	const struct purge_row *r = *state;
	struct plan p = r->plan();
	struct account a;
	struct account_window w = { 0, at(r->window_until) };
	char err[128];

	assert_int_equal(account_open(&a, &p, berlin, 1, 10, &w, at((struct at)L(2024, 7, 1, 9, 0)), err, sizeof(err)), 0);
	if (r->used)
		account_first_login(&a, &p, berlin, at((struct at)L(2024, 7, 3, 12, 0)));
	assert_int_equal(account_purge_at(&a), at(r->want));
}

static int setup(void **state)
{
	char err[128];

	(void)state;
	if (tz_load("Europe/Berlin", &berlin, err, sizeof(err)) < 0) {
		print_error("%s\n", err);
		return -1;
	}
	return 0;
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
	static struct CMUnitTest tests[80];
	size_t n = 0;

	ADD_ROWS(auth_rows, test_authorize);
	ADD_ROWS(refill_rows, test_refill);
	ADD_ROWS(cycle_rows, test_cycle);
	tests[n++] = (struct CMUnitTest){ .name = "cyclic: one cyclic ticket per account at a time",
					  .test_func = test_one_cyclic_at_a_time };
	ADD_ROWS(priority_rows, test_priority);
	ADD_ROWS(topup_rows, test_topup);
	ADD_ROWS(purge_rows, test_purge);
	return _cmocka_run_group_tests("billing_account", tests, n, setup, teardown);
}
