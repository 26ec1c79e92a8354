/* /api/v1/batches and /api/v1/vouchers: the ticket generator (preview, then
 * commit), batches, tickets, CSV export and PDF printing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/locations.h"
#include "api/csv.h"
#include "aaa/aaa.h"
#include "api/params.h"
#include "billing_json/plan_text.h"
#include "store/location.h"
#include "store/plan.h"
#include "store/settings.h"
#include "store/voucher.h"
#include "voucher/sheet.h"
#include "store/stmt_cache.h"

static const char *const charset_names[] = { "digits", "upper", "lower-digits", "unambiguous", NULL };

/* the plan a request names by id or name, live, at its current version, of
 * *location (0: wherever it is; *location is then set to the plan's) */
static int live_plan(struct api_call *call, struct api_reply *reply, const char *field, int64_t *location,
		     struct plan *p)
{
	json_t *v = json_object_get(call->body, field);
	int64_t id = 0;

	if (json_is_integer(v))
		id = json_integer_value(v);
	else if (json_is_string(v) &&
		 plan_find_name(call->app->db, *location ? *location : LOCATION_DEFAULT, json_string_value(v), &id) != 0)
		id = -1;
	else if (!v) {
		api_error(reply, 400, field, "%s is required (a plan id or name)", field);
		return -EINVAL;
	}
	struct plan_meta meta;
	if (id <= 0 || plan_load(call->app->db, id, 0, p, &meta) != 0 ||
	    (*location && meta.location_id != *location)) {
		if (json_is_string(v) || *location)
			api_error(reply, 400, field, "no such plan at location %lld: %s (a plan of another location "
				  "needs its \"location\")", (long long)(*location ? *location : LOCATION_DEFAULT),
				  json_is_string(v) ? json_string_value(v) : "that id");
		else
			api_error(reply, 400, field, "no such plan: that id");
		return -ENOENT;
	}
	if (meta.retired_at) {
		api_error(reply, 400, field, "plan \"%s\" is retired", p->name);
		return -EINVAL;
	}
	*location = meta.location_id;
	return 0;
}

static json_t *batch_json(sqlite3 *db, const struct voucher_batch *b)
{
	struct plan p;
	const char *plan_name = plan_load(db, b->plan_id, b->plan_version, &p, NULL) == 0 ? p.name : "";

	return json_pack("{s:I, s:I, s:I, s:s, s:I, s:s, s:i, s:s, s:i, s:i, s:s, s:I, s:o}",
			 "id", (json_int_t)b->id, "location", (json_int_t)b->location_id,
			 "plan", (json_int_t)b->plan_id, "plan_name", plan_name,
			 "plan_version", (json_int_t)b->plan_version, "prefix", b->prefix, "length", b->length,
			 "charset", b->charset, "count", b->count, "pin_length", b->pin_length, "note", b->note,
			 "created_at", (json_int_t)b->created_at, "states", voucher_batch_states(db, b->id));
}

static void generate(struct api_call *call, struct api_reply *reply)
{
	struct voucher_batch b = { .location_id = 0, .length = 10, .count = 1, .created_at = time(NULL) };
	struct voucher_spec spec;
	struct voucher_gen *gen;
	struct plan p;
	const char *prefix = "", *note = "";
	int64_t count = 0, length = b.length, pin_length = 0;
	int charset = 3, dry_run = 0, rc;
	char err[256], field[32];
	json_t *preview;

	if (api_body_location(call, reply, "location", &b.location_id) ||
	    live_plan(call, reply, "plan", &b.location_id, &p) ||
	    param_int(call, reply, "count", 1, 1, VOUCHER_MAX_COUNT, &count) < 0 ||
	    param_int(call, reply, "length", 0, VOUCHER_LENGTH_MIN, VOUCHER_LENGTH_MAX, &length) < 0 ||
	    param_int(call, reply, "pin_length", 0, 0, VOUCHER_PIN_MAX, &pin_length) < 0 ||
	    param_enum(call, reply, "charset", 0, charset_names, &charset) < 0 ||
	    param_string(call, reply, "prefix", 0, VOUCHER_PREFIX_MAX, &prefix) < 0 ||
	    param_string(call, reply, "note", 0, sizeof(b.note) - 1, &note) < 0 ||
	    param_bool(call, reply, "dry_run", 0, &dry_run) < 0)
		return;
	spec = (struct voucher_spec){ .charset = charset_names[charset], .prefix = prefix,
				      .length = (unsigned)length, .count = (unsigned)count,
				      .pin_length = (unsigned)pin_length };
	if (voucher_gen_new(&gen, &spec, NULL, NULL, err, sizeof(err)) != 0) {
		/* the generator's messages start with the field's name */
		snprintf(field, sizeof(field), "%.*s", (int)strcspn(err, " "), err);
		api_error(reply, 400, field, "%s", err);
		return;
	}
	/* a preview is the first codes of a batch that is then thrown away */
	rc = voucher_gen_add(gen, dry_run ? (count < VOUCHER_PREVIEW ? (unsigned)count : VOUCHER_PREVIEW)
					  : (unsigned)count);
	if (rc == 0 && !dry_run) {
		b.plan_id = p.id;
		b.plan_version = p.version;
		snprintf(b.prefix, sizeof(b.prefix), "%s", prefix);
		b.length = (unsigned)length;
		snprintf(b.charset, sizeof(b.charset), "%s", charset_names[charset]);
		b.count = (unsigned)count;
		b.pin_length = (unsigned)pin_length;
		snprintf(b.note, sizeof(b.note), "%s", note);
		rc = voucher_batch_store(call->app->db, &b, gen);
	}
	if (rc) {
		voucher_gen_free(gen);
		api_error(reply, 500, NULL, "could not generate the batch (error %d); nothing was stored", rc);
		return;
	}
	preview = json_array();
	for (unsigned i = 0; i < voucher_gen_count(gen) && i < VOUCHER_PREVIEW; i++)
		json_array_append_new(preview, json_pack("{s:s, s:s?}", "code", voucher_gen_code(gen, i), "pin",
							 voucher_gen_pin(gen, i)));
	voucher_gen_free(gen);
	if (dry_run) {
		api_ok(reply, 200, json_pack("{s:b, s:o, s:I, s:s}", "dry_run", 1, "preview", preview, "count",
					     (json_int_t)count, "plan_name", p.name));
		return;
	}
	api_ok(reply, 201, batch_json(call->app->db, &b));
	json_object_set_new(reply->json, "preview", preview);
}

static int batch_param(struct api_call *call, struct api_reply *reply, struct voucher_batch *b)
{
	char *end;
	int64_t id = strtoll(call->params[0], &end, 10);

	if (*end || id <= 0 || voucher_batch_get(call->app->db, id, b) != 0 ||
	    !api_location_visible(call, b->location_id)) {
		api_error(reply, 404, "batch", "no batch %s", call->params[0]);
		return -ENOENT;
	}
	return 0;
}

static void list_batches(struct api_call *call, struct api_reply *reply)
{
	struct page page;
	sqlite3_stmt *st;
	json_t *items = json_array();
	int64_t total = 0, location;

	if (param_page(call, reply, 50, 1000, &page) || api_query_location(call, reply, &location)) {
		json_decref(items);
		return;
	}
	if (db_prepare(call->app->db, "SELECT count(*) FROM voucher_batches WHERE ?3 = 0 OR location_id = ?3",
		       &st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 3, location);
		if (sqlite3_step(st) == SQLITE_ROW)
			total = sqlite3_column_int64(st, 0);
		db_release(st);
	}
	if (db_prepare(call->app->db, "SELECT id FROM voucher_batches WHERE ?3 = 0 OR location_id = ?3 "
		       "ORDER BY id DESC LIMIT ?1 OFFSET ?2", &st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, page.per_page);
		sqlite3_bind_int64(st, 2, (page.page - 1) * page.per_page);
		sqlite3_bind_int64(st, 3, location);
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct voucher_batch b;

			if (voucher_batch_get(call->app->db, sqlite3_column_int64(st, 0), &b) == 0)
				json_array_append_new(items, batch_json(call->app->db, &b));
		}
		db_release(st);
	}
	api_ok(reply, 200, page_result(items, total, &page));
}

static void get_batch(struct api_call *call, struct api_reply *reply)
{
	struct voucher_batch b;

	if (batch_param(call, reply, &b) == 0)
		api_ok(reply, 200, batch_json(call->app->db, &b));
}

static void delete_unused(struct api_call *call, struct api_reply *reply)
{
	struct voucher_batch b;
	int64_t deleted;

	if (batch_param(call, reply, &b))
		return;
	if (voucher_batch_delete_unused(call->app->db, b.id, &deleted) != 0) {
		api_error(reply, 500, NULL, "database error deleting unused tickets");
		return;
	}
	api_ok(reply, 200, json_pack("{s:I, s:I}", "batch", (json_int_t)b.id, "deleted", (json_int_t)deleted));
}

static void reply_raw(struct api_reply *reply, const char *type, char *data, size_t len)
{
	reply->status = 200;
	reply->content_type = type;
	reply->raw = data;
	reply->raw_len = len;
}

static int list_all(struct api_call *call, int64_t batch_id, json_t *items)
{
	struct voucher_query q = { .batch_id = batch_id, .by_code = false, .limit = VOUCHER_MAX_COUNT };
	int64_t total;

	return voucher_list(call->app->db, &q, items, &total);
}

static void batch_csv(struct api_call *call, struct api_reply *reply)
{
	struct voucher_batch b;
	struct csv c = { 0 };
	json_t *items, *v;
	size_t i;

	if (batch_param(call, reply, &b))
		return;
	items = json_array();
	list_all(call, b.id, items);
	const char *const header[] = { "code", "pin", "plan", "state", "created_at", "first_used_at" };
	for (size_t h = 0; h < 6; h++)
		csv_field(&c, header[h]);
	csv_end_row(&c);
	json_array_foreach(items, i, v) {
		csv_field(&c, json_string_value(json_object_get(v, "code")));
		csv_field(&c, json_string_value(json_object_get(v, "pin")));
		csv_field(&c, json_string_value(json_object_get(v, "plan_name")));
		csv_field(&c, json_string_value(json_object_get(v, "state")));
		csv_int(&c, json_integer_value(json_object_get(v, "created_at")));
		if (json_is_integer(json_object_get(v, "first_used_at")))
			csv_int(&c, json_integer_value(json_object_get(v, "first_used_at")));
		else
			csv_field(&c, "");
		csv_end_row(&c);
	}
	json_decref(items);
	if (c.failed) {
		free(c.data);
		api_error(reply, 500, NULL, "out of memory writing the CSV");
		return;
	}
	reply_raw(reply, "text/csv; charset=utf-8", c.data, c.len);
}

/* renders tickets (JSON objects from voucher_list) as an A4 sheet */
static void render_pdf(struct api_call *call, struct api_reply *reply, json_t *items)
{
	size_t n = json_array_size(items), i;
	struct voucher_ticket *tickets = calloc(n ? n : 1, sizeof(*tickets));
	char (*validity)[96] = calloc(n ? n : 1, sizeof(*validity));
	struct plan *plans = calloc(n ? n : 1, sizeof(*plans));
	char venue[128] = "spotgate", url[256] = "http://192.0.2.1/login?code={code}", err[256];
	unsigned char *pdf = NULL;
	size_t len = 0;
	json_t *v;
	int rc = 0;

	settings_get(call->app->db, "venue_name", venue, sizeof(venue));
	settings_get(call->app->db, "voucher_url", url, sizeof(url));
	struct location loc;
	if (n && location_get(call->app->db, json_integer_value(json_object_get(json_array_get(items, 0), "location")),
			      &loc) == 0 && loc.venue_name[0])
		snprintf(venue, sizeof(venue), "%.127s", loc.venue_name);
	json_array_foreach(items, i, v) {
		if (!tickets || !validity || !plans ||
		    plan_load(call->app->db, json_integer_value(json_object_get(v, "plan")),
			      (uint32_t)json_integer_value(json_object_get(v, "plan_version")), &plans[i], NULL)) {
			rc = -EIO;
			break;
		}
		plan_validity_text(&plans[i], validity[i], sizeof(validity[i]));
		tickets[i] = (struct voucher_ticket){
			.code = json_string_value(json_object_get(v, "code")),
			.pin = json_string_value(json_object_get(v, "pin")),
			.plan = plans[i].name,
			.price_minor = plan_is_cyclic(&plans[i]) ? plans[i].cyclic.price_per_cycle : plans[i].price,
			.currency = plans[i].currency,
			.validity = validity[i],
		};
	}
	const struct voucher_sheet_layout layout = { .venue = venue, .url_template = url };
	if (rc == 0)
		rc = voucher_sheet_render(tickets, n, &layout, &pdf, &len, err, sizeof(err));
	else
		snprintf(err, sizeof(err), "could not read the tickets' plans");
	free(tickets);
	free(validity);
	free(plans);
	if (rc) {
		api_error(reply, n ? 500 : 400, NULL, "%s", err);
		return;
	}
	reply_raw(reply, "application/pdf", (char *)pdf, len);
}

static void batch_pdf(struct api_call *call, struct api_reply *reply)
{
	struct voucher_batch b;
	json_t *items;

	if (batch_param(call, reply, &b))
		return;
	items = json_array();
	list_all(call, b.id, items);
	render_pdf(call, reply, items);
	json_decref(items);
}

/* a ticket by code, when the caller may see its location; -ENOENT */
static int visible_voucher(struct api_call *call, const char *code, json_t **out)
{
	int rc = voucher_get(call->app->db, code, out);

	if (rc == 0 && !api_location_visible(call, json_integer_value(json_object_get(*out, "location")))) {
		json_decref(*out);
		*out = NULL;
		rc = -ENOENT;
	}
	return rc;
}

/* POST /api/v1/vouchers/pdf {"codes": [...]} prints a selection */
static void codes_pdf(struct api_call *call, struct api_reply *reply)
{
	json_t *codes = json_object_get(call->body, "codes"), *c, *items;
	size_t i;

	if (!json_is_array(codes) || json_array_size(codes) == 0 || json_array_size(codes) > 10000) {
		api_error(reply, 400, "codes", "codes must be a list of 1 to 10000 voucher codes");
		return;
	}
	items = json_array();
	json_array_foreach(codes, i, c) {
		json_t *v;

		if (!json_is_string(c) || visible_voucher(call, json_string_value(c), &v) != 0) {
			api_error(reply, 404, "codes", "no voucher %s", json_is_string(c) ? json_string_value(c) : "");
			json_decref(items);
			return;
		}
		json_array_append_new(items, v);
	}
	render_pdf(call, reply, items);
	json_decref(items);
}

static void list_vouchers(struct api_call *call, struct api_reply *reply)
{
	struct voucher_query q = { 0 };
	struct page page;
	char search[64] = "", sort[16] = "created", order[8] = "asc";
	int64_t hide_unused = 0, hide_expired = 0, total;
	json_t *items;

	if (param_page(call, reply, 50, 1000, &page) || query_int(call, reply, "batch", 0, 1, INT64_MAX, &q.batch_id) < 0 ||
	    api_query_location(call, reply, &q.location_id) ||
	    query_int(call, reply, "hide_unused", 0, 0, 1, &hide_unused) < 0 ||
	    query_int(call, reply, "hide_expired", 0, 0, 1, &hide_expired) < 0)
		return;
	api_query(call, "q", search, sizeof(search));
	api_query(call, "sort", sort, sizeof(sort));
	api_query(call, "order", order, sizeof(order));
	if (strcmp(sort, "code") != 0 && strcmp(sort, "created") != 0) {
		api_error(reply, 400, "sort", "sort must be code or created, not \"%s\"", sort);
		return;
	}
	if (strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0) {
		api_error(reply, 400, "order", "order must be asc or desc, not \"%s\"", order);
		return;
	}
	q.search = search;
	q.hide_unused = hide_unused;
	q.hide_expired = hide_expired;
	q.by_code = strcmp(sort, "code") == 0;
	q.descending = strcmp(order, "desc") == 0;
	q.offset = (page.page - 1) * page.per_page;
	q.limit = page.per_page;
	items = json_array();
	if (voucher_list(call->app->db, &q, items, &total) != 0) {
		json_decref(items);
		api_error(reply, 500, NULL, "database error listing vouchers");
		return;
	}
	api_ok(reply, 200, page_result(items, total, &page));
}

static void get_voucher(struct api_call *call, struct api_reply *reply)
{
	json_t *v;
	int rc = visible_voucher(call, call->params[0], &v);

	if (rc == -ENOENT)
		api_error(reply, 404, "code", "no voucher %s", call->params[0]);
	else if (rc)
		api_error(reply, 500, NULL, "database error reading the voucher");
	else
		api_ok(reply, 200, v);
}

static void delete_voucher(struct api_call *call, struct api_reply *reply)
{
	int rc = voucher_delete_unused(call->app->db, call->params[0]);

	if (rc == -ENOENT)
		api_error(reply, 404, "code", "no voucher %s", call->params[0]);
	else if (rc == -EBUSY)
		api_error(reply, 409, "code", "voucher %s was used; expire it instead of deleting it", call->params[0]);
	else if (rc)
		api_error(reply, 500, NULL, "database error deleting the voucher");
	else
		api_ok(reply, 200, json_pack("{s:s}", "deleted", call->params[0]));
}

static void expire_voucher(struct api_call *call, struct api_reply *reply)
{
	int64_t account = 0;
	int rc = voucher_expire(call->app->db, call->params[0], &account);

	if (rc == -ENOENT)
		api_error(reply, 404, "code", "no voucher %s", call->params[0]);
	else if (rc == -EALREADY)
		api_error(reply, 409, "code", "voucher %s is not in use; delete it if it is unused", call->params[0]);
	else if (rc)
		api_error(reply, 500, NULL, "database error expiring the voucher");
	else {
		if (account)
			aaa_end_account(call->app, account, STOP_ADMIN, time(NULL));
		get_voucher(call, reply);
	}
}

const struct api_route voucher_routes[] = {
	{ "POST", "/api/v1/batches", generate, ROLE_OPERATOR },
	{ "GET", "/api/v1/batches", list_batches, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "GET", "/api/v1/batches/:id", get_batch, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/batches/:id/delete-unused", delete_unused, 0 },
	{ "GET", "/api/v1/batches/:id/csv", batch_csv, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "GET", "/api/v1/batches/:id/pdf", batch_pdf, ROLE_OPERATOR },
	{ "GET", "/api/v1/vouchers", list_vouchers, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/vouchers/pdf", codes_pdf, ROLE_OPERATOR },
	{ "GET", "/api/v1/vouchers/:code", get_voucher, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "DELETE", "/api/v1/vouchers/:code", delete_voucher, 0 },
	{ "POST", "/api/v1/vouchers/:code/expire", expire_voucher, 0 },
	{ 0 },
};
