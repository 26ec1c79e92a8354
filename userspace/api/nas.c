/* /api/v1/nas: the RADIUS clients. Secrets are shown by GET of one entry
 * only, never in lists. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "api/params.h"
#include "store/nas.h"

static json_t *nas_json(const struct nas_client *nas, int with_secret)
{
	char address[64];
	json_t *o;

	cidr_format(&nas->address, address, sizeof(address));
	o = json_pack("{s:I, s:s, s:s, s:s, s:i, s:b, s:b, s:I}",
		      "id", (json_int_t)nas->id,
		      "address", address,
		      "name", nas->name,
		      "vendor", nas_vendor_names[nas->vendor],
		      "coa_port", nas->coa_port,
		      "require_message_authenticator", nas->require_message_authenticator,
		      "limit_proxy_state", nas->limit_proxy_state,
		      "created_at", (json_int_t)nas->created_at);
	if (with_secret)
		json_object_set_new(o, "secret", json_string(nas->secret));
	return o;
}

static int path_id(struct api_call *call, struct api_reply *reply, int64_t *id)
{
	char *end;

	*id = strtoll(call->params[0], &end, 10);
	if (*end || *id <= 0) {
		api_error(reply, 400, "id", "NAS id must be a positive number, not \"%s\"", call->params[0]);
		return -EINVAL;
	}
	return 0;
}

static void add_item(const struct nas_client *nas, void *arg)
{
	json_array_append_new(arg, nas_json(nas, 0));
}

static void list_nas(struct api_call *call, struct api_reply *reply)
{
	struct page page;
	char address[64];
	int64_t total, id;
	json_t *items = json_array();

	if (param_page(call, reply, 100, 1000, &page)) {
		json_decref(items);
		return;
	}
	/* ?address= looks one entry up by its address, for "spotctl nas rm ADDR" */
	if (api_query(call, "address", address, sizeof(address)) == 0) {
		struct nas_client nas;
		struct cidr c;
		char err[160];

		total = 0;
		if (cidr_parse(address, &c, err, sizeof(err)) == 0) {
			cidr_format(&c, address, sizeof(address));
			if (nas_find_address(call->app->db, address, &id) == 0 &&
			    nas_get(call->app->db, id, &nas) == 0) {
				add_item(&nas, items);
				total = 1;
			}
		}
		api_ok(reply, 200, page_result(items, total, &page));
		return;
	}
	if (nas_list(call->app->db, (page.page - 1) * page.per_page, page.per_page, &total, add_item,
		     items) != 0) {
		json_decref(items);
		api_error(reply, 500, NULL, "database error reading NAS clients");
		return;
	}
	api_ok(reply, 200, page_result(items, total, &page));
}

static void add_nas(struct api_call *call, struct api_reply *reply)
{
	struct nas_client nas = {
		.coa_port = 3799,
		.require_message_authenticator = true,
		.limit_proxy_state = true,
	};
	const char *address, *secret, *name = "";
	int64_t coa_port = nas.coa_port;
	int vendor = NAS_GENERIC, rma = 1, lps = 1;
	char err[160];
	int rc;

	if (param_string(call, reply, "address", 1, 64, &address) < 0 ||
	    param_string(call, reply, "secret", 1, 128, &secret) < 0 ||
	    param_string(call, reply, "name", 0, 64, &name) < 0 ||
	    param_enum(call, reply, "vendor", 0, nas_vendor_names, &vendor) < 0 ||
	    param_int(call, reply, "coa_port", 0, 1, 65535, &coa_port) < 0 ||
	    param_bool(call, reply, "require_message_authenticator", 0, &rma) < 0 ||
	    param_bool(call, reply, "limit_proxy_state", 0, &lps) < 0)
		return;
	if (cidr_parse(address, &nas.address, err, sizeof(err)) != 0) {
		api_error(reply, 400, "address", "%s", err);
		return;
	}
	snprintf(nas.secret, sizeof(nas.secret), "%s", secret);
	snprintf(nas.name, sizeof(nas.name), "%s", name);
	nas.vendor = (enum nas_vendor)vendor;
	nas.coa_port = (uint16_t)coa_port;
	nas.require_message_authenticator = rma;
	nas.limit_proxy_state = lps;

	rc = nas_add(call->app->db, &nas);
	if (rc == -EEXIST) {
		api_error(reply, 409, "address", "%s is already a NAS client", address);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "database error adding the NAS client");
		return;
	}
	call->app->nas_generation++;
	api_ok(reply, 201, nas_json(&nas, 0));
}

static void get_nas(struct api_call *call, struct api_reply *reply)
{
	struct nas_client nas;
	int64_t id;
	int rc;

	if (path_id(call, reply, &id))
		return;
	rc = nas_get(call->app->db, id, &nas);
	if (rc == -ENOENT)
		api_error(reply, 404, "id", "no NAS client with id %lld", (long long)id);
	else if (rc)
		api_error(reply, 500, NULL, "database error reading the NAS client");
	else
		api_ok(reply, 200, nas_json(&nas, 1));
}

static void delete_nas(struct api_call *call, struct api_reply *reply)
{
	int64_t id;
	int rc;

	if (path_id(call, reply, &id))
		return;
	rc = nas_delete(call->app->db, id);
	if (rc == -ENOENT)
		api_error(reply, 404, "id", "no NAS client with id %lld", (long long)id);
	else if (rc)
		api_error(reply, 500, NULL, "database error deleting the NAS client");
	else {
		call->app->nas_generation++;
		api_ok(reply, 200, json_pack("{s:I}", "deleted", (json_int_t)id));
	}
}

const struct api_route nas_routes[] = {
	{ "GET", "/api/v1/nas", list_nas, 0 },
	{ "POST", "/api/v1/nas", add_nas, 0 },
	{ "GET", "/api/v1/nas/:id", get_nas, 0 },
	{ "DELETE", "/api/v1/nas/:id", delete_nas, 0 },
	{ 0 },
};
