/* /api/v1/acl: the allow and deny lists (MAC, IP or CIDR). Stored in the database,
 * written into the data plane's maps on every change; the list shows each entry's hit
 * counters from the maps. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/params.h"
#include "common/cidr.h"
#include "common/mac.h"
#include "gateway/gateway.h"
#include "store/acl.h"

static json_t *acl_json(struct app *app, const struct acl_entry *e)
{
	struct sg_acl_hits hits;
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}",
			      "id", (json_int_t)e->id,
			      "list", acl_list_names[e->list],
			      "kind", acl_kind_names[e->kind],
			      "value", e->value,
			      "note", e->note,
			      "created_at", (json_int_t)e->created_at);

	if (gateway_acl_hits(app, e->list == ACL_DENY, e->value, &hits) == 0) {
		json_object_set_new(o, "packets", json_integer((json_int_t)hits.packets));
		json_object_set_new(o, "bytes", json_integer((json_int_t)hits.bytes));
	}
	return o;
}

struct list_ctx {
	struct app *app;
	json_t *items;
};

static void add_item(const struct acl_entry *e, void *arg)
{
	struct list_ctx *l = arg;

	json_array_append_new(l->items, acl_json(l->app, e));
}

static void list_acl(struct api_call *call, struct api_reply *reply)
{
	struct list_ctx l = { call->app, json_array() };

	if (acl_each(call->app->db, add_item, &l)) {
		json_decref(l.items);
		api_error(reply, 500, NULL, "database error reading the lists");
		return;
	}
	api_ok(reply, 200, json_pack("{s:o, s:I}", "items", l.items, "total",
				     (json_int_t)json_array_size(l.items)));
}

/* A MAC, an IP address or a CIDR, in canonical form. */
static int acl_value_parse(const char *text, enum acl_kind *kind, char *out, size_t size,
			   char *err, size_t errlen)
{
	uint8_t mac[6];
	struct cidr c;
	char why[160];

	if (mac_parse(text, mac) == 0) {
		char buf[MAC_TEXT_LEN];

		mac_format(mac, buf);
		snprintf(out, size, "%s", buf);
		*kind = ACL_MAC;
		return 0;
	}
	if (cidr_parse(text, &c, why, sizeof(why)) == 0) {
		cidr_format(&c, out, size);
		*kind = ACL_CIDR;
		return 0;
	}
	if (strchr(text, '/') || strchr(text, '.') || strchr(text, ':'))
		snprintf(err, errlen, "%s", why);
	else
		snprintf(err, errlen, "\"%s\" is not a MAC address, an IP address or a CIDR", text);
	return -EINVAL;
}

static void put_acl(struct api_call *call, struct api_reply *reply)
{
	struct acl_entry e = { 0 };
	const char *value, *note = "";
	char err[192];
	int list, rc;

	if (param_enum(call, reply, "list", 1, acl_list_names, &list) < 0 ||
	    param_string(call, reply, "value", 1, 64, &value) < 0 ||
	    param_string(call, reply, "note", 0, 128, &note) < 0)
		return;
	if (acl_value_parse(value, &e.kind, e.value, sizeof(e.value), err, sizeof(err))) {
		api_error(reply, 400, "value", "%s", err);
		return;
	}
	e.list = (enum acl_list)list;
	snprintf(e.note, sizeof(e.note), "%s", note);
	rc = acl_put(call->app->db, &e);
	if (rc < 0) {
		api_error(reply, 500, NULL, "database error writing the list entry");
		return;
	}
	if (gateway_acl_sync(call->app)) {
		api_error(reply, 500, NULL, "stored, but writing the lists into the data plane failed");
		return;
	}
	json_t *o = acl_json(call->app, &e);

	if (rc == 1)
		json_object_set_new(o, "moved_from", json_string(acl_list_names[!e.list]));
	api_ok(reply, 201, o);
}

static void delete_acl(struct api_call *call, struct api_reply *reply)
{
	struct acl_entry e;
	char *end;
	int64_t id = strtoll(call->params[0], &end, 10);
	int rc;

	if (*end || id <= 0) {
		api_error(reply, 400, "id", "list entry id must be a positive number, not \"%s\"",
			  call->params[0]);
		return;
	}
	rc = acl_remove(call->app->db, id, &e);
	if (rc == -ENOENT) {
		api_error(reply, 404, "id", "no list entry with id %lld", (long long)id);
		return;
	}
	if (rc || gateway_acl_sync(call->app)) {
		api_error(reply, 500, NULL, "removing the list entry failed");
		return;
	}
	api_ok(reply, 200, json_pack("{s:I, s:s, s:s}", "deleted", (json_int_t)id, "list",
				     acl_list_names[e.list], "value", e.value));
}

const struct api_route acl_routes[] = {
	{ "GET", "/api/v1/acl", list_acl, ROLE_AUDITOR },
	{ "POST", "/api/v1/acl", put_acl, 0 },
	{ "DELETE", "/api/v1/acl/:id", delete_acl, 0 },
	{ 0 },
};
