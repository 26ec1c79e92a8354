/* Sessions: usage against buckets, rating by schedule, fair use, cut-offs,
 * start cost and minimum charge, postpaid checkout. Each row is one session
 * told as a few usage reports; the location is Europe/Berlin. */
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
#include "billing/session.h"

#define MB 1000000LL
#define GB 1000000000LL
#define NO_CHECK (-99)

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

/* --- plans -------------------------------------------------------------------------- */

static struct plan postpaid_evening_peak(void)
{
	return (struct plan){
		.name = "room", .code = "ROOM", .currency = "EUR",
		.payment = PLAN_POSTPAID, .measure = PLAN_MEASURE_TIME,
		.rate = { .price_per_hour = 200, .speed_down = 20000000 },
		.nschedules = 1,
		.schedules = { { .minute_from = 18 * 60, .minute_to = 22 * 60,
				 .weekdays = SCHEDULE_WEEKDAYS, .has_price = true, .has_speed = true,
				 .rate = { .price_per_hour = 400, .speed_down = 5000000 } } },
	};
}

static struct plan postpaid_start_min(void)
{
	return (struct plan){
		.name = "lobby", .code = "LOBBY", .currency = "EUR",
		.payment = PLAN_POSTPAID, .measure = PLAN_MEASURE_TIME,
		.rate = { .price_per_hour = 200 }, .start_cost = 50, .min_charge = 100,
	};
}

static struct plan postpaid_traffic(void)
{
	return (struct plan){
		.name = "per MB", .code = "MB", .currency = "EUR",
		.payment = PLAN_POSTPAID, .measure = PLAN_MEASURE_TRAFFIC,
		.rate = { .price_per_10mb = 10 },
	};
}

static struct plan prepaid_traffic(void)
{
	return (struct plan){
		.name = "1 GB", .code = "G1", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_TRAFFIC, .data_amount = GB,
		.price = 500,
	};
}

static struct plan prepaid_hour(void)
{
	return (struct plan){
		.name = "1 hour", .code = "H1", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_TIME, .time_amount = 3600,
		.price = 300, .session_timeout = 7200,
	};
}

static struct plan day_pass(void)
{
	return (struct plan){
		.name = "day", .code = "DAY", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_UNLIMITED, .price = 800,
		.validity = { .mode = VALIDITY_END_OF_DAY },
	};
}

static struct plan fair_use_monthly(void)
{
	return (struct plan){
		.name = "flat", .code = "FLAT", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_UNLIMITED, .price = 2000,
		.rate = { .speed_down = 50000000 },
		.fairuse = { .action = FAIRUSE_THROTTLE, .threshold_bytes = GB,
			     .period = { PERIOD_MONTH, 1, true }, .speed_down = 1000000 },
	};
}

static struct plan monthly_cyclic(void)
{
	return (struct plan){
		.name = "monthly", .code = "M", .currency = "EUR",
		.payment = PLAN_PREPAID, .measure = PLAN_MEASURE_TRAFFIC, .data_amount = 5 * GB,
		.cyclic = { PERIOD_MONTH, 1500, 3 },
	};
}

/* --- account setups after account_open() ------------------------------------------------ */

static void nothing(struct account *a) { (void)a; }

/* 100 MB free (id 20) before the paid 1 GB ticket (id 10). */
static void free_100mb(struct account *a)
{
	struct bucket b = { .id = 20, .kind = BUCKET_FREE, .time_left = BUCKET_UNLIMITED,
			    .data_left = 100 * MB };
	char err[64];

	assert_int_equal(account_add_bucket(a, &b, 0, err, sizeof(err)), 0);
}

static void cycle_10mb_left(struct account *a) { a->buckets[0].data_left = 10 * MB; }

/* --- the scenario engine -------------------------------------------------------------------- */

#define MAX_STEPS 3

struct step {
	struct at now;            /* {0} ends the list */
	int64_t seconds, up, down;
	unsigned actions;
	enum billing_reason reason; /* when USAGE_CUT_OFF */
	int64_t charge;           /* session charge so far; NO_CHECK */
	unsigned nrecords;
	int64_t rec_seconds, rec_down, rec_charge, rec_bucket; /* first record */
	int64_t bucket_id;        /* limits.bucket_id; NO_CHECK */
	int64_t bytes_left;       /* limits.bytes_total_left; NO_CHECK */
	int64_t speed_down;       /* limits.speed_down; NO_CHECK */
	struct at recheck_at;     /* limits.recheck_at; {0} = none; year -1 = no check */
	int64_t overage;          /* out.overage_seconds + bytes */
};

struct session_row {
	const char *name;
	struct plan (*plan)(void);
	void (*setup)(struct account *a);
	struct at created, login;
	struct at login_recheck;  /* authorize's limits.recheck_at; year -1 = no check */
	struct step steps[MAX_STEPS];
	struct at stop;           /* {0} = do not close */
	int64_t stop_charge;      /* the stop record's charge */
	int64_t total;            /* the session's charge */
	int64_t ledger;           /* the postpaid ledger afterwards */
};

#define ANY { -1, 0, 0, 0, 0 }
#define NONE {0}

static const struct session_row session_rows[] = {
	{ "schedule: peak starts at 18:00 mid-session, rate switches in-session",
	  postpaid_evening_peak, nothing, L(2024, 6, 1, 9, 0), L(2024, 6, 12, 17, 30),
	  L(2024, 6, 12, 18, 0),
	  { { L(2024, 6, 12, 18, 30), 3600, 0, 100 * MB, USAGE_SWITCH_RATE, BILLING_OK,
	      /* 30 min at 2.00/h + 30 min at 4.00/h */ 100 + 200, 1, 1800, 50 * MB, 100, 0,
	      0, LIMIT_NONE, 5000000, L(2024, 6, 12, 22, 0), 0 } },
	  L(2024, 6, 12, 18, 30), 200, 300, 300 },
	{ "schedule: peak ends at 22:00, base speed again", postpaid_evening_peak, nothing,
	  L(2024, 6, 1, 9, 0), L(2024, 6, 12, 21, 45), L(2024, 6, 12, 22, 0),
	  { { L(2024, 6, 12, 22, 15), 1800, 0, 0, USAGE_SWITCH_RATE, BILLING_OK, 100 + 50, 1, 900,
	      0, 100, 0, 0, LIMIT_NONE, 20000000, L(2024, 6, 13, 18, 0), 0 } },
	  L(2024, 6, 12, 22, 15), 50, 150, 150 },
	{ "schedule: weekend has no peak", postpaid_evening_peak, nothing, L(2024, 6, 1, 9, 0),
	  L(2024, 6, 15, 17, 30), L(2024, 6, 17, 18, 0),
	  { { L(2024, 6, 15, 18, 30), 3600, 0, 0, 0, BILLING_OK, 200, 0, 0, 0, 0, 0, 0,
	      LIMIT_NONE, 20000000, L(2024, 6, 17, 18, 0), 0 } },
	  L(2024, 6, 15, 18, 30), 200, 200, 200 },
	{ "start cost + usage below the minimum charge", postpaid_start_min, nothing,
	  L(2024, 6, 1, 9, 0), L(2024, 6, 12, 10, 0), NONE,
	  { { L(2024, 6, 12, 10, 10), 600, 0, 0, 0, BILLING_OK, 50 + 33, 0, 0, 0, 0, 0, 0,
	      LIMIT_NONE, 0, NONE, 0 } },
	  L(2024, 6, 12, 10, 10), 100, 100, 100 },
	{ "start cost + usage above the minimum charge", postpaid_start_min, nothing,
	  L(2024, 6, 1, 9, 0), L(2024, 6, 12, 10, 0), NONE,
	  { { L(2024, 6, 12, 11, 0), 3600, 0, 0, 0, BILLING_OK, 50 + 200, 0, 0, 0, 0, 0, 0,
	      LIMIT_NONE, 0, NONE, 0 } },
	  L(2024, 6, 12, 11, 0), 250, 250, 250 },
	{ "start cost only, no usage: minimum charge", postpaid_start_min, nothing,
	  L(2024, 6, 1, 9, 0), L(2024, 6, 12, 10, 0), NONE, { { .now = NONE } },
	  L(2024, 6, 12, 10, 0), 100, 100, 100 },
	{ "postpaid per 10 MB: 1 GB up + down costs 10.00", postpaid_traffic, nothing,
	  L(2024, 6, 1, 9, 0), L(2024, 6, 12, 10, 0), NONE,
	  { { L(2024, 6, 12, 10, 30), 1800, 200 * MB, 800 * MB, 0, BILLING_OK, 1000, 0, 0, 0, 0,
	      0, 0, LIMIT_NONE, 0, NONE, 0 } },
	  L(2024, 6, 12, 10, 30), 1000, 1000, 1000 },
	{ "buckets: free 100 MB first, then overflow into the paid 1 GB", prepaid_traffic,
	  free_100mb, L(2024, 6, 1, 9, 0), L(2024, 6, 12, 10, 0), NONE,
	  { { L(2024, 6, 12, 10, 1), 60, 30 * MB, 120 * MB, USAGE_SWITCH_BUCKET, BILLING_OK, 0,
	      /* free bucket ran out 40 s in: 100 of 150 MB */ 1, 40, 80 * MB, 0, 20, 10,
	      950 * MB, 0, NONE, 0 } },
	  L(2024, 6, 12, 10, 1), 0, 0, 0 },
	{ "buckets: free bucket only, no switch", prepaid_traffic, free_100mb, L(2024, 6, 1, 9, 0),
	  L(2024, 6, 12, 10, 0), NONE,
	  { { L(2024, 6, 12, 10, 1), 60, 0, 60 * MB, 0, BILLING_OK, 0, 0, 0, 0, 0, 0, 20, 40 * MB,
	      0, NONE, 0 } },
	  NONE, 0, 0, 0 },
	{ "cut off: the 1-hour ticket is used up", prepaid_hour, nothing, L(2024, 6, 1, 9, 0),
	  L(2024, 6, 12, 10, 0), NONE,
	  { { L(2024, 6, 12, 10, 50), 3000, 0, 0, 0, BILLING_OK, 0, 0, 0, 0, 0, 0, 10, LIMIT_NONE,
	      0, NONE, 0 },
	    { L(2024, 6, 12, 11, 1), 660, 0, 0, USAGE_CUT_OFF, BILLING_DEPLETED, 0, 0, 0, 0, 0, 0,
	      NO_CHECK, LIMIT_NONE, 0, NONE, 60 } },
	  L(2024, 6, 12, 11, 1), 0, 0, 0 },
	{ "cut off: the day pass expires at local midnight", day_pass, nothing, L(2024, 6, 1, 9, 0),
	  L(2024, 6, 14, 23, 50), NONE,
	  { { L(2024, 6, 15, 0, 0), 600, 0, 0, USAGE_CUT_OFF, BILLING_EXPIRED, 0, 0, 0, 0, 0, 0,
	      NO_CHECK, LIMIT_NONE, 0, NONE, 0 } },
	  L(2024, 6, 15, 0, 0), 0, 0, 0 },
	{ "cut off: session timeout after 2 hours", prepaid_hour, nothing, L(2024, 6, 1, 9, 0),
	  L(2024, 6, 12, 10, 0), NONE,
	  { { L(2024, 6, 12, 12, 0), 60, 0, 0, USAGE_CUT_OFF, BILLING_SESSION_TIMEOUT, 0, 0, 0, 0,
	      0, 0, NO_CHECK, LIMIT_NONE, 0, NONE, 0 } },
	  L(2024, 6, 12, 12, 0), 0, 0, 0 },
	{ "fair use: throttled above 1 GB, full speed from 1 July", fair_use_monthly, nothing,
	  L(2024, 6, 1, 9, 0), L(2024, 6, 30, 20, 0), NONE,
	  { { L(2024, 6, 30, 21, 0), 3600, 200 * MB, GB, USAGE_THROTTLE, BILLING_OK, 0, 0, 0, 0, 0,
	      0, 10, LIMIT_NONE, 1000000, L(2024, 7, 1, 0, 0), 0 },
	    { L(2024, 7, 1, 0, 0), 3 * 3600, 0, 0, USAGE_UNTHROTTLE, BILLING_OK, 0, 0, 0, 0, 0, 0,
	      10, LIMIT_NONE, 50000000, NONE, 0 } },
	  NONE, 0, 0, 0 },
	{ "fair use: under the threshold, nothing happens", fair_use_monthly, nothing,
	  L(2024, 6, 1, 9, 0), L(2024, 6, 30, 20, 0), NONE,
	  { { L(2024, 6, 30, 21, 0), 3600, 0, 900 * MB, 0, BILLING_OK, 0, 0, 0, 0, 0, 0, 10,
	      LIMIT_NONE, 50000000, NONE, 0 } },
	  NONE, 0, 0, 0 },
	{ "cyclic: cycle ends mid-session, 2 MB unused are lost, July pays the rest",
	  monthly_cyclic, cycle_10mb_left, L(2024, 6, 20, 10, 0), L(2024, 6, 30, 22, 30),
	  L(2024, 7, 1, 0, 0),
	  { { L(2024, 7, 1, 0, 30), 3600, 0, 16 * MB, USAGE_REFILL, BILLING_OK, 0, 0, 0,
	      0, 0, 0, 10, 5 * GB - 8 * MB, 0, L(2024, 8, 1, 0, 0), 0 } },
	  NONE, 0, 0, 0 },
};

static void check_step(const struct step *st, const struct usage_result *out, int i)
{
	if (out->actions != st->actions)
		fail_msg("step %d: actions %#x, want %#x (%s)", i, out->actions, st->actions,
			 out->message);
	if (st->actions & USAGE_CUT_OFF) {
		assert_int_equal(out->reason, st->reason);
		assert_true(strlen(out->message) > 0);
	}
	if (st->charge != NO_CHECK)
		assert_int_equal(out->charge, st->charge);
	assert_int_equal(out->nrecords, st->nrecords);
	if (st->nrecords) {
		assert_int_equal(out->records[0].seconds, st->rec_seconds);
		assert_int_equal(out->records[0].bytes_down, st->rec_down);
		assert_int_equal(out->records[0].charge, st->rec_charge);
		assert_int_equal(out->records[0].bucket_id, st->rec_bucket);
	}
	if (st->bucket_id != NO_CHECK)
		assert_int_equal(out->limits.bucket_id, st->bucket_id);
	if (st->bytes_left != NO_CHECK)
		assert_int_equal(out->limits.bytes_total_left, st->bytes_left);
	if (st->speed_down != NO_CHECK)
		assert_int_equal(out->limits.speed_down, st->speed_down);
	if (st->recheck_at.y != -1)
		assert_int_equal(out->limits.recheck_at, at(st->recheck_at));
	assert_int_equal(out->overage_seconds + out->overage_bytes, st->overage);
}

static void test_session(void **state)
{
	const struct session_row *r = *state;
	struct plan p = r->plan();
	struct account a;
	struct auth_decision d;
	struct session s;
	struct usage_result out;
	struct usage_record stop;
	char err[128] = "";

	if (plan_validate(&p, err, sizeof(err)) < 0)
		fail_msg("plan: %s", err);
	assert_int_equal(account_open(&a, &p, berlin, 1, 10, NULL, at(r->created), err, sizeof(err)), 0);
	r->setup(&a);
	assert_int_equal(billing_authorize(&a, &p, berlin, NULL, at(r->login), &d), 0);
	if (!d.accept)
		fail_msg("login rejected: %s", d.message);
	if (r->login_recheck.y != -1)
		assert_int_equal(d.limits.recheck_at, at(r->login_recheck));
	session_open(&s, &a, &p, &d, 100, at(r->login));

	for (int i = 0; i < MAX_STEPS && r->steps[i].now.y; i++) {
		const struct step *st = &r->steps[i];

		assert_int_equal(account_usage(&a, &p, berlin, &s, (uint64_t)st->up, (uint64_t)st->down,
					       st->seconds, at(st->now), &out), 0);
		check_step(st, &out, i);
	}
	if (!r->stop.y)
		return;
	assert_int_equal(session_close(&a, &p, &s, STOP_LOGOUT, at(r->stop), &stop), 0);
	assert_int_equal(stop.cause, CDR_STOP);
	assert_int_equal(stop.stop, at(r->stop));
	assert_int_equal(stop.charge, r->stop_charge);
	assert_int_equal(s.charge, r->total);
	assert_int_equal(a.ledger.amount, r->ledger);
}

/* --- records add up to the session ------------------------------------------------------- */

static void test_records_add_up(void **state)
{
	struct plan p = postpaid_evening_peak();
	struct account a;
	struct auth_decision d;
	struct session s;
	struct usage_result out;
	struct usage_record stop;
	char err[64];
	int64_t seconds = 0, down = 0, charge = 0;

	(void)state;
	p.start_cost = 30;
	assert_int_equal(account_open(&a, &p, berlin, 1, 10, NULL, at((struct at)L(2024, 6, 1, 9, 0)), err, sizeof(err)), 0);
	assert_int_equal(billing_authorize(&a, &p, berlin, NULL, at((struct at)L(2024, 6, 12, 17, 0)), &d), 0);
	session_open(&s, &a, &p, &d, 7, at((struct at)L(2024, 6, 12, 17, 0)));
	/* One report spanning both peak edges: 17:00 -> 23:00. */
	assert_int_equal(account_usage(&a, &p, berlin, &s, 0, 600 * MB, 6 * 3600,
				       at((struct at)L(2024, 6, 12, 23, 0)), &out), 0);
	assert_int_equal(out.nrecords, 2);
	assert_int_equal(out.records[0].rate, RATING_BASE);
	assert_int_equal(out.records[0].seconds, 3600);
	assert_int_equal(out.records[0].charge, 30 + 200); /* start cost in the first */
	assert_int_equal(out.records[1].rate, 0);
	assert_int_equal(out.records[1].seconds, 4 * 3600);
	assert_int_equal(out.records[1].bytes_down, 400 * MB);
	assert_int_equal(out.records[1].charge, 1600);
	assert_int_equal(session_close(&a, &p, &s, STOP_IDLE_TIMEOUT, at((struct at)L(2024, 6, 12, 23, 0)), &stop), 0);
	assert_int_equal(stop.rate, RATING_BASE);
	assert_int_equal(stop.stop_cause, STOP_IDLE_TIMEOUT);
	for (unsigned i = 0; i < out.nrecords; i++) {
		seconds += out.records[i].seconds;
		down += out.records[i].bytes_down;
		charge += out.records[i].charge;
	}
	seconds += stop.seconds;
	down += stop.bytes_down;
	charge += stop.charge;
	assert_int_equal(seconds, 6 * 3600);
	assert_int_equal(down, 600 * MB);
	assert_int_equal(charge, 30 + 200 + 1600 + 200);
	assert_int_equal(charge, s.charge);
}

/* --- postpaid checkout -------------------------------------------------------------------- */

static void test_checkout(void **state)
{
	struct plan p = postpaid_start_min();
	struct account a;
	struct auth_decision d;
	struct session s;
	struct usage_result out;
	struct usage_record stop;
	struct invoice_line line;
	char err[64];
	int64_t t = at((struct at)L(2024, 6, 12, 10, 0));

	(void)state;
	assert_int_equal(account_open(&a, &p, berlin, 5, 0, NULL, t - 86400, err, sizeof(err)), 0);
	assert_int_equal(postpaid_checkout(&a.ledger, a.id, &p, t, &line), -ENODATA);
	for (int i = 0; i < 2; i++) { /* two one-hour sessions */
		int64_t start = t + i * 7200;

		assert_int_equal(billing_authorize(&a, &p, berlin, NULL, start, &d), 0);
		session_open(&s, &a, &p, &d, 100 + i, start);
		assert_int_equal(account_usage(&a, &p, berlin, &s, 1 * MB, 9 * MB, 3600, start + 3600, &out), 0);
		assert_int_equal(session_close(&a, &p, &s, STOP_LOGOUT, start + 3600, &stop), 0);
	}
	assert_int_equal(postpaid_checkout(&a.ledger, a.id, &p, t + 4 * 3600, &line), 0);
	assert_int_equal(line.account_id, 5);
	assert_string_equal(line.plan_code, "LOBBY");
	assert_string_equal(line.currency, "EUR");
	assert_int_equal(line.sessions, 2);
	assert_int_equal(line.seconds, 7200);
	assert_int_equal(line.bytes, 20 * MB);
	assert_int_equal(line.amount, 2 * (50 + 200));
	assert_int_equal(line.from, t);
	/* Closed: the next checkout has nothing. */
	assert_int_equal(postpaid_checkout(&a.ledger, a.id, &p, t + 5 * 3600, &line), -ENODATA);
}

static void test_bad_intervals(void **state)
{
	struct plan p = prepaid_hour();
	struct account a;
	struct auth_decision d;
	struct session s;
	struct usage_result out;
	char err[64];
	int64_t t = at((struct at)L(2024, 6, 12, 10, 0));

	(void)state;
	assert_int_equal(account_open(&a, &p, berlin, 1, 10, NULL, t, err, sizeof(err)), 0);
	assert_int_equal(billing_authorize(&a, &p, berlin, NULL, t, &d), 0);
	session_open(&s, &a, &p, &d, 1, t);
	assert_int_equal(account_usage(&a, &p, berlin, &s, 0, 0, -1, t + 60, &out), -EINVAL);
	assert_int_equal(account_usage(&a, &p, berlin, &s, 0, 0, 60, t + 60, &out), 0);
	assert_int_equal(account_usage(&a, &p, berlin, &s, 0, 0, 10, t + 30, &out), -EINVAL);
	/* A report that claims more than the time since the last one counts once. */
	assert_int_equal(account_usage(&a, &p, berlin, &s, 0, 0, 600, t + 120, &out), 0);
	assert_int_equal(a.buckets[0].time_left, 3600 - 120);
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
#define ADD_TEST(label, fn) tests[n++] = (struct CMUnitTest){ .name = label, .test_func = fn }

int main(void)
{
	static struct CMUnitTest tests[40];
	size_t n = 0;

	ADD_ROWS(session_rows, test_session);
	ADD_TEST("records: a session's records add up to its usage and charge", test_records_add_up);
	ADD_TEST("postpaid: two sessions closed into one invoice line at checkout", test_checkout);
	ADD_TEST("usage: negative or backwards intervals are refused", test_bad_intervals);
	return _cmocka_run_group_tests("billing_usage", tests, n, setup, teardown);
}
