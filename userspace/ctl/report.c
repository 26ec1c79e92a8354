/* spotctl report: usage, revenue, top users and session history. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/args.h"
#include "ctl/ctl.h"
#include "ctl/units.h"

static int report_help(int argc, char **argv);

/* shared flags: --from --to, and one extra query parameter (NULL: none;
 * a NULL name also ends the option table) */
static int run(int argc, char **argv, const char *what, const char *extra_name, const char *usage)
{
	const char *from = NULL, *to = NULL, *extra = NULL;
	struct opt opts[] = { { "from", &from }, { "to", &to }, { extra_name, &extra }, { 0 } };
	struct args a;
	char path[256];
	int64_t f, t;
	json_t *reply, *row;
	size_t i, n;
	int rc = args_parse(argc, argv, opts, 0, 0, usage, &a);

	if (rc)
		return rc;
	n = (size_t)snprintf(path, sizeof(path), "/api/v1/reports/%s?per_page=1000", what);
	if (from) {
		if (units_date(from, &f)) {
			p_err("--from takes a date YYYY-MM-DD (UTC) or epoch seconds");
			return EXIT_USAGE;
		}
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&from=%lld", (long long)f);
	}
	if (to) {
		if (units_date(to, &t)) {
			p_err("--to takes a date YYYY-MM-DD (UTC) or epoch seconds");
			return EXIT_USAGE;
		}
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&to=%lld", (long long)t);
	}
	if (extra) {
		char *e = url_escape(extra);
		snprintf(path + n, sizeof(path) - n, "&%s=%s", extra_name, e);
		free(e);
	}
	if ((rc = api_call("GET", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	json_t *rows = json_object_get(reply, "rows") ? json_object_get(reply, "rows") : json_object_get(reply, "items");
	json_array_foreach(rows, i, row) {
		const char *key;
		json_t *v;
		int first = 1;

		json_object_foreach(row, key, v) {
			char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
			printf("%s%s=%s", first ? "" : "  ", key, text ? text : json_string_value(v));
			free(text);
			first = 0;
		}
		putchar('\n');
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_usage(int argc, char **argv)
{
	return run(argc, argv, "usage", "group", "report usage [--group day|plan|location] [--from D] [--to D]");
}

static int do_revenue(int argc, char **argv)
{
	return run(argc, argv, "revenue", NULL, "report revenue [--from D] [--to D]");
}

static int do_top(int argc, char **argv)
{
	return run(argc, argv, "top-users", "by", "report top-users [--by bytes|time] [--from D] [--to D]");
}

static int do_sessions(int argc, char **argv)
{
	return run(argc, argv, "sessions", "account", "report sessions [--account ID] [--from D] [--to D]");
}

static const struct cmd cmds[] = {
	{ "usage", do_usage, "usage [--group day|plan|location] [--from YYYY-MM-DD] [--to YYYY-MM-DD]" },
	{ "revenue", do_revenue, "revenue [--from D] [--to D]" },
	{ "top-users", do_top, "top-users [--by bytes|time] [--from D] [--to D]" },
	{ "sessions", do_sessions, "sessions [--account ID] [--from D] [--to D]   (session history)" },
	{ "help", report_help, "help" },
	{ 0 },
};

static int report_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("report", cmds);
	return EXIT_OK;
}

int do_report(int argc, char **argv)
{
	return cmd_select("report", cmds, argc, argv);
}
