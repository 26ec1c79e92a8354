#include "aaa/aaa.h"
#include "aaa/zones.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing/tz.h"
#include "billing_json/account_json.h"
#include "common/log.h"
#include "store/account.h"
#include "store/db.h"
#include "store/plan.h"
#include "store/plan_cache.h"

#define WRONG_CODE "The code or password is not right. Please check it and try again."

int aaa_init(struct app *app, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	char zone[64] = "UTC";

	if (db_prepare(app->db, "SELECT timezone FROM locations WHERE id = 1", &st) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			snprintf(zone, sizeof(zone), "%s", sqlite3_column_text(st, 0));
		db_release(st);
	}
	/* Room for an ISP's sessions and accounts: each RADIUS interim update reads both,
	 * and a miss parses their JSON again (a third of an interim). Values are made on
	 * first use; full, the two hold about 130 MB (1.3 KB per account, 0.6 KB per
	 * session, text included); a venue's few hundred guests use a few hundred KB. */
	app->plans = plan_cache_new(app->db);
	app->accounts = parse_cache_new(sizeof(struct account), 65536);
	app->sessions = parse_cache_new(sizeof(struct session), 65536);
	app->zones = zone_cache_new();
	if (!app->plans || !app->accounts || !app->sessions || !app->zones) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	return tz_load(zone, &app->zone, err, errlen);
}

void aaa_fini(struct app *app)
{
	tz_free(app->zone);
	app->zone = NULL;
	plan_cache_free(app->plans);
	parse_cache_free(app->accounts);
	parse_cache_free(app->sessions);
	app->plans = NULL;
	app->accounts = app->sessions = NULL;
	zone_cache_free(app->zones);
	app->zones = NULL;
}

/* --- sessions table ---------------------------------------------------------- */

/* A new session's row, with its opening state in one write. */
static int session_insert(struct app *app, int64_t account_id, const struct login_request *req,
			  const struct session *s)
{
	sqlite3 *db = app->db;
	char *state = session_state_text(s);
	sqlite3_stmt *st;
	int rc;

	if (!state)
		return -ENOMEM;
	if (db_prepare(db,
		       "INSERT INTO sessions (id, account_id, mac, ip, nas_id, acct_session_id, started_at, "
		       "updated_at, nas_addr, seconds, bytes_up, bytes_down, charge, state) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK) {
		free(state);
		return -EIO;
	}
	sqlite3_bind_int64(st, 1, s->id);
	sqlite3_bind_int64(st, 2, account_id);
	if (req->mac)
		sqlite3_bind_text(st, 3, req->mac, -1, SQLITE_STATIC);
	if (req->ip)
		sqlite3_bind_text(st, 4, req->ip, -1, SQLITE_STATIC);
	if (req->nas_id)
		sqlite3_bind_int64(st, 5, req->nas_id);
	if (req->acct_session_id)
		sqlite3_bind_text(st, 6, req->acct_session_id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, req->now);
	sqlite3_bind_int64(st, 8, req->now);
	if (req->nas_addr)
		sqlite3_bind_text(st, 9, req->nas_addr, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, s->seconds);
	sqlite3_bind_int64(st, 11, s->bytes_up);
	sqlite3_bind_int64(st, 12, s->bytes_down);
	sqlite3_bind_int64(st, 13, s->charge);
	sqlite3_bind_text(st, 14, state, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc == SQLITE_DONE)
		parse_cache_put(app->sessions, s->id, 0, state, s);	/* reads back as *s */
	free(state);
	if (rc != SQLITE_DONE)
		return sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EIO;
	return 0;
}

static int session_save(struct app *app, const struct session *s, int64_t now, enum stop_cause stopped)
{
	sqlite3 *db = app->db;
	char *state = session_state_text(s);
	sqlite3_stmt *st;
	int rc = -EIO;

	/* A running session's update leaves stopped_at unnamed: naming it would move
	 * the session's entries in the partial indexes on running sessions. */
	if (state && db_prepare(db, stopped == STOP_NONE ?
				"UPDATE sessions SET updated_at = ?1, seconds = ?2, bytes_up = ?3, bytes_down = ?4, "
				"charge = ?5, state = ?6 WHERE id = ?9" :
				"UPDATE sessions SET updated_at = ?1, seconds = ?2, bytes_up = ?3, bytes_down = ?4, "
				"charge = ?5, state = ?6, stopped_at = ?1, stop_cause = ?8 WHERE id = ?9",
				&st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, s->seconds);
		sqlite3_bind_int64(st, 3, s->bytes_up);
		sqlite3_bind_int64(st, 4, s->bytes_down);
		sqlite3_bind_int64(st, 5, s->charge);
		sqlite3_bind_text(st, 6, state, -1, SQLITE_STATIC);
		if (stopped != STOP_NONE)
			sqlite3_bind_text(st, 8, stop_cause_name(stopped), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, s->id);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
		db_release(st);
	}
	/* reads back as exactly *s: the next accounting request need not parse it */
	if (rc == 0 && stopped == STOP_NONE)
		parse_cache_put(app->sessions, s->id, 0, state, s);
	free(state);
	return rc;
}

/* a running session's state; -ENOENT when it stopped or never was */
static int session_load(struct app *app, int64_t id, struct session *s)
{
	sqlite3 *db = app->db;
	sqlite3_stmt *st;
	char err[128];
	int rc;

	if (db_prepare(db, "SELECT state FROM sessions WHERE id = ? AND stopped_at IS NULL", &st) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);
		json_t *o;

		if (parse_cache_get(app->sessions, id, 0, text, s)) {
			rc = 0;
		} else {
			o = text ? json_loads(text, 0, NULL) : NULL;
			rc = o && session_state_from_json(o, s, err, sizeof(err)) == 0 ? 0 : -EIO;
			json_decref(o);
			if (rc == 0)
				parse_cache_put(app->sessions, id, 0, text, s);
		}
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	db_release(st);
	return rc;
}

static int record_insert(sqlite3 *db, const struct usage_record *u)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "INSERT INTO usage_records (session_id, account_id, plan_id, plan_version, bucket_id, "
		       "rate, start_at, stop_at, seconds, bytes_up, bytes_down, charge, currency, cause, "
		       "stop_cause) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, u->session_id);
	sqlite3_bind_int64(st, 2, u->account_id);
	sqlite3_bind_int64(st, 3, u->plan_id);
	sqlite3_bind_int(st, 4, (int)u->plan_version);
	if (u->bucket_id)
		sqlite3_bind_int64(st, 5, u->bucket_id);
	sqlite3_bind_int(st, 6, u->rate);
	sqlite3_bind_int64(st, 7, u->start);
	sqlite3_bind_int64(st, 8, u->stop);
	sqlite3_bind_int64(st, 9, u->seconds);
	sqlite3_bind_int64(st, 10, u->bytes_up);
	sqlite3_bind_int64(st, 11, u->bytes_down);
	sqlite3_bind_int64(st, 12, u->charge);
	sqlite3_bind_text(st, 13, u->currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 14, cdr_cause_name(u->cause), -1, SQLITE_STATIC);
	if (u->cause == CDR_STOP)
		sqlite3_bind_text(st, 15, stop_cause_name(u->stop_cause), -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

/* One UPDATE with its parameters in order: text (when not NULL), then a and b. */
static int exec_update(sqlite3 *db, const char *sql, const char *text, int64_t a, int64_t b)
{
	sqlite3_stmt *st;
	int rc, i = 1;

	if (db_prepare(db, sql, &st) != SQLITE_OK)
		return -EIO;
	if (text)
		sqlite3_bind_text(st, i++, text, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, i++, a);
	sqlite3_bind_int64(st, i, b);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

/* voucher accounts follow their account: depleted, expired */
static void voucher_follow(sqlite3 *db, int64_t account_id, enum billing_reason reason)
{
	const char *state = reason == BILLING_DEPLETED ? "depleted" : reason == BILLING_EXPIRED ? "expired" : NULL;

	if (state)
		exec_update(db, "UPDATE vouchers SET state = ? WHERE account_id = ? AND state = 'active'", state,
			    account_id, 0);
}

/* --- login ------------------------------------------------------------------- */

struct login_job {
	struct app *app;
	const struct login_request *req;
	struct login_result *out;
	/* the voucher of a voucher login, and what its row still needs: the account
	 * made at its first use, and 'active' once a login is accepted */
	int64_t voucher_id;
	bool voucher_unlinked, voucher_unused;
	/* the account made at a voucher's first use is not in the database yet:
	 * it goes in once, with the state the login leaves it in */
	bool account_unsaved;
};

/* One UPDATE for what a voucher login changes on its ticket: the link to the account
 * made at its first use, and, when accepted, 'active' from the first accepted login. */
static int voucher_update(struct login_job *job, int64_t account_id, bool accepted)
{
	sqlite3_stmt *st;
	int rc;

	if (!job->voucher_id || !(job->voucher_unlinked || (accepted && job->voucher_unused)))
		return 0;
	if (db_prepare(job->app->db,
		       "UPDATE vouchers SET account_id = ?1, "
		       "state = CASE WHEN ?2 AND state = 'unused' THEN 'active' ELSE state END, "
		       "first_used_at = CASE WHEN ?2 THEN coalesce(first_used_at, ?3) ELSE first_used_at END "
		       "WHERE id = ?4", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_int(st, 2, accepted);
	sqlite3_bind_int64(st, 3, job->req->now);
	sqlite3_bind_int64(st, 4, job->voucher_id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

static void reject(struct login_result *out, enum billing_reason reason, const char *msg)
{
	out->accept = false;
	out->reason = reason;
	snprintf(out->message, sizeof(out->message), "%s", msg);
}

static bool secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	return la == lb && CRYPTO_memcmp(a, b, la) == 0;
}

/* the account a voucher code opens; 0 = wrong PIN or not here, -ENOENT = no
 * voucher has this code. At its first use the account is made in *row, with
 * its id to be, and written by account_store(); its plan is then in *plan. */
static int voucher_account(struct login_job *job, int64_t *account_id, struct account_row *row, struct plan *plan)
{
	sqlite3 *db = job->app->db;
	const struct login_request *req = job->req;
	struct plan_meta meta;
	sqlite3_stmt *st;
	char pin[16] = "", err[256];
	int64_t voucher_id, created, bucket_id;
	int rc, has_pin;

	*account_id = 0;
	if (db_prepare(db,
		       "SELECT id, pin, plan_id, plan_version, coalesce(account_id, 0), created_at, state "
		       "FROM vouchers WHERE code = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, req->username, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_release(st);
		return rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	voucher_id = sqlite3_column_int64(st, 0);
	has_pin = sqlite3_column_type(st, 1) != SQLITE_NULL;
	if (has_pin)
		snprintf(pin, sizeof(pin), "%s", sqlite3_column_text(st, 1));
	*row = (struct account_row){ .plan_id = sqlite3_column_int64(st, 2),
				     .plan_version = (uint32_t)sqlite3_column_int(st, 3) };
	*account_id = sqlite3_column_int64(st, 4);
	created = sqlite3_column_int64(st, 5);
	rc = strcmp((const char *)sqlite3_column_text(st, 6), "revoked") == 0;
	job->voucher_unused = strcmp((const char *)sqlite3_column_text(st, 6), "unused") == 0;
	db_release(st);
	/* a PIN, when there is one, must match; without one the code is enough,
	 * or a password that repeats it (RADIUS NAS devices send code/code) */
	if (rc || (has_pin && !(req->password && secret_equal(req->password, pin))) ||
	    (!has_pin && req->password && *req->password && !secret_equal(req->password, req->username))) {
		*account_id = 0;
		return 0;
	}
	if (*account_id) {
		job->voucher_id = voucher_id;
		return 0;
	}

	/* first use: the ticket becomes an account, valid from its creation */
	if (plan_cache_load(job->app->plans, db, row->plan_id, row->plan_version, plan, &meta) != 0 ||
	    account_new_bucket_id(db, &bucket_id) || db_next_rowid(db, "accounts", &row->id))
		return -EIO;
	if (req->location_id && meta.location_id != req->location_id) {
		*account_id = 0;	/* another venue's ticket: unknown here */
		return 0;
	}
	row->location_id = meta.location_id;	/* the ticket's venue, whose clock it runs on */
	snprintf(row->kind, sizeof(row->kind), "voucher");
	snprintf(row->username, sizeof(row->username), "%s", req->username);
	snprintf(row->password, sizeof(row->password), "%s", pin);
	row->created_at = req->now;
	if (account_open(&row->state, plan, aaa_zone(job->app, row->location_id), 0, bucket_id, NULL, created, err,
			 sizeof(err)) != 0) {
		log_error("aaa", "cannot open an account for voucher id=%lld: %s", (long long)voucher_id, err);
		return -EINVAL;
	}
	row->state.id = *account_id = row->id;
	job->account_unsaved = true;
	job->voucher_id = voucher_id;
	job->voucher_unlinked = true;	/* linked by voucher_update(), accepted or not */
	return 0;
}

/* Writes the account's state as this login leaves it: the whole row at a
 * voucher's first use, one write instead of an insert and an update. */
static int account_store(struct login_job *job, struct account_row *row)
{
	struct app *app = job->app;

	if (!job->account_unsaved)
		return account_save_state_cached(app->accounts, app->db, row);
	job->account_unsaved = false;
	return account_insert_cached(app->accounts, app->db, row);
}

static int count_online(sqlite3 *db, int64_t account_id, const char *mac, uint32_t *n)
{
	sqlite3_stmt *st;

	if (db_prepare(db,
		       "SELECT count(*) FROM sessions WHERE account_id = ? AND stopped_at IS NULL "
		       "AND (? IS NULL OR mac IS NULL OR mac <> ?2)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, account_id);
	if (mac)
		sqlite3_bind_text(st, 2, mac, -1, SQLITE_STATIC);
	*n = sqlite3_step(st) == SQLITE_ROW ? (uint32_t)sqlite3_column_int(st, 0) : 0;
	db_release(st);
	return 0;
}

static int stop_locked(struct app *app, int64_t session_id, uint64_t up, uint64_t down, int64_t seconds,
		       enum stop_cause cause, int64_t now);

static int do_login(sqlite3 *db, void *arg)
{
	struct login_job *job = arg;
	const struct login_request *req = job->req;
	struct login_result *out = job->out;
	struct account_row row;
	struct auth_decision d;
	struct session s;
	struct plan plan;
	int64_t account_id = 0, old;
	struct device_request dev = { 0 };
	int rc;

	enum login_method method = req->method;

	if (method == LOGIN_ANY && !req->username)
		method = LOGIN_PASSWORD;
	switch (method) {
	case LOGIN_ANY:	/* a voucher code, else a user name */
		rc = voucher_account(job, &account_id, &row, &plan);
		if (rc == -ENOENT) {
			method = LOGIN_PASSWORD;
			rc = account_find(db, req->username, &account_id);
		} else {
			method = LOGIN_VOUCHER;
		}
		break;
	case LOGIN_VOUCHER:
		rc = voucher_account(job, &account_id, &row, &plan);
		break;
	case LOGIN_MAC:
		rc = req->mac ? device_account(db, req->mac, &account_id) : -ENOENT;
		break;
	default:
		rc = req->username ? account_find(db, req->username, &account_id) : -ENOENT;
		break;
	}
	if (rc == -ENOENT || (rc == 0 && !account_id)) {
		reject(out, BILLING_OK, WRONG_CODE);	/* unknown or wrong: not a billing reason */
		return 0;
	}
	if (rc || (!job->account_unsaved && account_load_cached(job->app->accounts, db, account_id, &row) != 0))
		return -EIO;
	if (req->location_id && row.location_id != req->location_id) {
		reject(out, BILLING_OK, WRONG_CODE);	/* another venue's: as if unknown */
		return 0;
	}
	if (method == LOGIN_PASSWORD &&
	    !(row.password[0] && req->password && secret_equal(req->password, row.password))) {
		reject(out, BILLING_OK, WRONG_CODE);
		return 0;
	}
	/* the same device logging in again replaces its running session; its
	 * usage goes into the account, which is then read again (a new account
	 * has no sessions: the one stopped was another account's) */
	if (req->mac && aaa_session_by_mac(job->app, req->mac, &old) == 0 &&
	    ((rc = stop_locked(job->app, old, 0, 0, AAA_UNTIL_NOW, STOP_LOGOUT, req->now)) != 0 ||
	     (!job->account_unsaved && (rc = account_load_cached(job->app->accounts, db, account_id, &row)) != 0)))
		return rc;
	if (!job->account_unsaved &&	/* else new, and its plan loaded with it */
	    (plan_cache_load(job->app->plans, db, row.plan_id, row.plan_version, &plan, NULL) != 0 ||
	     count_online(db, account_id, req->mac, &dev.sessions_online)))
		return -EIO;

	out->account_id = account_id;
	snprintf(out->plan_name, sizeof(out->plan_name), "%s", plan.name);
	snprintf(out->username, sizeof(out->username), "%s", row.username);
	if (billing_authorize(&row.state, &plan, aaa_zone(job->app, row.location_id), &dev, req->now, &d) != 0)
		return -EIO;
	if (!d.accept) {
		reject(out, d.reason, d.message);
		if ((job->account_unsaved && (rc = account_store(job, &row))) ||
		    (rc = voucher_update(job, account_id, false)))
			return rc;
		voucher_follow(db, account_id, d.reason);
		return 0;
	}
	if ((rc = db_next_rowid(db, "sessions", &out->session_id)))
		return rc;
	session_open(&s, &row.state, &plan, &d, out->session_id, req->now);
	bool new_account = job->account_unsaved;

	if ((rc = account_store(job, &row)) || (rc = session_insert(job->app, account_id, req, &s)) ||
	    (req->mac && (rc = new_account ? device_bind_new_account(db, account_id, req->mac, req->now)
					   : device_bind(db, account_id, req->mac, req->now))))
		return rc;
	if (job->voucher_id)
		rc = voucher_update(job, account_id, true);
	else	/* an account a voucher was sold with, logging in by name */
		rc = exec_update(db, "UPDATE vouchers SET state = 'active', first_used_at = coalesce(first_used_at, ?) "
				     "WHERE account_id = ? AND state = 'unused'", NULL, req->now, account_id);
	out->accept = true;
	out->reason = BILLING_OK;
	out->limits = d.limits;
	out->message[0] = '\0';
	return rc;
}

int aaa_login(struct app *app, const struct login_request *req, struct login_result *out)
{
	struct login_job job = { .app = app, .req = req, .out = out };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = db_transaction(app->db, do_login, &job);
	if (rc == 0 && (unsigned)req->method < 8)
		app->guest_logins[req->method][out->accept]++;
	return rc;
}

int aaa_chap_secret(struct app *app, const char *username, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	/* a voucher's PIN, or its code when it has none; else the account's password */
	if (db_prepare(app->db,
		       "SELECT coalesce(pin, code) FROM vouchers WHERE code = ?1 AND state <> 'revoked' "
		       "UNION ALL SELECT password FROM accounts WHERE username = ?1 AND kind <> 'voucher' "
		       "AND password IS NOT NULL LIMIT 1", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(buf, size, "%s", sqlite3_column_text(st, 0));
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -ENOENT;
}

/* --- usage and stop ------------------------------------------------------------ */

struct usage_job {
	struct app *app;
	int64_t session_id;
	uint64_t up, down;
	int64_t seconds, now;
	enum stop_cause cause;	/* STOP_NONE: an interim update */
	struct usage_result *out;
};

static int apply_usage(struct usage_job *job)
{
	sqlite3 *db = job->app->db;
	struct usage_result res;
	struct usage_record last;
	struct account_row row;
	struct session s;
	struct plan plan;
	enum stop_cause stopped = STOP_NONE;
	int rc = session_load(job->app, job->session_id, &s);

	if (rc)
		return rc;
	if (account_load_cached(job->app->accounts, db, s.account_id, &row) != 0 || plan_cache_load(job->app->plans, db, row.plan_id, row.plan_version, &plan, NULL))
		return -EIO;
	if (job->seconds == AAA_UNTIL_NOW)	/* online from the last update until now */
		job->seconds = job->now > s.last ? job->now - s.last : 0;
	if (account_usage(&row.state, &plan, aaa_zone(job->app, row.location_id), &s, job->up, job->down, job->seconds, job->now, &res))
		return -EINVAL;
	for (unsigned i = 0; i < res.nrecords; i++)
		if ((rc = record_insert(db, &res.records[i])))
			return rc;
	if (res.actions & USAGE_CUT_OFF)
		stopped = res.stop_cause;
	else if (job->cause != STOP_NONE)
		stopped = job->cause;
	if (stopped != STOP_NONE) {
		if (session_close(&row.state, &plan, &s, stopped, job->now, &last) != 0 ||
		    (rc = record_insert(db, &last)))
			return rc ? rc : -EIO;
		voucher_follow(db, s.account_id, res.reason);
	}
	if ((rc = session_save(job->app, &s, job->now, stopped)) ||
	    (rc = account_save_state_cached(job->app->accounts, db, &row)))
		return rc;
	if (job->out)
		*job->out = res;
	return 0;
}

static int do_usage(sqlite3 *db, void *arg)
{
	(void)db;
	return apply_usage(arg);
}

int aaa_usage(struct app *app, int64_t session_id, uint64_t bytes_up, uint64_t bytes_down, int64_t seconds,
	      int64_t now, struct usage_result *out)
{
	struct usage_job job = { app, session_id, bytes_up, bytes_down, seconds, now, STOP_NONE, out };

	return db_transaction(app->db, do_usage, &job);
}

static int stop_locked(struct app *app, int64_t session_id, uint64_t up, uint64_t down, int64_t seconds,
		       enum stop_cause cause, int64_t now)
{
	struct usage_job job = { app, session_id, up, down, seconds, now, cause, NULL };

	return apply_usage(&job);
}

int aaa_stop(struct app *app, int64_t session_id, uint64_t bytes_up, uint64_t bytes_down, int64_t seconds,
	     enum stop_cause cause, int64_t now)
{
	struct usage_job job = { app, session_id, bytes_up, bytes_down, seconds, now, cause, NULL };

	return db_transaction(app->db, do_usage, &job);
}

void aaa_enforce(struct app *app, int64_t session_id, const struct usage_result *u, bool always)
{
	const unsigned news = USAGE_THROTTLE | USAGE_UNTHROTTLE | USAGE_SWITCH_RATE | USAGE_SWITCH_BUCKET | USAGE_REFILL;
	const struct enforcer *e;
	struct session_ref ref;

	if ((!always && !(u->actions & (USAGE_CUT_OFF | news))) || aaa_session_ref(app, session_id, &ref) != 0)
		return;
	e = ref.nas_id ? &app->nas : &app->local;
	if ((u->actions & USAGE_CUT_OFF) && e->disconnect)
		e->disconnect(app, &ref, u->stop_cause);
	else if (!(u->actions & USAGE_CUT_OFF) && e->update)
		e->update(app, &ref, &u->limits);
}

int aaa_account_changed(struct app *app, int64_t account_id, int64_t now)
{
	struct usage_result u;
	int64_t ids[16];
	sqlite3_stmt *st;
	int n = 0, done = 0;

	if (db_prepare(app->db, "SELECT id FROM sessions WHERE account_id = ? AND stopped_at IS NULL LIMIT 16", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, account_id);
	while (sqlite3_step(st) == SQLITE_ROW && n < 16)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_release(st);
	/* the time online so far is accounted first, so the limits start from now;
	 * committed, the enforcer hears them */
	for (int i = 0; i < n; i++) {
		if (aaa_usage(app, ids[i], 0, 0, AAA_UNTIL_NOW, now, &u) != 0)
			continue;
		aaa_enforce(app, ids[i], &u, true);
		done++;
	}
	return done;
}

/* --- ending an account --------------------------------------------------------- */

struct end_job {
	struct app *app;
	int64_t account_id;
	enum stop_cause cause;
	int64_t now;
	struct session_ref refs[16];
	int nrefs;
};

static int do_end(sqlite3 *db, void *arg)
{
	struct end_job *job = arg;
	struct account_row row;
	sqlite3_stmt *st;
	int64_t ids[16];
	int n = 0, rc;

	if (account_load_cached(job->app->accounts, db, job->account_id, &row) != 0)
		return -ENOENT;
	if (db_prepare(db, "SELECT id FROM sessions WHERE account_id = ? AND stopped_at IS NULL LIMIT 16", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, job->account_id);
	while (sqlite3_step(st) == SQLITE_ROW && n < 16)
		ids[n++] = sqlite3_column_int64(st, 0);
	db_release(st);
	for (int i = 0; i < n; i++) {
		if (aaa_session_ref(job->app, ids[i], &job->refs[job->nrefs]) == 0)
			job->nrefs++;
		if ((rc = stop_locked(job->app, ids[i], 0, 0, AAA_UNTIL_NOW, job->cause, job->now)))
			return rc;
	}
	if (account_load_cached(job->app->accounts, db, job->account_id, &row) != 0)
		return -EIO;
	/* use ends now; the first-login window closes too */
	row.state.use_until = job->now;
	if (!row.state.first_login)
		row.state.valid_until = job->now;
	return account_save_state(db, &row);
}

int aaa_end_account(struct app *app, int64_t account_id, enum stop_cause cause, int64_t now)
{
	struct end_job job = { .app = app, .account_id = account_id, .cause = cause, .now = now };
	int rc = db_transaction(app->db, do_end, &job);

	/* committed: now the kernel or the NAS may hear it */
	for (int i = 0; rc == 0 && i < job.nrefs; i++) {
		const struct enforcer *e = job.refs[i].nas_id ? &app->nas : &app->local;

		if (e->disconnect)
			e->disconnect(app, &job.refs[i], cause);
	}
	return rc;
}

/* --- lookups ------------------------------------------------------------------- */

int aaa_session_by_mac(struct app *app, const char *mac, int64_t *session_id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(app->db,
		       "SELECT id FROM sessions WHERE mac = ? AND nas_id IS NULL AND stopped_at IS NULL "
		       "ORDER BY id DESC LIMIT 1", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, mac, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*session_id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -ENOENT;
}

int aaa_session_by_nas(struct app *app, int64_t nas_id, const char *acct_session_id, int64_t *session_id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(app->db,
		       "SELECT id FROM sessions WHERE nas_id = ? AND acct_session_id = ? AND stopped_at IS NULL", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, nas_id);
	sqlite3_bind_text(st, 2, acct_session_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*session_id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -ENOENT;
}

int aaa_session_ref(struct app *app, int64_t session_id, struct session_ref *out)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(app->db,
		       "SELECT s.account_id, coalesce(s.nas_id, 0), coalesce(s.mac, ''), coalesce(s.ip, ''), "
		       "coalesce(s.acct_session_id, ''), coalesce(a.username, ''), coalesce(s.nas_addr, '') "
		       "FROM sessions s "
		       "JOIN accounts a ON a.id = s.account_id WHERE s.id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, session_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof(*out));
		out->session_id = session_id;
		out->account_id = sqlite3_column_int64(st, 0);
		out->nas_id = sqlite3_column_int64(st, 1);
		snprintf(out->mac, sizeof(out->mac), "%s", sqlite3_column_text(st, 2));
		snprintf(out->ip, sizeof(out->ip), "%s", sqlite3_column_text(st, 3));
		snprintf(out->acct_session_id, sizeof(out->acct_session_id), "%s", sqlite3_column_text(st, 4));
		snprintf(out->username, sizeof(out->username), "%s", sqlite3_column_text(st, 5));
		snprintf(out->nas_addr, sizeof(out->nas_addr), "%s", sqlite3_column_text(st, 6));
	}
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -ENOENT;
}

int aaa_session_bind(struct app *app, int64_t session_id, const char *acct_session_id)
{
	return exec_update(app->db, "UPDATE sessions SET acct_session_id = ? WHERE id = ? AND stopped_at IS NULL",
			   acct_session_id, session_id, 0);
}

int aaa_session_totals(struct app *app, int64_t session_id, int64_t *seconds, int64_t *bytes_up,
		       int64_t *bytes_down)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(app->db, "SELECT seconds, bytes_up, bytes_down FROM sessions WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, session_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seconds = sqlite3_column_int64(st, 0);
		*bytes_up = sqlite3_column_int64(st, 1);
		*bytes_down = sqlite3_column_int64(st, 2);
	}
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -ENOENT;
}

struct nas_stop_job {
	struct app *app;
	int64_t nas_id;
	enum stop_cause cause;
	int64_t now;
	int stopped;
};

static int do_nas_stop(sqlite3 *db, void *arg)
{
	struct nas_stop_job *job = arg;
	sqlite3_stmt *st;
	int64_t ids[256];
	int n, rc;

	/* in rounds, since a stop writes while a read would be open */
	do {
		n = 0;
		if (db_prepare(db, "SELECT id FROM sessions WHERE nas_id = ? AND stopped_at IS NULL LIMIT 256", &st) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_int64(st, 1, job->nas_id);
		while (sqlite3_step(st) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(st, 0);
		db_release(st);
		for (int i = 0; i < n; i++) {
			if ((rc = stop_locked(job->app, ids[i], 0, 0, AAA_UNTIL_NOW, job->cause, job->now)))
				return rc;
			job->stopped++;
		}
	} while (n == 256);
	return 0;
}

int aaa_nas_stop_all(struct app *app, int64_t nas_id, enum stop_cause cause, int64_t now, int *stopped)
{
	struct nas_stop_job job = { app, nas_id, cause, now, 0 };
	int rc = db_transaction(app->db, do_nas_stop, &job);

	*stopped = job.stopped;
	return rc;
}

int aaa_session_unbound(struct app *app, int64_t nas_id, const char *username, const char *mac,
			int64_t *session_id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(app->db,
		       "SELECT s.id FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.nas_id = ?1 "
		       "AND s.acct_session_id IS NULL AND s.stopped_at IS NULL AND a.username = ?2 "
		       "AND (?3 IS NULL OR s.mac = ?3) ORDER BY s.id DESC LIMIT 1", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, nas_id);
	sqlite3_bind_text(st, 2, username, -1, SQLITE_STATIC);
	if (mac)
		sqlite3_bind_text(st, 3, mac, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*session_id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -ENOENT;
}
