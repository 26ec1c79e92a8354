/* spotctl location: the venues, each with its time zone and portal branding;
 * plans, vouchers, accounts and operators belong to one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

json_t *location_value(const char *which)
{
	size_t n = strlen(which);

	/* names are never all digits, so a number is an id */
	return n && n < 19 && strspn(which, "0123456789") == n ? json_integer(strtoll(which, NULL, 10))
							       : json_string(which);
}

static void location_path(const char *which, char *path, size_t size)
{
	char *escaped = url_escape(which);

	snprintf(path, size, "/api/v1/locations/%s", escaped);
	free(escaped);
}

/* the flags add and set share; NULL when not given */
struct location_flags {
	const char *name, *timezone, *venue, *template, *currency;
};

static json_t *location_body(const struct location_flags *f)
{
	json_t *body = json_object();

	if (f->name)
		json_object_set_new(body, "name", json_string(f->name));
	if (f->timezone)
		json_object_set_new(body, "timezone", json_string(f->timezone));
	if (f->venue)
		json_object_set_new(body, "venue_name", json_string(f->venue));
	if (f->template)
		json_object_set_new(body, "template", json_string(f->template));
	if (f->currency)
		json_object_set_new(body, "currency", json_string(f->currency));
	return body;
}

static void print_location(json_t *loc)
{
	const char *key;
	json_t *v;

	json_object_foreach(loc, key, v) {
		char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

		printf("%-12s %s\n", key, text ? text : json_string_value(v));
		free(text);
	}
}

static int finish(int rc, json_t *reply, const char *done)
{
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else if (done)
		printf("%s location %lld \"%s\"\n", done, (long long)json_integer_value(json_object_get(reply, "id")),
		       json_string_value(json_object_get(reply, "name")));
	else
		print_location(reply);
	json_decref(reply);
	return EXIT_OK;
}

static int do_add(int argc, char **argv)
{
	struct location_flags f = { 0 };
	const struct opt opts[] = {
		{ "timezone", &f.timezone }, { "venue", &f.venue }, { "template", &f.template },
		{ "currency", &f.currency }, { 0 },
	};
	struct args a;
	json_t *body, *reply = NULL;
	int rc = args_parse(argc, argv, opts, 1, 1,
			    "location add NAME [--timezone ZONE] [--venue TEXT] [--template DIR] [--currency EUR]", &a);

	if (rc)
		return rc;
	f.name = a.positional[0];
	body = location_body(&f);
	rc = api_call("POST", "/api/v1/locations", body, &reply);
	json_decref(body);
	return finish(rc, reply, "added");
}

static int do_set(int argc, char **argv)
{
	struct location_flags f = { 0 };
	const struct opt opts[] = {
		{ "name", &f.name }, { "timezone", &f.timezone }, { "venue", &f.venue },
		{ "template", &f.template }, { "currency", &f.currency }, { 0 },
	};
	struct args a;
	char path[256];
	json_t *body, *reply = NULL;
	int rc = args_parse(argc, argv, opts, 1, 1,
			    "location set ID|NAME [--name N] [--timezone ZONE] [--venue TEXT] [--template DIR] "
			    "[--currency EUR]", &a);

	if (rc)
		return rc;
	if (!f.name && !f.timezone && !f.venue && !f.template && !f.currency) {
		p_err("nothing to set: give --name, --timezone, --venue, --template or --currency");
		return EXIT_USAGE;
	}
	location_path(a.positional[0], path, sizeof(path));
	body = location_body(&f);
	rc = api_call("PATCH", path, body, &reply);
	json_decref(body);
	return finish(rc, reply, "saved");
}

static int do_list(int argc, char **argv)
{
	struct args a;
	json_t *reply, *item;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 0, 0, "location list", &a);

	if (rc || (rc = api_call("GET", "/api/v1/locations?per_page=1000", NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-5s %-20s %-22s %-9s %-12s %s\n", "ID", "NAME", "TIME ZONE", "CURRENCY", "TEMPLATE", "VENUE");
	json_array_foreach(json_object_get(reply, "items"), i, item) {
		const char *cur = json_string_value(json_object_get(item, "currency"));
		const char *tpl = json_string_value(json_object_get(item, "template"));
		const char *venue = json_string_value(json_object_get(item, "venue_name"));

		printf("%-5lld %-20s %-22s %-9s %-12s %s\n", (long long)json_integer_value(json_object_get(item, "id")),
		       json_string_value(json_object_get(item, "name")),
		       json_string_value(json_object_get(item, "timezone")), cur && *cur ? cur : "-",
		       tpl && *tpl ? tpl : "-", venue && *venue ? venue : "-");
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_show(int argc, char **argv)
{
	struct args a;
	char path[256];
	json_t *reply = NULL;
	int rc = args_parse(argc, argv, NULL, 1, 1, "location show ID|NAME", &a);

	if (rc)
		return rc;
	location_path(a.positional[0], path, sizeof(path));
	rc = api_call("GET", path, NULL, &reply);
	return finish(rc, reply, NULL);
}

static int do_rm(int argc, char **argv)
{
	struct args a;
	char path[256];
	json_t *reply = NULL;
	int rc = args_parse(argc, argv, NULL, 1, 1, "location rm ID|NAME", &a);

	if (rc)
		return rc;
	location_path(a.positional[0], path, sizeof(path));
	rc = api_call("DELETE", path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("removed location %lld \"%s\"\n", (long long)json_integer_value(json_object_get(reply, "deleted")),
		       json_string_value(json_object_get(reply, "name")));
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd cmds[] = {
	{ "list", do_list, "list" },
	{ "show", do_show, "show ID|NAME           (with what belongs to it)" },
	{ "add", do_add, "add NAME [--timezone Europe/Berlin] [--venue \"Cafe Central\"] [--template DIR] [--currency EUR]" },
	{ "set", do_set, "set ID|NAME [--name N] [--timezone ZONE] [--venue TEXT] [--template DIR] [--currency EUR]\n"
			 "              (an empty --venue, --template or --currency means the system-wide one)" },
	{ "rm", do_rm, "rm ID|NAME             (only when no plan, batch, account, operator or order belongs to it)" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("location", cmds);
	return EXIT_OK;
}

int do_location(int argc, char **argv)
{
	return cmd_select("location", cmds, argc, argv);
}
