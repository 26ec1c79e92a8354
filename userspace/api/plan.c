/* /api/v1/plans: plans (rates, packages, products) and their versions. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/locations.h"
#include "api/params.h"
#include "billing_json/plan_json.h"
#include "store/db.h"
#include "store/location.h"
#include "store/plan.h"
#include "store/settings.h"

static json_t *plan_item(const struct plan *p, const struct plan_meta *meta)
{
	json_t *o = plan_to_json(p);

	json_object_set_new(o, "location", json_integer(meta->location_id));
	json_object_set_new(o, "sold_on_portal", json_boolean(meta->sold_on_portal));
	json_object_set_new(o, "current_version", json_integer(meta->current_version));
	json_object_set_new(o, "created_at", json_integer(meta->created_at));
	json_object_set_new(o, "retired_at", meta->retired_at ? json_integer(meta->retired_at) : json_null());
	return o;
}

/* plan_validate()'s "field: problem" as a 400 naming the field by its JSON path */
static int validate(const struct plan *p, struct api_reply *reply)
{
	char err[256], field[96];

	if (plan_json_validate(p, field, sizeof(field), err, sizeof(err)) == 0)
		return 0;
	api_error(reply, 400, field[0] ? field : NULL, "%s", err);
	return -EINVAL;
}

static int plan_id_param(struct api_call *call, struct api_reply *reply, int64_t *id)
{
	struct plan_meta meta;
	struct plan p;
	int64_t location = 0;
	char *end;

	if (api_query_location(call, reply, &location))
		return -EINVAL;
	*id = strtoll(call->params[0], &end, 10);
	if (*end || *id <= 0) {
		/* a name works too: "spotctl plan show '1 hour'" (at ?location=, else 1) */
		if (plan_find_name(call->app->db, location ? location : LOCATION_DEFAULT, call->params[0], id) == 0)
			return 0;
		api_error(reply, 404, "plan", "no plan \"%s\"", call->params[0]);
		return -ENOENT;
	}
	/* another location's plan is as unknown to an operator as a missing one */
	if (call->caller.role == ROLE_OPERATOR &&
	    (plan_load(call->app->db, *id, 0, &p, &meta) != 0 || !api_location_visible(call, meta.location_id))) {
		api_error(reply, 404, "plan", "no plan %lld", (long long)*id);
		return -ENOENT;
	}
	return 0;
}

static void reply_plan(struct api_call *call, struct api_reply *reply, int64_t id, uint32_t version,
		       int status)
{
	struct plan p;
	struct plan_meta meta;
	int rc = plan_load(call->app->db, id, version, &p, &meta);

	if (rc == -ENOENT)
		api_error(reply, 404, version ? "version" : "plan", "no plan %lld%s", (long long)id,
			  version ? " at that version" : "");
	else if (rc)
		api_error(reply, 500, NULL, "database error reading plan %lld", (long long)id);
	else
		api_ok(reply, status, plan_item(&p, &meta));
}

static void list_plans(struct api_call *call, struct api_reply *reply)
{
	struct page page;
	int64_t retired = 0, location, total, ids[1000];
	size_t n;
	json_t *items;

	if (param_page(call, reply, 100, 1000, &page) ||
	    query_int(call, reply, "retired", 0, 0, 1, &retired) < 0 || api_query_location(call, reply, &location))
		return;
	if (plan_list(call->app->db, retired, location, (page.page - 1) * page.per_page, page.per_page, ids, &n,
		      &total)) {
		api_error(reply, 500, NULL, "database error listing plans");
		return;
	}
	items = json_array();
	for (size_t i = 0; i < n; i++) {
		struct plan p;
		struct plan_meta meta;

		if (plan_load(call->app->db, ids[i], 0, &p, &meta) == 0)
			json_array_append_new(items, plan_item(&p, &meta));
	}
	api_ok(reply, 200, page_result(items, total, &page));
}

static int read_meta(struct api_call *call, struct api_reply *reply, struct plan_meta *meta)
{
	int portal = meta->sold_on_portal;
	int64_t location = meta->location_id;

	if (param_bool(call, reply, "sold_on_portal", 0, &portal) < 0 ||
	    api_body_location(call, reply, "location", &location) < 0)
		return -EINVAL;
	if (meta->created_at && location != meta->location_id) {
		api_error(reply, 400, "location", "a plan stays at its location (%lld); retire it and add one at "
			  "location %lld", (long long)meta->location_id, (long long)location);
		return -EINVAL;
	}
	meta->sold_on_portal = portal;
	meta->location_id = location;
	return 0;
}

static void add_plan(struct api_call *call, struct api_reply *reply)
{
	struct plan p;
	struct plan_meta meta = { .location_id = 1 };
	char currency[8] = "EUR", field[96], err[256];
	int rc;

	settings_get(call->app->db, "currency", currency, sizeof(currency));
	if (api_body_location(call, reply, "location", &meta.location_id))
		return;
	struct location loc;
	if (location_get(call->app->db, meta.location_id, &loc) == 0 && loc.currency[0])
		snprintf(currency, sizeof(currency), "%s", loc.currency);
	plan_defaults(&p, currency);
	if (!json_object_get(call->body, "name")) {
		api_error(reply, 400, "name", "name is required");
		return;
	}
	if (plan_from_json(call->body, &p, field, sizeof(field), err, sizeof(err)) != 0) {
		api_error(reply, 400, field, "%s", err);
		return;
	}
	if (!p.code[0])		/* Endian's advice when no PMS needs a code */
		snprintf(p.code, sizeof(p.code), "%.*s", (int)sizeof(p.code) - 1, p.name);
	if (read_meta(call, reply, &meta) || validate(&p, reply))
		return;
	rc = plan_insert(call->app->db, &p, &meta, time(NULL));
	if (rc == -EEXIST) {
		api_error(reply, 409, "name", "a plan named \"%s\" exists already", p.name);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error adding the plan");
		return;
	}
	reply_plan(call, reply, p.id, 0, 201);
}

static void get_plan(struct api_call *call, struct api_reply *reply)
{
	int64_t id, version = 0;

	if (plan_id_param(call, reply, &id) || query_int(call, reply, "version", 0, 1, INT32_MAX, &version) < 0)
		return;
	reply_plan(call, reply, id, (uint32_t)version, 200);
}

struct edit {
	struct plan *plan;
	struct plan_meta *meta;
	bool new_version;
};

static int write_edit(sqlite3 *db, void *arg)
{
	struct edit *e = arg;

	return plan_update(db, e->plan, e->meta, time(NULL), &e->new_version);
}

static void edit_plan(struct api_call *call, struct api_reply *reply)
{
	struct plan p;
	struct plan_meta meta;
	struct edit e = { &p, &meta, false };
	char field[96], err[256];
	int64_t id;
	int rc;

	if (plan_id_param(call, reply, &id))
		return;
	rc = plan_load(call->app->db, id, 0, &p, &meta);
	if (rc) {
		api_error(reply, rc == -ENOENT ? 404 : 500, "plan", "no plan %lld", (long long)id);
		return;
	}
	if (meta.retired_at) {
		api_error(reply, 409, "plan", "plan %lld is retired", (long long)id);
		return;
	}
	if (plan_from_json(call->body, &p, field, sizeof(field), err, sizeof(err)) != 0) {
		api_error(reply, 400, field, "%s", err);
		return;
	}
	if (read_meta(call, reply, &meta) || validate(&p, reply))
		return;
	p.id = id;
	rc = db_transaction(call->app->db, write_edit, &e);
	if (rc == -EEXIST) {
		api_error(reply, 409, "name", "a plan named \"%s\" exists already", p.name);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error saving the plan");
		return;
	}
	reply_plan(call, reply, id, 0, 200);
	json_object_set_new(reply->json, "new_version", json_boolean(e.new_version));
}

static void retire_plan(struct api_call *call, struct api_reply *reply)
{
	int64_t id;
	int rc;

	if (plan_id_param(call, reply, &id))
		return;
	rc = plan_retire(call->app->db, id, time(NULL));
	if (rc == -ENOENT)
		api_error(reply, 404, "plan", "no live plan %lld", (long long)id);
	else if (rc)
		api_error(reply, 500, NULL, "database error retiring the plan");
	else
		reply_plan(call, reply, id, 0, 200);
}

const struct api_route plan_routes[] = {
	{ "GET", "/api/v1/plans", list_plans, ROLE_AUDITOR | ROLE_OPERATOR },
	{ "POST", "/api/v1/plans", add_plan, 0 },
	{ "GET", "/api/v1/plans/:id", get_plan, ROLE_AUDITOR | ROLE_OPERATOR },
	{ "PATCH", "/api/v1/plans/:id", edit_plan, 0 },
	{ "DELETE", "/api/v1/plans/:id", retire_plan, 0 },
	{ 0 },
};
