/* spotctl garden: the walled garden (prefixes and domains reachable before login). */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/cidr.h"
#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

static int do_add(int argc, char **argv)
{
	const char *note = NULL;
	const struct opt opts[] = { { "note", &note }, { 0 } };
	struct args a;
	json_t *body, *reply;
	int rc = args_parse(argc, argv, opts, 1, 1, "garden add CIDR|DOMAIN [--note TEXT]", &a);

	if (rc)
		return rc;
	body = json_pack("{s:s}", "value", a.positional[0]);
	if (note)
		json_object_set_new(body, "note", json_string(note));
	rc = api_call("POST", "/api/v1/garden", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("added %s %s to the walled garden\n",
		       json_string_value(json_object_get(reply, "kind")),
		       json_string_value(json_object_get(reply, "value")));
	json_decref(reply);
	return EXIT_OK;
}

static int do_list(int argc, char **argv)
{
	struct args a;
	json_t *reply, *item;
	size_t i;
	time_t now = time(NULL);
	int rc = args_parse(argc, argv, NULL, 0, 0, "garden list", &a);

	if (rc || (rc = api_call("GET", "/api/v1/garden", NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-5s %-7s %-40s %s\n", "ID", "KIND", "VALUE", "NOTE");
	json_array_foreach(json_object_get(reply, "items"), i, item)
		printf("%-5lld %-7s %-40s %s\n", (long long)json_integer_value(json_object_get(item, "id")),
		       json_string_value(json_object_get(item, "kind")),
		       json_string_value(json_object_get(item, "value")),
		       json_string_value(json_object_get(item, "note")));
	if (json_array_size(json_object_get(reply, "learned"))) {
		printf("\nlearned from DNS:\n%-40s %s\n", "ADDRESS", "EXPIRES IN");
		json_array_foreach(json_object_get(reply, "learned"), i, item)
			printf("%-40s %llds\n", json_string_value(json_object_get(item, "address")),
			       (long long)(json_integer_value(json_object_get(item, "expires")) - now));
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_rm(int argc, char **argv)
{
	struct args a;
	json_t *list, *item, *reply;
	char path[64], want[256], err[160], *end;
	struct cidr c;
	long long id = 0;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 1, 1, "garden rm CIDR|DOMAIN|ID", &a);

	if (rc || (rc = api_call("GET", "/api/v1/garden", NULL, &list)))
		return rc;
	if (cidr_parse(a.positional[0], &c, err, sizeof(err)) == 0)
		cidr_format(&c, want, sizeof(want));
	else
		snprintf(want, sizeof(want), "%s", a.positional[0]);
	json_array_foreach(json_object_get(list, "items"), i, item)
		if (!strcasecmp(json_string_value(json_object_get(item, "value")), want))
			id = (long long)json_integer_value(json_object_get(item, "id"));
	json_decref(list);
	if (!id) {
		id = strtoll(a.positional[0], &end, 10);
		if (*end || id <= 0)
			return p_err("%s is not in the walled garden (spotctl garden list shows it)",
				     a.positional[0]);
	}
	snprintf(path, sizeof(path), "/api/v1/garden/%lld", id);
	if ((rc = api_call("DELETE", path, NULL, &reply)))
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("removed %s from the walled garden\n",
		       json_string_value(json_object_get(reply, "value")));
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd cmds[] = {
	{ "add", do_add, "add CIDR|DOMAIN [--note TEXT]   e.g. 203.0.113.0/24, example.com, *.example.com" },
	{ "rm", do_rm, "rm CIDR|DOMAIN|ID" },
	{ "list", do_list, "list                            entries, and addresses learned from DNS" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("garden", cmds);
	return EXIT_OK;
}

int do_garden(int argc, char **argv)
{
	return cmd_select("garden", cmds, argc, argv);
}
