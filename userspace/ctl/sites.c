/* spotctl sites: the sites-visited log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/args.h"
#include "ctl/ctl.h"
#include "ctl/units.h"

static int sites_help(int argc, char **argv);

static int build_path(const char *base, const char *mac, const char *search, const char *from, const char *to,
		      char *path, size_t size)
{
	int64_t f, t;
	size_t n = (size_t)snprintf(path, size, "%s", base);
	const char *sep = strchr(path, '?') ? "&" : "?";

	if (mac) {
		char *e = url_escape(mac);
		n += (size_t)snprintf(path + n, size - n, "%smac=%s", sep, e);
		free(e);
		sep = "&";
	}
	if (search) {
		char *e = url_escape(search);
		n += (size_t)snprintf(path + n, size - n, "%sq=%s", sep, e);
		free(e);
		sep = "&";
	}
	if ((from && units_date(from, &f)) || (to && units_date(to, &t))) {
		p_err("--from and --to take a date YYYY-MM-DD (UTC) or epoch seconds");
		return EXIT_USAGE;
	}
	if (from) {
		n += (size_t)snprintf(path + n, size - n, "%sfrom=%lld", sep, (long long)f);
		sep = "&";
	}
	if (to)
		snprintf(path + n, size - n, "%sto=%lld", sep, (long long)t);
	return 0;
}

static int do_list(int argc, char **argv)
{
	const char *mac = NULL, *search = NULL, *from = NULL, *to = NULL;
	const struct opt opts[] = { { "mac", &mac }, { "search", &search }, { "from", &from }, { "to", &to }, { 0 } };
	struct args a;
	char path[512];
	json_t *reply, *v;
	size_t i;
	int rc = args_parse(argc, argv, opts, 0, 0, "sites list [--mac MAC] [--search TEXT] [--from D] [--to D]", &a);

	if (rc || (rc = build_path("/api/v1/sites?per_page=1000", mac, search, from, to, path, sizeof(path))) ||
	    (rc = api_call("GET", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	json_array_foreach(json_object_get(reply, "items"), i, v) {
		time_t t = (time_t)json_integer_value(json_object_get(v, "seen_at"));
		char when[32];

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", gmtime(&t));
		printf("%s  %s  %s\n", when, json_string_value(json_object_get(v, "mac")),
		       json_string_value(json_object_get(v, "name")));
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_export(int argc, char **argv)
{
	const char *mac = NULL, *search = NULL, *from = NULL, *to = NULL, *output = NULL;
	const struct opt opts[] = {
		{ "mac", &mac }, { "search", &search }, { "from", &from }, { "to", &to }, { "output", &output }, { 0 },
	};
	struct args a;
	char path[512];
	int rc = args_parse(argc, argv, opts, 0, 0, "sites export [--mac MAC] [--from D] [--to D] [--output FILE.csv]", &a);

	if (rc || (rc = build_path("/api/v1/sites/csv", mac, search, from, to, path, sizeof(path))))
		return rc;
	return api_download("GET", path, NULL, output);
}

static const struct cmd cmds[] = {
	{ "list", do_list, "list [--mac MAC] [--search TEXT] [--from D] [--to D]   (newest first)" },
	{ "export", do_export, "export [--mac MAC] [--search TEXT] [--from D] [--to D] [--output FILE.csv]" },
	{ "help", sites_help, "help" },
	{ 0 },
};

static int sites_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("sites", cmds);
	return EXIT_OK;
}

int do_sites(int argc, char **argv)
{
	return cmd_select("sites", cmds, argc, argv);
}
