/* spotctl nas: the RADIUS clients (access points, gateways, controllers). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

static int do_add(int argc, char **argv)
{
	const char *secret = NULL, *vendor = NULL, *coa_port = NULL, *rma = NULL, *lps = NULL,
		   *name = NULL;
	const struct opt opts[] = {
		{ "secret", &secret },
		{ "vendor", &vendor },
		{ "coa-port", &coa_port },
		{ "require-message-authenticator", &rma },
		{ "limit-proxy-state", &lps },
		{ "name", &name },
		{ 0 },
	};
	struct args a;
	json_t *body, *reply, *v;
	int rc = args_parse(argc, argv, opts, 1, 1, "nas add ADDR|CIDR --secret S [--vendor V] ...", &a);

	if (rc)
		return rc;
	if (!secret) {
		p_err("--secret is required (the shared secret configured on the NAS)");
		return EXIT_USAGE;
	}
	body = json_pack("{s:s, s:s}", "address", a.positional[0], "secret", secret);
	if (vendor)
		json_object_set_new(body, "vendor", json_string(vendor));
	if (name)
		json_object_set_new(body, "name", json_string(name));
	if (coa_port) {
		if (!(v = args_integer("coa-port", coa_port)))
			goto usage;
		json_object_set_new(body, "coa_port", v);
	}
	if (rma) {
		if (!(v = args_yes_no("require-message-authenticator", rma)))
			goto usage;
		json_object_set_new(body, "require_message_authenticator", v);
	}
	if (lps) {
		if (!(v = args_yes_no("limit-proxy-state", lps)))
			goto usage;
		json_object_set_new(body, "limit_proxy_state", v);
	}
	rc = api_call("POST", "/api/v1/nas", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("added NAS %lld: %s\n", (long long)json_integer_value(json_object_get(reply, "id")),
		       json_string_value(json_object_get(reply, "address")));
	json_decref(reply);
	return EXIT_OK;
usage:
	json_decref(body);
	return EXIT_USAGE;
}

static int do_list(int argc, char **argv)
{
	struct args a;
	json_t *reply, *item;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 0, 0, "nas list", &a);

	if (rc)
		return rc;
	rc = api_call("GET", "/api/v1/nas?per_page=1000", NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-5s %-24s %-9s %-6s %-5s %-5s %s\n", "ID", "ADDRESS", "VENDOR", "COA", "MSGA", "LPS", "NAME");
	json_array_foreach(json_object_get(reply, "items"), i, item) {
		printf("%-5lld %-24s %-9s %-6lld %-5s %-5s %s\n",
		       (long long)json_integer_value(json_object_get(item, "id")),
		       json_string_value(json_object_get(item, "address")),
		       json_string_value(json_object_get(item, "vendor")),
		       (long long)json_integer_value(json_object_get(item, "coa_port")),
		       json_is_true(json_object_get(item, "require_message_authenticator")) ? "yes" : "no",
		       json_is_true(json_object_get(item, "limit_proxy_state")) ? "yes" : "no",
		       json_string_value(json_object_get(item, "name")));
	}
	json_decref(reply);
	return EXIT_OK;
}

/* "7" is an id; anything else is looked up as an address */
static int resolve_id(const char *what, long long *id)
{
	char path[256], *end;
	json_t *reply, *items;
	int rc;

	*id = strtoll(what, &end, 10);
	if (*what && !*end && !strchr(what, '.') && !strchr(what, ':'))
		return 0;
	char *escaped = url_escape(what);

	snprintf(path, sizeof(path), "/api/v1/nas?address=%s", escaped);
	free(escaped);
	rc = api_call("GET", path, NULL, &reply);
	if (rc)
		return rc;
	items = json_object_get(reply, "items");
	if (json_array_size(items) == 0) {
		json_decref(reply);
		return p_err("no NAS client with address %s", what);
	}
	*id = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
	json_decref(reply);
	return 0;
}

static int do_show(int argc, char **argv)
{
	struct args a;
	char path[64];
	long long id;
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, "nas show ADDR|ID", &a);

	if (rc || (rc = resolve_id(a.positional[0], &id)))
		return rc;
	snprintf(path, sizeof(path), "/api/v1/nas/%lld", id);
	rc = api_call("GET", path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else {
		const char *key;
		json_t *v;

		json_object_foreach(reply, key, v) {
			char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
			printf("%-30s %s\n", key, text ? text : json_string_value(v));
			free(text);
		}
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_rm(int argc, char **argv)
{
	struct args a;
	char path[64];
	long long id;
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, "nas rm ADDR|ID", &a);

	if (rc || (rc = resolve_id(a.positional[0], &id)))
		return rc;
	snprintf(path, sizeof(path), "/api/v1/nas/%lld", id);
	rc = api_call("DELETE", path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("removed NAS %lld\n", id);
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd cmds[] = {
	{ "add", do_add,
	  "add ADDR|CIDR --secret S [--vendor mikrotik|chilli|generic] [--coa-port 3799]\n"
	  "              [--require-message-authenticator yes|no] [--limit-proxy-state yes|no] [--name N]" },
	{ "list", do_list, "list" },
	{ "show", do_show, "show ADDR|ID          (includes the secret)" },
	{ "rm", do_rm, "rm ADDR|ID" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("nas", cmds);
	return EXIT_OK;
}

int do_nas(int argc, char **argv)
{
	return cmd_select("nas", cmds, argc, argv);
}
