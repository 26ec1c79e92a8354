/* spotctl acl: the allow and deny lists (MAC, IP, CIDR). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/cidr.h"
#include "common/mac.h"
#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

static int put(const char *list, int argc, char **argv)
{
	const char *note = NULL;
	const struct opt opts[] = { { "note", &note }, { 0 } };
	char usage[64];
	struct args a;
	json_t *body, *reply;
	int rc;

	snprintf(usage, sizeof(usage), "acl %s MAC|IP|CIDR [--note TEXT]", list);
	if ((rc = args_parse(argc, argv, opts, 1, 1, usage, &a)))
		return rc;
	body = json_pack("{s:s, s:s}", "list", list, "value", a.positional[0]);
	if (note)
		json_object_set_new(body, "note", json_string(note));
	rc = api_call("POST", "/api/v1/acl", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else {
		const char *from = json_string_value(json_object_get(reply, "moved_from"));

		printf("%s %s%s%s\n", !strcmp(list, "allow") ? "allowed" : "denied",
		       json_string_value(json_object_get(reply, "value")), from ? " (was on the " : "",
		       from ? (!strcmp(from, "allow") ? "allow list)" : "deny list)") : "");
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_allow(int argc, char **argv)
{
	return put("allow", argc, argv);
}

static int do_deny(int argc, char **argv)
{
	return put("deny", argc, argv);
}

static int do_list(int argc, char **argv)
{
	struct args a;
	json_t *reply, *item;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 0, 0, "acl list", &a);

	if (rc || (rc = api_call("GET", "/api/v1/acl", NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-5s %-6s %-5s %-40s %10s %s\n", "ID", "LIST", "KIND", "VALUE", "PACKETS", "NOTE");
	json_array_foreach(json_object_get(reply, "items"), i, item) {
		json_t *p = json_object_get(item, "packets");
		char packets[32] = "-";

		if (p)
			snprintf(packets, sizeof(packets), "%lld", (long long)json_integer_value(p));
		printf("%-5lld %-6s %-5s %-40s %10s %s\n",
		       (long long)json_integer_value(json_object_get(item, "id")),
		       json_string_value(json_object_get(item, "list")),
		       json_string_value(json_object_get(item, "kind")),
		       json_string_value(json_object_get(item, "value")), packets,
		       json_string_value(json_object_get(item, "note")));
	}
	json_decref(reply);
	return EXIT_OK;
}

/* The daemon's spelling of a MAC or CIDR, so "acl rm AA-BB-..." finds "aa:bb:..". */
static void canonical(const char *text, char *out, size_t size)
{
	uint8_t mac[6];
	struct cidr c;
	char err[160];

	if (mac_parse(text, mac) == 0 && size >= MAC_TEXT_LEN)
		mac_format(mac, out);
	else if (cidr_parse(text, &c, err, sizeof(err)) == 0)
		cidr_format(&c, out, size);
	else
		snprintf(out, size, "%s", text);
}

static int do_rm(int argc, char **argv)
{
	struct args a;
	json_t *list, *item, *reply;
	char path[64], want[64], *end;
	long long id = 0;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 1, 1, "acl rm MAC|IP|CIDR|ID", &a);

	if (rc || (rc = api_call("GET", "/api/v1/acl", NULL, &list)))
		return rc;
	canonical(a.positional[0], want, sizeof(want));
	json_array_foreach(json_object_get(list, "items"), i, item) {
		if (!strcmp(json_string_value(json_object_get(item, "value")), want))
			id = (long long)json_integer_value(json_object_get(item, "id"));
	}
	json_decref(list);
	if (!id) {
		id = strtoll(a.positional[0], &end, 10);
		if (*end || id <= 0)
			return p_err("%s is on neither list (spotctl acl list shows them)", a.positional[0]);
	}
	snprintf(path, sizeof(path), "/api/v1/acl/%lld", id);
	if ((rc = api_call("DELETE", path, NULL, &reply)))
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("removed %s from the %s list\n", json_string_value(json_object_get(reply, "value")),
		       json_string_value(json_object_get(reply, "list")));
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd cmds[] = {
	{ "allow", do_allow, "allow MAC|IP|CIDR [--note TEXT]   passes without logging in" },
	{ "deny", do_deny, "deny MAC|IP|CIDR [--note TEXT]    dropped first, before anything else" },
	{ "rm", do_rm, "rm MAC|IP|CIDR|ID" },
	{ "list", do_list, "list                              both lists, with hit counters" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("acl", cmds);
	return EXIT_OK;
}

int do_acl(int argc, char **argv)
{
	return cmd_select("acl", cmds, argc, argv);
}
