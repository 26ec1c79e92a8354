/* /api/v1/locations: the venues, each with its time zone and portal
 * branding. Admins change them; auditors read them; an operator sees the
 * one they work for. Also the helpers other resources use to read a
 * "location" from a request (api/locations.h). */
#include "api/locations.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/params.h"
#include "billing/tz.h"
#include "common/log.h"
#include "store/location.h"

/* --- locations named in requests ------------------------------------------------- */

bool api_location_visible(const struct api_call *call, int64_t location_id)
{
	return call->caller.role != ROLE_OPERATOR || call->caller.location_id == location_id;
}

static int own_only(struct api_call *call, struct api_reply *reply, const char *field, int64_t id)
{
	if (api_location_visible(call, id))
		return 0;
	api_error(reply, 403, field, "an operator works for location %lld only, not %lld",
		  (long long)call->caller.location_id, (long long)id);
	return -EPERM;
}

/* an id or a name (as text) into the location's id */
static int lookup(struct api_call *call, struct api_reply *reply, const char *field, const char *text,
		  int64_t *out)
{
	int rc = location_find(call->app->db, text, out);

	if (rc == -ENOENT) {
		api_error(reply, 400, field, "no location \"%s\" (give a location id or name)", text);
		return rc;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error looking up location \"%s\"", text);
		return rc;
	}
	return 0;
}

int api_body_location(struct api_call *call, struct api_reply *reply, const char *field, int64_t *out)
{
	json_t *v = json_object_get(call->body, field);
	char text[32];
	int64_t id;

	if (!v || json_is_null(v)) {
		if (call->caller.role == ROLE_OPERATOR)
			*out = call->caller.location_id;
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) > 0) {
		snprintf(text, sizeof(text), "%lld", (long long)json_integer_value(v));
		if (lookup(call, reply, field, text, &id))
			return -ENOENT;
	} else if (json_is_string(v) && json_string_length(v) > 0 && json_string_length(v) <= LOCATION_NAME_MAX) {
		if (lookup(call, reply, field, json_string_value(v), &id))
			return -ENOENT;
	} else {
		api_error(reply, 400, field, "%s must be a location id or name", field);
		return -EINVAL;
	}
	if (own_only(call, reply, field, id))
		return -EPERM;
	*out = id;
	return 0;
}

int api_query_location(struct api_call *call, struct api_reply *reply, int64_t *out)
{
	char text[LOCATION_NAME_MAX * 3 + 1];
	int rc = api_query(call, "location", text, sizeof(text));
	int64_t id;

	*out = call->caller.role == ROLE_OPERATOR ? call->caller.location_id : 0;
	if (rc == -ENOENT || (rc == 0 && !text[0]))
		return 0;
	if (rc) {
		api_error(reply, 400, "location", "location must be a location id or name");
		return -EINVAL;
	}
	if (lookup(call, reply, "location", text, &id) || own_only(call, reply, "location", id))
		return -EINVAL;
	*out = id;
	return 0;
}

/* --- the resource -------------------------------------------------------------------- */

static json_t *location_json(sqlite3 *db, const struct location *loc)
{
	struct location_usage u = { 0 };
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I}",
			      "id", (json_int_t)loc->id,
			      "name", loc->name,
			      "timezone", loc->timezone,
			      "venue_name", loc->venue_name,
			      "template", loc->template,
			      "currency", loc->currency,
			      "created_at", (json_int_t)loc->created_at);

	if (location_usage(db, loc->id, &u) == 0)
		json_object_set_new(o, "in_use", json_pack("{s:I, s:I, s:I, s:I, s:I}",
							   "plans", (json_int_t)u.plans,
							   "batches", (json_int_t)u.batches,
							   "accounts", (json_int_t)u.accounts,
							   "operators", (json_int_t)u.operators,
							   "orders", (json_int_t)u.orders));
	return o;
}

/* the location in the path (id or name) that the caller may see */
static int path_location(struct api_call *call, struct api_reply *reply, struct location *loc)
{
	int64_t id;
	int rc = location_find(call->app->db, call->params[0], &id);

	if (rc == 0)
		rc = location_get(call->app->db, id, loc);
	if (rc == 0 && !api_location_visible(call, loc->id))
		rc = -ENOENT;	/* another location is as unknown to an operator as a missing one */
	if (rc == -ENOENT)
		api_error(reply, 404, "location", "no location \"%s\"", call->params[0]);
	else if (rc)
		api_error(reply, 500, NULL, "database error reading location \"%s\"", call->params[0]);
	return rc;
}

struct list_ctx {
	sqlite3 *db;
	json_t *items;
};

static void add_item(const struct location *loc, void *arg)
{
	struct list_ctx *ctx = arg;

	json_array_append_new(ctx->items, location_json(ctx->db, loc));
}

static void list_locations(struct api_call *call, struct api_reply *reply)
{
	struct list_ctx ctx = { .db = call->app->db };
	struct page page;
	int64_t total, only = call->caller.role == ROLE_OPERATOR ? call->caller.location_id : 0;

	if (param_page(call, reply, 100, 1000, &page))
		return;
	ctx.items = json_array();
	if (location_list(call->app->db, only, (page.page - 1) * page.per_page, page.per_page, &total, add_item,
			  &ctx) != 0) {
		json_decref(ctx.items);
		api_error(reply, 500, NULL, "database error listing locations");
		return;
	}
	api_ok(reply, 200, page_result(ctx.items, total, &page));
}

static void get_location(struct api_call *call, struct api_reply *reply)
{
	struct location loc;

	if (path_location(call, reply, &loc) == 0)
		api_ok(reply, 200, location_json(call->app->db, &loc));
}

/* the body's fields onto loc; the name is required when adding */
static int read_fields(struct api_call *call, struct api_reply *reply, struct location *loc, int adding)
{
	const char *name = NULL, *zone = NULL, *venue = NULL, *template = NULL, *currency = NULL, *field = NULL;
	char err[512];

	if (param_string(call, reply, "name", adding, LOCATION_NAME_MAX, &name) < 0 ||
	    param_string(call, reply, "timezone", 0, sizeof(loc->timezone) - 1, &zone) < 0 ||
	    param_string(call, reply, "venue_name", 0, LOCATION_VENUE_MAX, &venue) < 0 ||
	    param_string(call, reply, "template", 0, LOCATION_TEMPLATE_MAX, &template) < 0 ||
	    param_string(call, reply, "currency", 0, 3, &currency) < 0)
		return -EINVAL;
	if (name)
		snprintf(loc->name, sizeof(loc->name), "%s", name);
	if (zone)
		snprintf(loc->timezone, sizeof(loc->timezone), "%s", zone);
	if (venue)
		snprintf(loc->venue_name, sizeof(loc->venue_name), "%s", venue);
	if (template)
		snprintf(loc->template, sizeof(loc->template), "%s", template);
	if (currency)
		snprintf(loc->currency, sizeof(loc->currency), "%s", currency);
	if (location_validate(loc, call->app->cfg.portal_dir, &field, err, sizeof(err)) != 0) {
		api_error(reply, 400, field, "%s", err);
		return -EINVAL;
	}
	return 0;
}

static void add_location(struct api_call *call, struct api_reply *reply)
{
	struct location loc = { .timezone = "UTC" };
	int rc;

	if (read_fields(call, reply, &loc, 1))
		return;
	rc = location_add(call->app->db, &loc);
	if (rc == -EEXIST)
		api_error(reply, 409, "name", "a location named \"%s\" exists already", loc.name);
	else if (rc)
		api_error(reply, 500, NULL, "database error adding the location");
	else
		api_ok(reply, 201, location_json(call->app->db, &loc));
}

/* Billing finds each location's zone itself (aaa/zones.h); reports and the
 * dashboard count days in location 1's, app->zone (loaded by aaa_init),
 * which a new zone there replaces now rather than at the next start. */
static void reload_default_zone(struct app *app, const char *zone)
{
	struct tz *fresh = NULL;
	char err[256];

	if (tz_load(zone, &fresh, err, sizeof(err)) != 0) {
		log_warn("api", "location 1's new time zone applies at the next start: %s", err);
		return;
	}
	tz_free(app->zone);
	app->zone = fresh;
}

static void edit_location(struct api_call *call, struct api_reply *reply)
{
	struct location loc;
	char zone_before[sizeof(loc.timezone)];
	int rc;

	if (path_location(call, reply, &loc))
		return;
	snprintf(zone_before, sizeof(zone_before), "%s", loc.timezone);
	if (read_fields(call, reply, &loc, 0))
		return;
	rc = location_update(call->app->db, &loc);
	if (rc == -EEXIST) {
		api_error(reply, 409, "name", "a location named \"%s\" exists already", loc.name);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error saving location %lld", (long long)loc.id);
		return;
	}
	if (loc.id == LOCATION_DEFAULT && strcmp(zone_before, loc.timezone) != 0)
		reload_default_zone(call->app, loc.timezone);
	api_ok(reply, 200, location_json(call->app->db, &loc));
}

static void delete_location(struct api_call *call, struct api_reply *reply)
{
	struct location loc;
	struct location_usage u;
	int rc;

	if (path_location(call, reply, &loc))
		return;
	rc = location_delete(call->app->db, loc.id, &u);
	if (rc == -EPERM) {
		api_error(reply, 409, "location", "location %lld (\"%s\") is the default location, where "
			  "everything that names no location goes; rename it instead", (long long)loc.id, loc.name);
	} else if (rc == -EBUSY) {
		api_error(reply, 409, "location", "location %lld (\"%s\") is in use: %lld plans (retired ones "
			  "too), %lld voucher batches, %lld accounts, %lld operators, %lld portal orders belong to "
			  "it", (long long)loc.id, loc.name, (long long)u.plans, (long long)u.batches,
			  (long long)u.accounts, (long long)u.operators, (long long)u.orders);
	} else if (rc == -ENOENT) {
		api_error(reply, 404, "location", "no location \"%s\"", call->params[0]);
	} else if (rc) {
		api_error(reply, 500, NULL, "database error removing the location");
	} else {
		api_ok(reply, 200, json_pack("{s:I, s:s}", "deleted", (json_int_t)loc.id, "name", loc.name));
	}
}

const struct api_route location_routes[] = {
	{ "GET", "/api/v1/locations", list_locations, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/locations", add_location, 0 },
	{ "GET", "/api/v1/locations/:id", get_location, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "PATCH", "/api/v1/locations/:id", edit_location, 0 },
	{ "DELETE", "/api/v1/locations/:id", delete_location, 0 },
	{ 0 },
};
