/* spotctl audit: the audit log (who changed what, when, from where). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

static int do_list(int argc, char **argv)
{
	const char *user = NULL, *from = NULL, *to = NULL, *page = NULL, *per_page = NULL;
	const struct opt opts[] = {
		{ "user", &user }, { "from", &from }, { "to", &to },
		{ "page", &page }, { "per-page", &per_page }, { 0 },
	};
	struct args a;
	char path[512];
	size_t used;
	json_t *reply, *item;
	size_t i;
	int rc = args_parse(argc, argv, opts, 0, 0,
			    "audit list [--user U] [--from EPOCH] [--to EPOCH] [--page N] [--per-page N]", &a);

	if (rc)
		return rc;
	used = (size_t)snprintf(path, sizeof(path), "/api/v1/audit?per_page=%s&page=%s",
				per_page ? per_page : "100", page ? page : "1");
	const char *names[] = { "user", "from", "to" }, *values[] = { user, from, to };
	for (int k = 0; k < 3 && used < sizeof(path); k++) {
		if (!values[k])
			continue;
		char *escaped = url_escape(values[k]);
		used += (size_t)snprintf(path + used, sizeof(path) - used, "&%s=%s", names[k], escaped);
		free(escaped);
	}
	if ((rc = api_call("GET", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-20s %-16s %-9s %-16s %-6s %-32s %-4s %s\n", "WHEN (UTC)", "USER", "ROLE", "FROM", "METHOD",
	       "PATH", "CODE", "SUMMARY");
	json_array_foreach(json_object_get(reply, "items"), i, item) {
		time_t at = (time_t)json_integer_value(json_object_get(item, "at"));
		struct tm tm;
		char when[32];

		gmtime_r(&at, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
		printf("%-20s %-16s %-9s %-16s %-6s %-32s %-4lld %s\n", when,
		       json_string_value(json_object_get(item, "user")),
		       json_string_value(json_object_get(item, "role")),
		       json_string_value(json_object_get(item, "from")),
		       json_string_value(json_object_get(item, "method")),
		       json_string_value(json_object_get(item, "path")),
		       (long long)json_integer_value(json_object_get(item, "status")),
		       json_string_value(json_object_get(item, "summary")));
	}
	printf("(%lld entries)\n", (long long)json_integer_value(json_object_get(reply, "total")));
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd cmds[] = {
	{ "list", do_list, "list [--user U] [--from EPOCH] [--to EPOCH] [--page N] [--per-page N]   newest first" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("audit", cmds);
	return EXIT_OK;
}

int do_audit(int argc, char **argv)
{
	return cmd_select("audit", cmds, argc, argv);
}
