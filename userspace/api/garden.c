/* /api/v1/garden: the walled garden, prefixes and domains ("*.example.com"), and the
 * addresses the data plane has learned for the domains from DNS. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/params.h"
#include "common/cidr.h"
#include "dns/dns.h"
#include "gateway/gateway.h"
#include "store/garden.h"

static json_t *garden_json(const struct garden_entry *e)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:I}",
			 "id", (json_int_t)e->id,
			 "kind", garden_kind_names[e->kind],
			 "value", e->value,
			 "note", e->note,
			 "created_at", (json_int_t)e->created_at);
}

static void add_item(const struct garden_entry *e, void *arg)
{
	json_array_append_new(arg, garden_json(e));
}

static void add_learned(int family, const uint8_t *addr, int64_t expires, void *arg)
{
	char text[INET6_ADDRSTRLEN];

	inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, text, sizeof(text));
	json_array_append_new(arg, json_pack("{s:s, s:I}", "address", text, "expires",
					     (json_int_t)expires));
}

static void list_garden(struct api_call *call, struct api_reply *reply)
{
	json_t *items = json_array(), *learned = json_array();

	if (garden_each(call->app->db, add_item, items)) {
		json_decref(items);
		json_decref(learned);
		api_error(reply, 500, NULL, "database error reading the walled garden");
		return;
	}
	gateway_garden_learned(call->app, add_learned, learned);
	api_ok(reply, 200, json_pack("{s:o, s:I, s:o}", "items", items, "total",
				     (json_int_t)json_array_size(items), "learned", learned));
}

static void add_garden(struct api_call *call, struct api_reply *reply)
{
	struct garden_entry e = { 0 };
	const char *value, *note = "";
	struct cidr c;
	char why[160];
	int rc;

	if (param_string(call, reply, "value", 1, 255, &value) < 0 ||
	    param_string(call, reply, "note", 0, 128, &note) < 0)
		return;
	if (cidr_parse(value, &c, why, sizeof(why)) == 0) {
		e.kind = GARDEN_CIDR;
		cidr_format(&c, e.value, sizeof(e.value));
	} else if (dns_pattern_normalize(value, e.value, sizeof(e.value)) == 0) {
		e.kind = GARDEN_DOMAIN;
	} else {
		if (strchr(value, '/') || strspn(value, "0123456789.:abcdefABCDEF") == strlen(value))
			api_error(reply, 400, "value", "%s", why);
		else
			api_error(reply, 400, "value", "\"%s\" is neither a CIDR nor a domain "
				  "(example.com, or *.example.com for every name below it)", value);
		return;
	}
	snprintf(e.note, sizeof(e.note), "%s", note);
	rc = garden_add(call->app->db, &e);
	if (rc == -EEXIST) {
		api_error(reply, 409, "value", "%s is in the walled garden already", e.value);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error adding to the walled garden");
		return;
	}
	if (gateway_garden_sync(call->app)) {
		api_error(reply, 500, NULL, "stored, but writing the garden into the data plane failed");
		return;
	}
	api_ok(reply, 201, garden_json(&e));
}

static void delete_garden(struct api_call *call, struct api_reply *reply)
{
	struct garden_entry e;
	char *end;
	int64_t id = strtoll(call->params[0], &end, 10);
	int rc;

	if (*end || id <= 0) {
		api_error(reply, 400, "id", "garden entry id must be a positive number, not \"%s\"",
			  call->params[0]);
		return;
	}
	rc = garden_remove(call->app->db, id, &e);
	if (rc == -ENOENT) {
		api_error(reply, 404, "id", "no walled-garden entry with id %lld", (long long)id);
		return;
	}
	if (rc || gateway_garden_sync(call->app)) {
		api_error(reply, 500, NULL, "removing the walled-garden entry failed");
		return;
	}
	api_ok(reply, 200, json_pack("{s:I, s:s}", "deleted", (json_int_t)id, "value", e.value));
}

const struct api_route garden_routes[] = {
	{ "GET", "/api/v1/garden", list_garden, ROLE_AUDITOR },
	{ "POST", "/api/v1/garden", add_garden, 0 },
	{ "DELETE", "/api/v1/garden/:id", delete_garden, 0 },
	{ 0 },
};
