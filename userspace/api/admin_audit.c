/* GET /api/v1/audit: the audit log, newest first (admins and auditors).
 * ?user= filters by who, ?from= and ?to= (epoch seconds) by when. */
#include <errno.h>

#include "api/api.h"
#include "api/params.h"
#include "auth/audit.h"

static void add_item(const struct audit_entry *e, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:i, s:s}",
					     "id", (json_int_t)e->id,
					     "at", (json_int_t)e->at,
					     "user", e->username,
					     "role", e->role,
					     "from", e->peer,
					     "method", e->method,
					     "path", e->path,
					     "status", e->status,
					     "summary", e->summary));
}

static void list_audit(struct api_call *call, struct api_reply *reply)
{
	struct audit_filter f = { 0 };
	struct page page;
	char user[80];
	int64_t total, from = 0, to = 0;
	json_t *items;
	int rc;

	if (param_page(call, reply, 100, 1000, &page) ||
	    query_int(call, reply, "from", 0, 0, INT64_MAX / 2, &from) < 0 ||
	    query_int(call, reply, "to", 0, 0, INT64_MAX / 2, &to) < 0)
		return;
	rc = api_query(call, "user", user, sizeof(user));
	if (rc == -E2BIG || rc == -EINVAL) {
		api_error(reply, 400, "user", "user must be an admin user's name");
		return;
	}
	if (rc == 0)
		f.username = user;
	f.from = from;
	f.to = to;
	items = json_array();
	if (audit_list(call->app->db, &f, (page.page - 1) * page.per_page, page.per_page, &total,
		       add_item, items) != 0) {
		json_decref(items);
		api_error(reply, 500, NULL, "database error reading the audit log");
		return;
	}
	api_ok(reply, 200, page_result(items, total, &page));
}

const struct api_route audit_routes[] = {
	{ "GET", "/api/v1/audit", list_audit, ROLE_AUDITOR },
	{ 0 },
};
