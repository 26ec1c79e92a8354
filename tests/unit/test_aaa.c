/* aaa: logins, usage and stops against a real SQLite database. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "aaa/aaa.h"
#include "billing/account.h"
#include "billing_json/plan_json.h"
#include "store/account.h"
#include "store/db.h"
#include "store/plan.h"
#include "store/voucher.h"

#define T0 1782900000 /* 2026-07-01 10:00 UTC */

struct fixture {
	char dir[64];
	struct app app;
	int64_t plan_hour, plan_data;
};

static int64_t add_plan(struct app *app, const char *json)
{
	struct plan p;
	struct plan_meta meta = { .location_id = 1 };
	char field[96], err[256];
	json_t *o = json_loads(json, 0, NULL);

	plan_defaults(&p, "EUR");
	assert_int_equal(plan_from_json(o, &p, field, sizeof(field), err, sizeof(err)), 0);
	json_decref(o);
	if (plan_validate(&p, err, sizeof(err)))
		fail_msg("plan: %s", err);
	assert_int_equal(plan_insert(app->db, &p, &meta, T0 - 86400), 0);
	return p.id;
}

/* one voucher of a plan with a fixed code (and PIN) */
static void add_voucher(struct app *app, int64_t plan_id, const char *code, const char *pin)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(app->db, "INSERT INTO vouchers (code, pin, plan_id, plan_version, created_at) "
					    "VALUES (?, ?, ?, 1, ?)", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (pin)
		sqlite3_bind_text(st, 2, pin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, plan_id);
	sqlite3_bind_int64(st, 4, T0 - 3600);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char path[96], err[256];

	strcpy(f->dir, "/tmp/sg-aaa-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(path, sizeof(path), "%s/test.db", f->dir);
	assert_int_equal(db_open(path, &f->app.db, err, sizeof(err)), 0);
	assert_int_equal(aaa_init(&f->app, err, sizeof(err)), 0);
	f->plan_hour = add_plan(&f->app, "{\"name\":\"1 hour\",\"code\":\"H1\",\"time_amount\":3600,\"price\":300,\"max_devices\":1,"
				"\"validity\":{\"mode\":\"from-first-use\",\"duration\":\"1d\"}}");
	f->plan_data = add_plan(&f->app, "{\"name\":\"1 MB\",\"code\":\"M1\",\"measure\":\"traffic\",\"data_amount\":1000000,\"price\":100}");
	add_voucher(&f->app, f->plan_hour, "HOUR1", NULL);
	add_voucher(&f->app, f->plan_hour, "HOUR2", "4321");
	add_voucher(&f->app, f->plan_data, "DATA1", NULL);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[96];

	aaa_fini(&f->app);
	db_close(f->app.db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	free(f);
	return system(cmd);
}

static struct login_result login(struct fixture *f, enum login_method m, const char *user, const char *pw,
				 const char *mac, int64_t now)
{
	struct login_request req = { .method = m, .username = user, .password = pw, .mac = mac, .now = now };
	struct login_result out;

	assert_int_equal(aaa_login(&f->app, &req, &out), 0);
	return out;
}

static const char *voucher_state(struct fixture *f, const char *code)
{
	static char state[16];
	sqlite3_stmt *st;

	sqlite3_prepare_v2(f->app.db, "SELECT state FROM vouchers WHERE code = ?", -1, &st, NULL);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(state, sizeof(state), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return state;
}

static long long column(struct fixture *f, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(f->app.db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_wrong_and_unknown_codes_look_the_same(void **state)
{
	struct fixture *f = *state;
	struct login_result unknown = login(f, LOGIN_VOUCHER, "NOPE", NULL, NULL, T0);
	struct login_result wrong_pin = login(f, LOGIN_VOUCHER, "HOUR2", "0000", NULL, T0);
	struct login_result no_pin = login(f, LOGIN_VOUCHER, "HOUR2", NULL, NULL, T0);
	struct login_result bad_pw = login(f, LOGIN_PASSWORD, "HOUR1", "x", NULL, T0);

	assert_false(unknown.accept);
	assert_false(wrong_pin.accept);
	assert_false(no_pin.accept);
	assert_false(bad_pw.accept);
	assert_string_equal(unknown.message, wrong_pin.message);
	assert_string_equal(unknown.message, no_pin.message);
	assert_string_equal(unknown.message, bad_pw.message);
	assert_string_equal(voucher_state(f, "HOUR2"), "unused");
	assert_int_equal(db_count(f->app.db, "accounts"), 0);
}

static void test_voucher_login_opens_account_and_session(void **state)
{
	struct fixture *f = *state;
	struct login_result r = login(f, LOGIN_VOUCHER, "HOUR2", "4321", "02:00:00:00:01:01", T0);
	struct account_row row;

	assert_true(r.accept);
	assert_true(r.session_id > 0);
	assert_int_equal(r.limits.seconds_left, 3600);
	assert_string_equal(voucher_state(f, "HOUR2"), "active");
	assert_int_equal(account_load(f->app.db, r.account_id, &row), 0);
	assert_string_equal(row.kind, "voucher");
	assert_int_equal(row.state.first_login, T0);
	/* validity: 1 day from the first login */
	assert_int_equal(row.state.use_until, T0 + 86400);
	assert_int_equal(db_count(f->app.db, "account_devices"), 1);
}

static void test_device_limit_and_mac_relogin(void **state)
{
	struct fixture *f = *state;
	struct login_result a = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:01:01", T0);
	struct login_result b = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:01:02", T0 + 10);
	struct login_result again, roam;
	int64_t sid;

	assert_true(a.accept);
	assert_false(b.accept);
	assert_int_equal(b.reason, BILLING_TOO_MANY_DEVICES);
	/* the first device logs in again by MAC: its old session is replaced */
	again = login(f, LOGIN_MAC, NULL, NULL, "02:00:00:00:01:01", T0 + 600);
	assert_true(again.accept);
	assert_int_not_equal(again.session_id, a.session_id);
	assert_int_equal(aaa_session_by_mac(&f->app, "02:00:00:00:01:01", &sid), 0);
	assert_int_equal(sid, again.session_id);
	/* 600 s were used by the replaced session */
	assert_int_equal(again.limits.seconds_left, 3000);
	roam = login(f, LOGIN_MAC, NULL, NULL, "02:00:00:00:01:99", T0 + 700);
	assert_false(roam.accept);	/* an unknown device is not an account */
}

static void test_usage_depletes_and_cuts_off(void **state)
{
	struct fixture *f = *state;
	struct login_result r = login(f, LOGIN_VOUCHER, "DATA1", NULL, "02:00:00:00:01:05", T0);
	struct usage_result u;
	sqlite3_stmt *st;

	assert_true(r.accept);
	assert_int_equal(r.limits.bytes_total_left, 1000000);
	assert_int_equal(aaa_usage(&f->app, r.session_id, 100000, 300000, 60, T0 + 60, &u), 0);
	assert_false(u.actions & USAGE_CUT_OFF);
	assert_int_equal(u.limits.bytes_total_left, 600000);
	assert_int_equal(aaa_usage(&f->app, r.session_id, 100000, 500000, 60, T0 + 120, &u), 0);
	assert_true(u.actions & USAGE_CUT_OFF);
	assert_int_equal(u.reason, BILLING_DEPLETED);
	assert_string_equal(voucher_state(f, "DATA1"), "depleted");
	/* the session is closed; more usage for it is refused */
	assert_int_equal(aaa_usage(&f->app, r.session_id, 1, 1, 1, T0 + 130, &u), -ENOENT);
	/* the usage records add up to what was used */
	sqlite3_prepare_v2(f->app.db, "SELECT sum(bytes_up + bytes_down), count(*) FROM usage_records WHERE session_id = ?",
			   -1, &st, NULL);
	sqlite3_bind_int64(st, 1, r.session_id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 1000000);
	sqlite3_finalize(st);
	/* and logging in again says why */
	r = login(f, LOGIN_VOUCHER, "DATA1", NULL, "02:00:00:00:01:05", T0 + 200);
	assert_false(r.accept);
	assert_int_equal(r.reason, BILLING_DEPLETED);
}

static void test_stop_and_end_account(void **state)
{
	struct fixture *f = *state;
	struct login_result r = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:01:07", T0);
	int64_t sid;

	assert_true(r.accept);
	assert_int_equal(aaa_stop(&f->app, r.session_id, 10, 20, 30, STOP_LOGOUT, T0 + 30), 0);
	assert_int_equal(aaa_session_by_mac(&f->app, "02:00:00:00:01:07", &sid), -ENOENT);
	r = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:01:07", T0 + 40);
	assert_true(r.accept);
	assert_int_equal(r.limits.seconds_left, 3600 - 30);
	assert_int_equal(aaa_end_account(&f->app, r.account_id, STOP_ADMIN, T0 + 50), 0);
	assert_int_equal(aaa_session_by_mac(&f->app, "02:00:00:00:01:07", &sid), -ENOENT);
	r = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:01:07", T0 + 60);
	assert_false(r.accept);
	assert_int_equal(r.reason, BILLING_EXPIRED);
}

static void test_chap_secret(void **state)
{
	struct fixture *f = *state;
	char secret[64];

	assert_int_equal(aaa_chap_secret(&f->app, "HOUR1", secret, sizeof(secret)), 0);
	assert_string_equal(secret, "HOUR1");
	assert_int_equal(aaa_chap_secret(&f->app, "HOUR2", secret, sizeof(secret)), 0);
	assert_string_equal(secret, "4321");
	assert_int_equal(aaa_chap_secret(&f->app, "NOPE", secret, sizeof(secret)), -ENOENT);
}

/* A portal serves one venue: another venue's ticket or account is unknown there
 * (the same answer as a wrong code), before and after its first use. */
static void test_other_venue_is_unknown(void **state)
{
	struct fixture *f = *state;
	struct login_request req = { .method = LOGIN_VOUCHER, .username = "HOUR1", .mac = "02:00:00:00:00:01",
				     .location_id = 2, .now = T0 };
	struct login_result there, here, again, unknown = login(f, LOGIN_VOUCHER, "NOPE", NULL, NULL, T0);

	assert_int_equal(aaa_login(&f->app, &req, &there), 0);
	assert_false(there.accept);
	assert_string_equal(there.message, unknown.message);
	assert_int_equal(db_count(f->app.db, "accounts"), 0);
	assert_string_equal(voucher_state(f, "HOUR1"), "unused");
	req.location_id = 1;
	assert_int_equal(aaa_login(&f->app, &req, &here), 0);
	assert_true(here.accept);
	req.location_id = 2;
	req.mac = "02:00:00:00:00:02";
	req.now = T0 + 60;
	assert_int_equal(aaa_login(&f->app, &req, &again), 0);
	assert_false(again.accept);
	assert_string_equal(again.message, unknown.message);
}

/* a user account (name and password) on the one-hour plan */
static void add_user(struct fixture *f, const char *name, const char *password)
{
	struct account_row row = { .location_id = 1, .plan_id = f->plan_hour, .plan_version = 1, .created_at = T0 };
	struct plan plan;
	char err[256];

	assert_int_equal(plan_load(f->app.db, f->plan_hour, 1, &plan, NULL), 0);
	assert_int_equal(account_open(&row.state, &plan, NULL, 0, 0, NULL, T0, err, sizeof(err)), 0);
	snprintf(row.kind, sizeof(row.kind), "user");
	snprintf(row.username, sizeof(row.username), "%s", name);
	snprintf(row.password, sizeof(row.password), "%s", password);
	assert_int_equal(account_insert(f->app.db, &row), 0);
}

/* RADIUS PAP does not say which: a voucher code first, else a name and password */
static void test_any_method_tries_voucher_then_name(void **state)
{
	struct fixture *f = *state;
	struct login_result voucher, user, bad, unknown;

	add_user(f, "alice", "s3cret");
	voucher = login(f, LOGIN_ANY, "HOUR2", "4321", "02:00:00:00:02:01", T0);
	user = login(f, LOGIN_ANY, "alice", "s3cret", "02:00:00:00:02:02", T0);
	bad = login(f, LOGIN_ANY, "alice", "wrong", NULL, T0);
	unknown = login(f, LOGIN_ANY, "NOPE", "NOPE", NULL, T0);
	assert_true(voucher.accept);
	assert_string_equal(voucher_state(f, "HOUR2"), "active");
	assert_true(user.accept);
	assert_string_equal(user.username, "alice");
	assert_false(bad.accept);
	assert_false(unknown.accept);
	assert_string_equal(bad.message, unknown.message);
}

/* A voucher's first use writes its new account once, with the state the login
 * leaves it in; refused, the account is still made and the ticket linked to it;
 * a device coming from another account's session stops that one. */
static void test_first_use_makes_the_account_once(void **state)
{
	struct fixture *f = *state;
	/* valid for an hour from the ticket's creation, an hour before T0 */
	int64_t plan_gone = add_plan(&f->app, "{\"name\":\"Gone\",\"code\":\"G1\",\"time_amount\":3600,\"price\":100,"
				     "\"validity\":{\"mode\":\"from-creation\",\"duration\":\"1h\"}}");
	struct login_result hour, data, late;
	struct account_row row;
	int64_t sid;

	add_voucher(&f->app, plan_gone, "LATE1", NULL);
	late = login(f, LOGIN_VOUCHER, "LATE1", NULL, "02:00:00:00:03:01", T0 + 10);
	assert_false(late.accept);
	assert_int_equal(late.reason, BILLING_EXPIRED);
	assert_int_equal(db_count(f->app.db, "accounts"), 1);
	assert_int_equal(column(f, "SELECT count(*) FROM vouchers v JOIN accounts a ON a.id = v.account_id "
				"WHERE v.code = 'LATE1' AND a.username = 'LATE1' AND ?", 1), 1);
	assert_int_equal(db_count(f->app.db, "sessions"), 0);

	hour = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:03:02", T0);
	data = login(f, LOGIN_VOUCHER, "DATA1", NULL, "02:00:00:00:03:02", T0 + 600);
	assert_true(hour.accept);
	assert_true(data.accept);
	assert_int_not_equal(data.account_id, hour.account_id);
	assert_int_equal(aaa_session_by_mac(&f->app, "02:00:00:00:03:02", &sid), 0);
	assert_int_equal(sid, data.session_id);
	assert_int_equal(column(f, "SELECT stop_cause = 'logout' FROM sessions WHERE id = ?", hour.session_id), 1);
	assert_int_equal(account_load(f->app.db, hour.account_id, &row), 0);
	assert_int_equal(row.state.first_login, T0);
	/* the new account's row is its login's: first login, validity, device */
	assert_int_equal(account_load(f->app.db, data.account_id, &row), 0);
	assert_string_equal(row.username, "DATA1");
	assert_int_equal(row.state.first_login, T0 + 600);
	assert_int_equal(column(f, "SELECT account_id FROM account_devices WHERE ? AND mac = '02:00:00:00:03:02'", 1),
			 data.account_id);
	/* the device came over from HOUR1's account: bound now */
	assert_int_equal(column(f, "SELECT bound_at FROM account_devices WHERE ? AND mac = '02:00:00:00:03:02'", 1),
			 T0 + 600);
	assert_int_equal(column(f, "SELECT account_id FROM sessions WHERE id = ?", data.session_id), data.account_id);
	assert_string_equal(voucher_state(f, "DATA1"), "active");
}

/* A login that leaves the account as it was writes no account row; one that
 * changes it does. */
static void test_unchanged_account_not_written(void **state)
{
	struct fixture *f = *state;
	struct login_result r = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:04:01", T0);

	assert_true(r.accept);
	assert_int_equal(aaa_stop(&f->app, r.session_id, 10, 20, 30, STOP_LOGOUT, T0 + 30), 0);
	assert_int_equal(sqlite3_exec(f->app.db,
				      "CREATE TABLE writes (n INTEGER); INSERT INTO writes VALUES (0);"
				      "CREATE TRIGGER count_writes AFTER UPDATE ON accounts "
				      "BEGIN UPDATE writes SET n = n + 1; END", NULL, NULL, NULL), SQLITE_OK);
	r = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:04:01", T0 + 40);
	assert_true(r.accept);
	assert_int_equal(column(f, "SELECT n FROM writes WHERE ?", 1), 0);
	/* the stop bills the 20 s since: the state changes and is written */
	assert_int_equal(aaa_stop(&f->app, r.session_id, 0, 0, 20, STOP_LOGOUT, T0 + 60), 0);
	assert_true(column(f, "SELECT n FROM writes WHERE ?", 1) > 0);
	r = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:04:01", T0 + 70);
	assert_int_equal(r.limits.seconds_left, 3600 - 30 - 20);
}

/* The columns the lists and the purge read follow the state they come from,
 * though they are written only when they change; a new session's row carries
 * its own id in its state. */
static void test_rows_follow_their_state(void **state)
{
	struct fixture *f = *state;
	struct login_result r = login(f, LOGIN_VOUCHER, "HOUR1", NULL, "02:00:00:00:02:03", T0);
	struct account_row row;

	assert_true(r.accept);
	/* validity runs from the first login: set by the login, after the account was made */
	assert_int_equal(column(f, "SELECT valid_until FROM accounts WHERE id = ?", r.account_id), T0 + 86400);
	assert_int_equal(column(f, "SELECT purge_at FROM accounts WHERE id = ?", r.account_id), T0 + 86400);
	assert_int_equal(column(f, "SELECT json_extract(state, '$.id') FROM sessions WHERE id = ?", r.session_id),
			 r.session_id);
	assert_int_equal(column(f, "SELECT json_extract(state, '$.open.session') FROM sessions WHERE id = ?",
				r.session_id), r.session_id);
	assert_int_equal(account_load(f->app.db, r.account_id, &row), 0);
	row.state.status = ACCOUNT_SUSPENDED;
	assert_int_equal(account_save_state(f->app.db, &row), 0);
	assert_int_equal(column(f, "SELECT status = 'suspended' FROM accounts WHERE id = ?", r.account_id), 1);
	row.state.status = ACCOUNT_ACTIVE;
	row.state.use_until = 0;
	assert_int_equal(account_save_state(f->app.db, &row), 0);
	assert_int_equal(column(f, "SELECT status = 'active' FROM accounts WHERE id = ?", r.account_id), 1);
	assert_int_equal(column(f, "SELECT valid_until FROM accounts WHERE id = ?", r.account_id), -1);
	assert_int_equal(column(f, "SELECT purge_at FROM accounts WHERE id = ?", r.account_id), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_wrong_and_unknown_codes_look_the_same, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voucher_login_opens_account_and_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_device_limit_and_mac_relogin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_usage_depletes_and_cuts_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stop_and_end_account, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chap_secret, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_venue_is_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(test_any_method_tries_voucher_then_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_first_use_makes_the_account_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unchanged_account_not_written, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rows_follow_their_state, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
