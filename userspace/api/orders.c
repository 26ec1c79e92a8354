/* /api/v1/orders: packages bought on the guest portal. Staff confirm a
 * front-desk order by its reference once the guest has paid; that creates or
 * tops up the guest's account (portal/orders.c). /api/v1/portal/access-code
 * sets the access code of the day for the "sms-code" login. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "portal/portal.h"

static void list_orders(struct api_call *call, struct api_reply *reply)
{
	char state[16];
	json_t *items;
	int has_state = api_query(call, "state", state, sizeof(state)) == 0;

	if (has_state && strcmp(state, "pending") && strcmp(state, "paid") && strcmp(state, "cancelled")) {
		api_error(reply, 400, "state", "state must be pending, paid or cancelled");
		return;
	}
	if (portal_order_list(call->app, has_state ? state : NULL, 1000, &items) != 0) {
		api_error(reply, 500, NULL, "cannot read the orders");
		return;
	}
	api_ok(reply, 200, json_pack("{s:o}", "items", items));
}

static void get_order(struct api_call *call, struct api_reply *reply)
{
	json_t *o;

	if (portal_order_get(call->app, call->params[0], &o) != 0) {
		api_error(reply, 404, NULL, "no order %s", call->params[0]);
		return;
	}
	api_ok(reply, 200, o);
}

static void confirm_order(struct api_call *call, struct api_reply *reply)
{
	char err[256];
	json_t *o;
	int rc = portal_order_confirm(call->app, call->params[0], call->caller.user[0] ? call->caller.user : "local",
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
	if (sqlite3_prepare_v2(call->app->db,
			       "INSERT INTO portal_settings (location_id, key, value, updated_at) VALUES "
			       "(1, 'access_code', ?, ?) ON CONFLICT (location_id, key) DO UPDATE SET "
			       "value = excluded.value, updated_at = excluded.updated_at",
			       -1, &st, NULL) != SQLITE_OK) {
		api_error(reply, 500, NULL, "cannot store the access code");
		return;
	}
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, time(NULL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		api_error(reply, 500, NULL, "cannot store the access code");
		return;
	}
	api_ok(reply, 200, json_pack("{s:s}", "code", code));
}

const struct api_route order_routes[] = {
	{ "GET", "/api/v1/orders", list_orders, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "GET", "/api/v1/orders/:reference", get_order, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/orders/:reference/confirm", confirm_order, ROLE_OPERATOR },
	{ "PUT", "/api/v1/portal/access-code", set_access_code, ROLE_OPERATOR },
	{ 0 },
};
