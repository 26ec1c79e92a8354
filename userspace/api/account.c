/* /api/v1/accounts, /api/v1/quick-tickets and /api/v1/cdr: guest accounts,
 * their devices and top-ups, and the usage records export. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa.h"
#include "api/api.h"
#include "api/csv.h"
#include "api/locations.h"
#include "api/params.h"
#include "aaa/zones.h"
#include "billing_json/account_json.h"
#include "billing_json/plan_json.h"
#include "common/mac.h"
#include "store/account.h"
#include "store/db.h"
#include "store/location.h"
#include "store/plan.h"
#include "voucher/generate.h"

/* any common spelling of a MAC into the one the database keeps */
static int mac_canonical(const char *text, char *buf, size_t size)
{
	uint8_t mac[6];

	if (size < MAC_TEXT_LEN || mac_parse(text, mac) != 0)
		return -EINVAL;
	mac_format(mac, buf);
	return 0;
}

/* an account belongs to its plan's location; operators see their own only */
static bool account_visible(struct api_call *call, const struct account_row *row)
{
	struct plan_meta meta;
	struct plan p;

	if (call->caller.role != ROLE_OPERATOR)
		return true;
	return plan_load(call->app->db, row->plan_id, row->plan_version, &p, &meta) == 0 &&
	       api_location_visible(call, meta.location_id);
}

static int account_param(struct api_call *call, struct api_reply *reply, struct account_row *row)
{
	const char *which = call->params[0];
	int64_t id = 0;

	/* all digits is an id; anything else ("+4915...", a code) a username */
	if (which[strspn(which, "0123456789")] == '\0')
		id = strtoll(which, NULL, 10);
	else if (account_find(call->app->db, which, &id) != 0)
		id = 0;
	if (id <= 0 || account_load(call->app->db, id, row) != 0 || !account_visible(call, row)) {
		api_error(reply, 404, "account", "no account %s", call->params[0]);
		return -ENOENT;
	}
	return 0;
}

static json_t *sessions_json(sqlite3 *db, int64_t account_id)
{
	json_t *list = json_array();
	sqlite3_stmt *st;

	if (db_prepare(db,
		       "SELECT id, coalesce(mac, ''), coalesce(ip, ''), started_at, seconds, bytes_up, bytes_down "
		       "FROM sessions WHERE account_id = ? AND stopped_at IS NULL ORDER BY id", &st) != SQLITE_OK)
		return list;
	sqlite3_bind_int64(st, 1, account_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I, s:I}",
			"id", (json_int_t)sqlite3_column_int64(st, 0), "mac", (const char *)sqlite3_column_text(st, 1),
			"ip", (const char *)sqlite3_column_text(st, 2), "started_at", (json_int_t)sqlite3_column_int64(st, 3),
			"seconds", (json_int_t)sqlite3_column_int64(st, 4), "bytes_up", (json_int_t)sqlite3_column_int64(st, 5),
			"bytes_down", (json_int_t)sqlite3_column_int64(st, 6)));
	db_release(st);
	return list;
}

static json_t *account_json(sqlite3 *db, const struct account_row *row)
{
	struct plan plan;
	struct plan_meta meta;
	json_t *o = account_state_to_json(&row->state);

	json_object_set_new(o, "id", json_integer(row->id));
	json_object_set_new(o, "kind", json_string(row->kind));
	json_object_set_new(o, "username", json_string(row->username));
	json_object_set_new(o, "first_name", json_string(row->first_name));
	json_object_set_new(o, "last_name", json_string(row->last_name));
	json_object_set_new(o, "plan", json_integer(row->plan_id));
	json_object_set_new(o, "plan_version", json_integer(row->plan_version));
	if (plan_load(db, row->plan_id, row->plan_version, &plan, &meta) == 0) {
		json_object_set_new(o, "plan_name", json_string(plan.name));
		json_object_set_new(o, "location", json_integer(meta.location_id));
	}
	json_object_set_new(o, "validity_end", json_integer(account_validity_end(&row->state)));
	json_object_set_new(o, "purge_at", json_integer(account_purge_at(&row->state)));
	json_object_set_new(o, "devices", device_list(db, row->id));
	json_object_set_new(o, "sessions", sessions_json(db, row->id));
	return o;
}

/* 8 unambiguous characters for generated user names and passwords */
static int random_word(char *buf, size_t size)
{
	const struct voucher_spec spec = { .charset = "unambiguous", .length = 8, .count = 1 };
	struct voucher_gen *gen;
	char err[128];
	int rc = voucher_gen_new(&gen, &spec, NULL, NULL, err, sizeof(err));

	if (rc == 0 && (rc = voucher_gen_add(gen, 1)) == 0)
		snprintf(buf, size, "%s", voucher_gen_code(gen, 0));
	voucher_gen_free(gen);
	return rc;
}

/* the body's plan, live, of *location (0: wherever it is; then set to the plan's) */
static int plan_from_body(struct api_call *call, struct api_reply *reply, int64_t *location, struct plan *p)
{
	json_t *v = json_object_get(call->body, "plan");
	struct plan_meta meta;
	int64_t id = 0;

	if (json_is_integer(v))
		id = json_integer_value(v);
	else if (json_is_string(v))
		plan_find_name(call->app->db, *location ? *location : LOCATION_DEFAULT, json_string_value(v), &id);
	else {
		api_error(reply, 400, "plan", "plan is required (a plan id or name)");
		return -EINVAL;
	}
	if (id <= 0 || plan_load(call->app->db, id, 0, p, &meta) != 0 ||
	    (*location && meta.location_id != *location)) {
		api_error(reply, 400, "plan", "no such plan%s", *location ? " at this location" : "");
		return -ENOENT;
	}
	if (meta.retired_at) {
		api_error(reply, 400, "plan", "plan \"%s\" is retired", p->name);
		return -EINVAL;
	}
	*location = meta.location_id;
	return 0;
}

struct create_job {
	struct app *app;
	struct account_row *row;
	const struct plan *plan;
	struct account_window window;
	char err[256];
};

static int create_account(sqlite3 *db, void *arg)
{
	struct create_job *job = arg;
	int64_t bucket_id;
	int rc = account_new_bucket_id(db, &bucket_id);

	if (rc)
		return rc;
	/* an account's days and cycles are its location's */
	rc = account_open(&job->row->state, job->plan, aaa_zone(job->app, job->row->location_id), 0, bucket_id,
			  &job->window, job->row->created_at, job->err, sizeof(job->err));
	if (rc)
		return rc;
	return account_insert(db, job->row);
}

/* an E.164 number: '+', then 8 to 15 digits */
static bool e164(const char *s)
{
	size_t n = 0;

	if (*s++ != '+')
		return false;
	for (; *s; s++, n++)
		if (!isdigit((unsigned char)*s))
			return false;
	return n >= 8 && n <= 15;
}

static void add_account(struct api_call *call, struct api_reply *reply)
{
	static const char *const kinds[] = { "user", "mobile", NULL };
	struct account_row row = { .location_id = 0, .created_at = time(NULL) };
	struct create_job job = { .app = call->app, .row = &row };
	const char *username = NULL, *password = NULL, *first = "", *last = "";
	int kind = 0, generated = 0, rc;
	struct plan plan;

	if (param_enum(call, reply, "kind", 0, kinds, &kind) < 0 ||
	    param_string(call, reply, "username", 0, ACCOUNT_NAME_LEN - 1, &username) < 0 ||
	    param_string(call, reply, "password", 0, ACCOUNT_NAME_LEN - 1, &password) < 0 ||
	    param_string(call, reply, "first_name", 0, ACCOUNT_NAME_LEN - 1, &first) < 0 ||
	    param_string(call, reply, "last_name", 0, ACCOUNT_NAME_LEN - 1, &last) < 0 ||
	    param_int(call, reply, "valid_from", 0, 0, INT64_MAX, &job.window.valid_from) < 0 ||
	    param_int(call, reply, "valid_until", 0, 0, INT64_MAX, &job.window.valid_until) < 0 ||
	    api_body_location(call, reply, "location", &row.location_id) ||
	    plan_from_body(call, reply, &row.location_id, &plan))
		return;
	if (kind == 1 && (!username || !e164(username))) {
		api_error(reply, 400, "username", "a mobile account's username is its number in E.164 form, e.g. +4915112345678");
		return;
	}
	snprintf(row.kind, sizeof(row.kind), "%s", kinds[kind]);
	if (username)
		snprintf(row.username, sizeof(row.username), "%s", username);
	else if (random_word(row.username, sizeof(row.username)))
		goto fail;
	if (password)
		snprintf(row.password, sizeof(row.password), "%s", password);
	else if (kind == 0) {
		generated = 1;
		if (random_word(row.password, sizeof(row.password)))
			goto fail;
	}
	snprintf(row.first_name, sizeof(row.first_name), "%s", first);
	snprintf(row.last_name, sizeof(row.last_name), "%s", last);
	row.plan_id = plan.id;
	row.plan_version = plan.version;
	job.plan = &plan;
	rc = db_transaction(call->app->db, create_account, &job);
	if (rc == -EEXIST) {
		api_error(reply, 409, "username", "an account named \"%s\" exists already", row.username);
		return;
	}
	if (rc == -EINVAL || rc == -EBUSY) {
		api_error(reply, 400, "plan", "%s", job.err);
		return;
	}
	if (rc)
		goto fail;
	api_ok(reply, 201, account_json(call->app->db, &row));
	if (generated)	/* shown once, for the ticket the receptionist prints */
		json_object_set_new(reply->json, "password", json_string(row.password));
	return;
fail:
	api_error(reply, 500, NULL, "could not create the account; nothing was stored");
}

/* Endian's quick ticket: one account with generated credentials, prepaid plans only */
static void quick_ticket(struct api_call *call, struct api_reply *reply)
{
	struct plan plan;
	int64_t location = 0;

	if (api_body_location(call, reply, "location", &location) || plan_from_body(call, reply, &location, &plan))
		return;
	if (plan.payment != PLAN_PREPAID) {
		api_error(reply, 400, "plan", "quick tickets are for prepaid plans; \"%s\" is postpaid", plan.name);
		return;
	}
	if (json_object_get(call->body, "username") || json_object_get(call->body, "password") ||
	    json_object_get(call->body, "kind")) {
		api_error(reply, 400, "username", "a quick ticket's username and password are generated");
		return;
	}
	add_account(call, reply);
	if (reply->status == 201)
		json_object_set_new(reply->json, "quick_ticket", json_true());
}

static void list_accounts(struct api_call *call, struct api_reply *reply)
{
	struct account_query q = { 0 };
	struct page page;
	char search[64];
	int64_t total;
	json_t *items;

	if (param_page(call, reply, 50, 1000, &page) || api_query_location(call, reply, &q.location_id))
		return;
	if (api_query(call, "q", search, sizeof(search)) == 0 && search[0])
		q.search = search;
	q.offset = (page.page - 1) * page.per_page;
	q.limit = page.per_page;
	items = json_array();
	if (account_list(call->app->db, &q, items, &total)) {
		json_decref(items);
		api_error(reply, 500, NULL, "database error listing accounts");
		return;
	}
	api_ok(reply, 200, page_result(items, total, &page));
}

static void get_account(struct api_call *call, struct api_reply *reply)
{
	struct account_row row;

	if (account_param(call, reply, &row) == 0)
		api_ok(reply, 200, account_json(call->app->db, &row));
}

struct change_job {
	struct app *app;
	struct api_call *call;
	struct api_reply *reply;
	struct account_row row;
	int (*change)(struct change_job *job);
};

static int run_change(sqlite3 *db, void *arg)
{
	struct change_job *job = arg;
	int rc = job->change(job);

	return rc ? rc : account_save_state(db, &job->row);
}

/* The account's id once the change is committed, else 0 (the error is in reply). */
static int64_t change_account(struct api_call *call, struct api_reply *reply, int (*change)(struct change_job *))
{
	struct change_job job = { .app = call->app, .call = call, .reply = reply, .change = change };
	int rc;

	if (account_param(call, reply, &job.row))
		return 0;
	rc = db_transaction(call->app->db, run_change, &job);
	if (rc == -EINVAL)
		return 0;	/* the change wrote its 400 */
	if (rc) {
		api_error(reply, 500, NULL, "database error saving the account");
		return 0;
	}
	api_ok(reply, 200, account_json(call->app->db, &job.row));
	return job.row.id;
}

static int do_topup(struct change_job *job)
{
	struct topup t = { .bucket = -1 };
	const char *extend = NULL;
	int64_t bucket = -1;
	int overwrite = 0, rc;
	char err[256];

	if (param_int(job->call, job->reply, "time", 0, 0, INT64_MAX, &t.time_amount) < 0 ||
	    param_int(job->call, job->reply, "data", 0, 0, INT64_MAX, &t.data_amount) < 0 ||
	    param_int(job->call, job->reply, "bucket", 0, -1, ACCOUNT_MAX_BUCKETS - 1, &bucket) < 0 ||
	    param_bool(job->call, job->reply, "overwrite", 0, &overwrite) < 0 ||
	    param_string(job->call, job->reply, "extend", 0, 16, &extend) < 0)
		return -EINVAL;
	if (extend && duration_parse(extend, &t.extend) != 0) {
		api_error(job->reply, 400, "extend", "extend must be a count and a unit: 30min, 12h, 1d, 2w, 3mo");
		return -EINVAL;
	}
	if (!t.time_amount && !t.data_amount && !extend) {
		api_error(job->reply, 400, "time", "give time, data and/or extend");
		return -EINVAL;
	}
	t.bucket = (int)bucket;
	t.overwrite = overwrite;
	struct plan_meta meta = { .location_id = job->row.location_id };
	struct plan plan;

	/* the account's location is its plan's */
	plan_load(job->app->db, job->row.plan_id, job->row.plan_version, &plan, &meta);
	rc = account_topup(&job->row.state, &t, aaa_zone(job->app, meta.location_id), time(NULL), err, sizeof(err));
	if (rc != 0) {
		api_error(job->reply, 400, "bucket", "%s", err);
		return -EINVAL;
	}
	return 0;
}

static int do_suspend(struct change_job *job)
{
	account_suspend(&job->row.state);
	return 0;
}

static int do_resume(struct change_job *job)
{
	account_resume(&job->row.state);
	return 0;
}

static void topup(struct api_call *call, struct api_reply *reply)
{
	int64_t id = change_account(call, reply, do_topup);

	/* a guest online goes on with the new allowance, without logging in again */
	if (id)
		aaa_account_changed(call->app, id, time(NULL));
}

static void suspend(struct api_call *call, struct api_reply *reply)
{
	struct account_row row;

	change_account(call, reply, do_suspend);
	/* a suspended guest goes offline now; use stays possible after resume */
	if (reply->status == 200 && account_param(call, reply, &row) == 0) {
		sqlite3_stmt *st;
		int64_t ids[16];
		int n = 0;

		if (db_prepare(call->app->db, "SELECT id FROM sessions WHERE account_id = ? AND stopped_at IS NULL", &st) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, row.id);
			while (sqlite3_step(st) == SQLITE_ROW && n < 16)
				ids[n++] = sqlite3_column_int64(st, 0);
			db_release(st);
		}
		for (int i = 0; i < n; i++) {
			struct session_ref ref;

			if (aaa_session_ref(call->app, ids[i], &ref) == 0 &&
			    aaa_stop(call->app, ids[i], 0, 0, AAA_UNTIL_NOW, STOP_SUSPENDED, time(NULL)) == 0) {
				const struct enforcer *e = ref.nas_id ? &call->app->nas : &call->app->local;

				if (e->disconnect)
					e->disconnect(call->app, &ref, STOP_SUSPENDED);
			}
		}
		api_reply_free(reply);
		api_ok(reply, 200, account_json(call->app->db, &row));
	}
}

static void resume(struct api_call *call, struct api_reply *reply)
{
	change_account(call, reply, do_resume);
}

static void add_device(struct api_call *call, struct api_reply *reply)
{
	struct account_row row;
	const char *text;
	char mac[MAC_TEXT_LEN];

	if (account_param(call, reply, &row) || param_string(call, reply, "mac", 1, 32, &text) < 0)
		return;
	if (mac_canonical(text, mac, sizeof(mac)) != 0) {
		api_error(reply, 400, "mac", "\"%s\" is not a MAC address (e.g. aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff)", text);
		return;
	}
	if (device_bind(call->app->db, row.id, mac, time(NULL)) != 0) {
		api_error(reply, 500, NULL, "database error binding the device");
		return;
	}
	api_ok(reply, 200, account_json(call->app->db, &row));
}

static void remove_device(struct api_call *call, struct api_reply *reply)
{
	struct account_row row;
	char mac[MAC_TEXT_LEN];
	int rc;

	if (account_param(call, reply, &row))
		return;
	if (mac_canonical(call->params[1], mac, sizeof(mac)) != 0) {
		api_error(reply, 400, "mac", "\"%s\" is not a MAC address", call->params[1]);
		return;
	}
	rc = device_unbind(call->app->db, row.id, mac);
	if (rc == -ENOENT)
		api_error(reply, 404, "mac", "%s is not bound to account %lld", mac, (long long)row.id);
	else if (rc)
		api_error(reply, 500, NULL, "database error unbinding the device");
	else
		api_ok(reply, 200, account_json(call->app->db, &row));
}

static const char *const bucket_kinds[] = { "free", "paid", NULL };
static const char *const refill_modes[] = { "none", "add", "overwrite", NULL };
static const char *const period_units[] = { "none", "day", "week", "month", "year", NULL };

/* POST /api/v1/accounts/:id/buckets: another bucket (free ones are used
 * first), optionally refilled every period (add to or overwrite what is
 * left): {"kind": "free", "data": 100000000, "refill": {"mode": "overwrite",
 * "unit": "day"}} */
static int do_add_bucket(struct change_job *job)
{
	struct api_call *call = job->call;
	struct bucket b = { .time_left = BUCKET_UNLIMITED, .data_left = BUCKET_UNLIMITED };
	json_t *refill = json_object_get(call->body, "refill");
	int kind = BUCKET_FREE;
	int64_t count = 1;
	char err[256];
	int rc;

	if (param_enum(call, job->reply, "kind", 0, bucket_kinds, &kind) < 0 ||
	    param_int(call, job->reply, "time", 0, -1, INT64_MAX, &b.time_left) < 0 ||
	    param_int(call, job->reply, "data", 0, -1, INT64_MAX, &b.data_left) < 0 ||
	    param_int(call, job->reply, "valid_until", 0, 0, INT64_MAX, &b.valid_until) < 0)
		return -EINVAL;
	if (b.time_left == BUCKET_UNLIMITED && b.data_left == BUCKET_UNLIMITED) {
		api_error(job->reply, 400, "time", "give time and/or data (seconds, bytes; -1 = unlimited)");
		return -EINVAL;
	}
	if (refill && !json_is_null(refill)) {
		struct api_call sub = *call;
		int mode = REFILL_ADD, unit = PERIOD_DAY, aligned = 1;

		sub.body = refill;
		if (!json_is_object(refill) || param_enum(&sub, job->reply, "mode", 1, refill_modes, &mode) < 0 ||
		    param_enum(&sub, job->reply, "unit", 1, period_units, &unit) < 0 ||
		    param_int(&sub, job->reply, "count", 0, 1, 1000, &count) < 0 ||
		    param_bool(&sub, job->reply, "aligned", 0, &aligned) < 0) {
			if (!json_is_object(refill))
				api_error(job->reply, 400, "refill", "refill must be an object {mode, unit, count, aligned}");
			return -EINVAL;
		}
		if (mode == REFILL_NONE || unit == PERIOD_NONE) {
			api_error(job->reply, 400, "refill", "a refill needs a mode (add, overwrite) and a unit (day, week, month, year)");
			return -EINVAL;
		}
		b.refill = (struct bucket_refill){
			.mode = (enum refill_mode)mode,
			.period = { .unit = (enum period_unit)unit, .count = (uint32_t)count, .aligned = aligned },
			.anchor = time(NULL),
			.time_amount = b.time_left,
			.data_amount = b.data_left,
			.last_index = -1,
		};
	}
	b.kind = (enum bucket_kind)kind;
	b.plan_id = job->row.plan_id;
	b.plan_version = job->row.plan_version;
	if ((rc = account_new_bucket_id(job->app->db, &b.id)))
		return rc;
	if (account_add_bucket(&job->row.state, &b, time(NULL), err, sizeof(err)) != 0) {
		api_error(job->reply, 409, "kind", "%s", err);
		return -EINVAL;
	}
	return 0;
}

static void add_bucket(struct api_call *call, struct api_reply *reply)
{
	change_account(call, reply, do_add_bucket);
}

/* POST /api/v1/accounts/:id/checkout: a postpaid account's charges since the
 * last checkout become one invoice line (for the bill or the hotel PMS) */
static int do_checkout(struct change_job *job)
{
	struct invoice_line line;
	struct plan plan;
	sqlite3_stmt *st;
	int rc;

	if (plan_load(job->app->db, job->row.plan_id, job->row.plan_version, &plan, NULL) != 0)
		return -EIO;
	rc = postpaid_checkout(&job->row.state.ledger, job->row.id, &plan, time(NULL), &line);
	if (rc == -ENODATA) {
		api_error(job->reply, 409, "account", "nothing to check out: no postpaid charges since the last checkout");
		return -EINVAL;
	}
	if (rc || db_prepare(job->app->db,
			     "INSERT INTO invoice_lines (account_id, plan_code, currency, from_at, to_at, seconds, "
			     "bytes, sessions, amount, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, line.account_id);
	sqlite3_bind_text(st, 2, line.plan_code, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, line.currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, line.from);
	sqlite3_bind_int64(st, 5, line.to);
	sqlite3_bind_int64(st, 6, line.seconds);
	sqlite3_bind_int64(st, 7, line.bytes);
	sqlite3_bind_int(st, 8, (int)line.sessions);
	sqlite3_bind_int64(st, 9, line.amount);
	sqlite3_bind_int64(st, 10, time(NULL));
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

static void checkout(struct api_call *call, struct api_reply *reply)
{
	change_account(call, reply, do_checkout);
	if (reply->status == 200) {
		sqlite3_stmt *st;

		/* the line just written, for the receipt */
		if (db_prepare(call->app->db, "SELECT plan_code, currency, from_at, to_at, seconds, bytes, "
					   "sessions, amount FROM invoice_lines WHERE account_id = ? ORDER BY id DESC LIMIT 1", &st) == SQLITE_OK) {
			sqlite3_bind_int64(st, 1, json_integer_value(json_object_get(reply->json, "id")));
			if (sqlite3_step(st) == SQLITE_ROW)
				json_object_set_new(reply->json, "invoice_line", json_pack(
					"{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I}",
					"plan_code", (const char *)sqlite3_column_text(st, 0),
					"currency", (const char *)sqlite3_column_text(st, 1),
					"from", (json_int_t)sqlite3_column_int64(st, 2), "to", (json_int_t)sqlite3_column_int64(st, 3),
					"seconds", (json_int_t)sqlite3_column_int64(st, 4), "bytes", (json_int_t)sqlite3_column_int64(st, 5),
					"sessions", (json_int_t)sqlite3_column_int64(st, 6), "amount", (json_int_t)sqlite3_column_int64(st, 7)));
			db_release(st);
		}
	}
}

/* GET /api/v1/cdr?from=&to= : usage records stopped in [from, to) as CSV */
static void cdr_export(struct api_call *call, struct api_reply *reply)
{
	static const char *const header[] = { "id", "session", "account", "username", "plan", "plan_version",
					      "bucket", "rate", "start", "stop", "seconds", "bytes_up", "bytes_down",
					      "charge", "currency", "cause", "stop_cause" };
	int64_t from = 0, to = INT64_MAX;
	struct csv c = { 0 };
	sqlite3_stmt *st;

	if (query_int(call, reply, "from", 0, 0, INT64_MAX, &from) < 0 ||
	    query_int(call, reply, "to", 0, 0, INT64_MAX, &to) < 0)
		return;
	if (to <= from) {
		api_error(reply, 400, "to", "to must be after from");
		return;
	}
	for (size_t i = 0; i < sizeof(header) / sizeof(header[0]); i++)
		csv_field(&c, header[i]);
	csv_end_row(&c);
	if (db_prepare(call->app->db,
		       "SELECT u.id, u.session_id, u.account_id, coalesce(a.username, ''), p.code, u.plan_version, "
		       "coalesce(u.bucket_id, ''), u.rate, u.start_at, u.stop_at, u.seconds, u.bytes_up, "
		       "u.bytes_down, u.charge, u.currency, u.cause, coalesce(u.stop_cause, '') "
		       "FROM usage_records u LEFT JOIN accounts a ON a.id = u.account_id "
		       "LEFT JOIN plans p ON p.id = u.plan_id WHERE u.stop_at >= ? AND u.stop_at < ? ORDER BY u.id", &st) != SQLITE_OK) {
		free(c.data);
		api_error(reply, 500, NULL, "database error reading usage records");
		return;
	}
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < 17; i++)
			csv_field(&c, (const char *)sqlite3_column_text(st, i));
		csv_end_row(&c);
	}
	db_release(st);
	if (c.failed) {
		free(c.data);
		api_error(reply, 500, NULL, "out of memory writing the CSV");
		return;
	}
	reply->status = 200;
	reply->content_type = "text/csv; charset=utf-8";
	reply->raw = c.data;
	reply->raw_len = c.len;
}

const struct api_route account_routes[] = {
	{ "GET", "/api/v1/accounts", list_accounts, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/accounts", add_account, 0 },
	{ "POST", "/api/v1/quick-tickets", quick_ticket, ROLE_OPERATOR },
	{ "GET", "/api/v1/accounts/:id", get_account, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/accounts/:id/topup", topup, 0 },
	{ "POST", "/api/v1/accounts/:id/suspend", suspend, 0 },
	{ "POST", "/api/v1/accounts/:id/resume", resume, 0 },
	{ "POST", "/api/v1/accounts/:id/buckets", add_bucket, 0 },
	{ "POST", "/api/v1/accounts/:id/checkout", checkout, ROLE_OPERATOR },
	{ "POST", "/api/v1/accounts/:id/devices", add_device, 0 },
	{ "DELETE", "/api/v1/accounts/:id/devices/:mac", remove_device, 0 },
	{ "GET", "/api/v1/cdr", cdr_export, ROLE_AUDITOR },
	{ 0 },
};
