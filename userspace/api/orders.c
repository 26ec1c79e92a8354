/* /api/v1/orders: packages bought on the guest portal. Staff confirm a
 * front-desk order by its reference once the guest has paid; that creates or
 * tops up the guest's account (portal/orders.c). /api/v1/portal/access-code
 * sets the access code of the day for the "sms-code" login. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/locations.h"
#include "portal/portal.h"
#include "store/stmt_cache.h"

static void list_orders(struct api_call *call, struct api_reply *reply)
{
	char state[16];
	json_t *items, *o;
	int has_state = api_query(call, "state", state, sizeof(state)) == 0;
	int64_t location;
	size_t i;

	if (has_state && strcmp(state, "pending") && strcmp(state, "paid") && strcmp(state, "cancelled")) {
		api_error(reply, 400, "state", "state must be pending, paid or cancelled");
		return;
	}
	if (api_query_location(call, reply, &location))
		return;
	if (portal_order_list(call->app, has_state ? state : NULL, 1000, &items) != 0) {
		api_error(reply, 500, NULL, "cannot read the orders");
		return;
	}
	json_array_foreach(items, i, o) {
		if (location && json_integer_value(json_object_get(o, "location")) != location)
			json_array_remove(items, i--);
	}
	api_ok(reply, 200, json_pack("{s:o}", "items", items));
}

/* the order in the path, when the caller may see its location */
static int visible_order(struct api_call *call, struct api_reply *reply, json_t **out)
{
	if (portal_order_get(call->app, call->params[0], out) != 0) {
		api_error(reply, 404, NULL, "no order %s", call->params[0]);
		return -ENOENT;
	}
	if (!api_location_visible(call, json_integer_value(json_object_get(*out, "location")))) {
		json_decref(*out);
		api_error(reply, 404, NULL, "no order %s", call->params[0]);
		return -ENOENT;
	}
	return 0;
}

static void get_order(struct api_call *call, struct api_reply *reply)
{
	json_t *o;

	if (visible_order(call, reply, &o) == 0)
		api_ok(reply, 200, o);
}

static void confirm_order(struct api_call *call, struct api_reply *reply)
{
	char err[256];
	json_t *o;
	int rc;

	if (visible_order(call, reply, &o))
		return;
	json_decref(o);
	rc = portal_order_confirm(call->app, call->params[0], call->caller.user[0] ? call->caller.user : "local",
				  time(NULL), err, sizeof(err));
	if (rc) {
		api_error(reply, rc == -ENOENT ? 404 : rc == -EALREADY ? 409 : rc == -ENOSPC ? 409 : 500, NULL, "%s",
			  err[0] ? err : "cannot confirm the order");
		return;
	}
	if (portal_order_get(call->app, call->params[0], &o) != 0) {
		api_error(reply, 500, NULL, "the order vanished");
		return;
	}
	api_ok(reply, 200, o);
}

static void set_access_code(struct api_call *call, struct api_reply *reply)
{
	const char *code = json_string_value(json_object_get(call->body, "code"));
	int64_t location = portal_location(call->app);
	sqlite3_stmt *st;
	int rc;

	if (!code || strlen(code) < 3 || strlen(code) > 32) {
		api_error(reply, 400, "code", "code: 3 to 32 characters");
		return;
	}
	for (const char *c = code; *c; c++) {
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f) {
			api_error(reply, 400, "code", "code: letters, digits and punctuation, no spaces");
			return;
		}
	}
	if (api_body_location(call, reply, "location", &location))
		return;
	if (db_prepare(call->app->db,
		       "INSERT INTO portal_settings (location_id, key, value, updated_at) VALUES "
		       "(?3, 'access_code', ?1, ?2) ON CONFLICT (location_id, key) DO UPDATE SET "
		       "value = excluded.value, updated_at = excluded.updated_at", &st) != SQLITE_OK) {
		api_error(reply, 500, NULL, "cannot store the access code");
		return;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, time(NULL));
	sqlite3_bind_int64(st, 3, location);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE) {
		api_error(reply, 500, NULL, "cannot store the access code");
		return;
	}
	api_ok(reply, 200, json_pack("{s:s, s:I}", "code", code, "location", (json_int_t)location));
}

const struct api_route order_routes[] = {
	{ "GET", "/api/v1/orders", list_orders, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "GET", "/api/v1/orders/:reference", get_order, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/orders/:reference/confirm", confirm_order, ROLE_OPERATOR },
	{ "PUT", "/api/v1/portal/access-code", set_access_code, ROLE_OPERATOR },
	{ 0 },
};
