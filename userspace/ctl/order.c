/* spotctl order: packages bought on the guest portal; the front desk confirms
 * a paid order by its reference. spotctl portal access-code sets the code of
 * the day for the "sms-code" login. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

static void print_order(json_t *o)
{
	json_t *paid = json_object_get(o, "paid_at");
	char when[32] = "-";

	if (json_is_integer(paid)) {
		time_t t = (time_t)json_integer_value(paid);
		struct tm tm;

		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", gmtime_r(&t, &tm));
	}
	printf("%-8s %-10s %-9s %-20s %8.2f %-3s %-17s %s\n", json_string_value(json_object_get(o, "reference")),
	       json_string_value(json_object_get(o, "provider")), json_string_value(json_object_get(o, "state")),
	       json_string_value(json_object_get(o, "plan")),
	       (double)json_integer_value(json_object_get(o, "price")) / 100.0,
	       json_string_value(json_object_get(o, "currency")), json_string_value(json_object_get(o, "mac")), when);
}

static int do_list(int argc, char **argv)
{
	const char *state = NULL;
	const struct opt opts[] = { { "state", &state }, { 0 } };
	struct args a;
	json_t *reply, *item;
	char path[128];
	size_t i;
	int rc = args_parse(argc, argv, opts, 0, 0, "order list [--state pending|paid|cancelled]", &a);

	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/api/v1/orders%s%s", state ? "?state=" : "", state ? state : "");
	if ((rc = api_call("GET", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else {
		printf("%-8s %-10s %-9s %-20s %8s %-3s %-17s %s\n", "REF", "PROVIDER", "STATE", "PLAN", "PRICE", "", "MAC",
		       "PAID (UTC)");
		json_array_foreach(json_object_get(reply, "items"), i, item)
			print_order(item);
	}
	json_decref(reply);
	return EXIT_OK;
}

static int one(int argc, char **argv, const char *verb)
{
	struct args a;
	json_t *reply;
	char path[160], usage[64];
	int rc;

	snprintf(usage, sizeof(usage), "order %s REF", verb);
	if ((rc = args_parse(argc, argv, NULL, 1, 1, usage, &a)))
		return rc;
	if (strlen(a.positional[0]) > 16 || strspn(a.positional[0], "ABCDEFGHJKMNPQRSTUVWXYZ23456789abcdefghjkmnpqrstuvwxyz") !=
						     strlen(a.positional[0]))
		return p_err("\"%s\" is not an order reference (6 letters and digits, e.g. K7M2QX)", a.positional[0]);
	/* references are printed in capitals; people type them as they like */
	char ref[17];

	for (size_t i = 0; i <= strlen(a.positional[0]); i++)
		ref[i] = (char)(a.positional[0][i] >= 'a' && a.positional[0][i] <= 'z' ? a.positional[0][i] - 32
										     : a.positional[0][i]);
	snprintf(path, sizeof(path), "/api/v1/orders/%s%s", ref, strcmp(verb, "confirm") ? "" : "/confirm");
	if ((rc = api_call(strcmp(verb, "confirm") ? "GET" : "POST", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else if (!strcmp(verb, "confirm")) {
		printf("order %s paid: %s for %s, the device is let through at its next page load\n", ref,
		       json_string_value(json_object_get(reply, "plan")), json_string_value(json_object_get(reply, "mac")));
	} else {
		print_order(reply);
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_show(int argc, char **argv)
{
	return one(argc, argv, "show");
}

static int do_confirm(int argc, char **argv)
{
	return one(argc, argv, "confirm");
}

static const struct cmd cmds[] = {
	{ "list", do_list, "list [--state pending|paid|cancelled]" },
	{ "show", do_show, "show REF" },
	{ "confirm", do_confirm, "confirm REF           (the guest paid at the front desk)" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("order", cmds);
	return EXIT_OK;
}

int do_order(int argc, char **argv)
{
	return cmd_select("order", cmds, argc, argv);
}

/* --- spotctl portal ------------------------------------------------------------ */

static int do_portal_help(int argc, char **argv);

static int do_access_code(int argc, char **argv)
{
	struct args a;
	json_t *body, *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, "portal access-code CODE", &a);

	if (rc)
		return rc;
	body = json_pack("{s:s}", "code", a.positional[0]);
	rc = api_call("PUT", "/api/v1/portal/access-code", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("access code of the day: %s\n", json_string_value(json_object_get(reply, "code")));
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd portal_cmds[] = {
	{ "access-code", do_access_code, "access-code CODE      the code of the day (login = sms-code)" },
	{ "help", do_portal_help, "help" },
	{ 0 },
};

static int do_portal_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("portal", portal_cmds);
	return EXIT_OK;
}

int do_portal(int argc, char **argv)
{
	return cmd_select("portal", portal_cmds, argc, argv);
}
