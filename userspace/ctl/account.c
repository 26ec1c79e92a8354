/* spotctl account and spotctl cdr: guest accounts and usage records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/args.h"
#include "ctl/ctl.h"
#include "ctl/units.h"

static int account_help(int argc, char **argv);

static void account_path(const char *which, const char *suffix, char *path, size_t size)
{
	char *e = url_escape(which);

	snprintf(path, size, "/api/v1/accounts/%s%s", e, suffix);
	free(e);
}

static int print_account(json_t *a)
{
	json_t *b, *d;
	size_t i;
	char t[32], v[32];

	if (ctl.json) {
		print_json(a);
		return EXIT_OK;
	}
	printf("account %lld (%s) %s  plan \"%s\"  %s\n", (long long)json_integer_value(json_object_get(a, "id")),
	       json_string_value(json_object_get(a, "kind")), json_string_value(json_object_get(a, "username")),
	       json_string_value(json_object_get(a, "plan_name")), json_string_value(json_object_get(a, "status")));
	json_array_foreach(json_object_get(a, "buckets"), i, b) {
		int64_t tl = json_integer_value(json_object_get(b, "time_left"));
		int64_t dl = json_integer_value(json_object_get(b, "data_left"));

		if (tl < 0)
			snprintf(t, sizeof(t), "unlimited");
		else
			units_format_seconds(tl, t, sizeof(t));
		if (dl < 0)
			snprintf(v, sizeof(v), "unlimited");
		else
			units_format_bytes(dl, v, sizeof(v));
		printf("  bucket %lld (%s): time left %s, data left %s\n", (long long)json_integer_value(json_object_get(b, "id")),
		       json_string_value(json_object_get(b, "kind")), t, v);
	}
	json_array_foreach(json_object_get(a, "devices"), i, d)
		printf("  device %s\n", json_string_value(json_object_get(d, "mac")));
	json_array_foreach(json_object_get(a, "sessions"), i, d)
		printf("  online since %lld from %s %s\n", (long long)json_integer_value(json_object_get(d, "started_at")),
		       json_string_value(json_object_get(d, "mac")), json_string_value(json_object_get(d, "ip")));
	return EXIT_OK;
}

static int plan_json_value(json_t *body, const char *plan)
{
	char *end;
	long long id = strtoll(plan, &end, 10);

	json_object_set_new(body, "plan", *plan && !*end ? json_integer(id) : json_string(plan));
	return 0;
}

static int do_add(int argc, char **argv)
{
	const char *plan = NULL, *kind = NULL, *password = NULL, *first = NULL, *last = NULL, *from = NULL,
		   *until = NULL, *location = NULL;
	const struct opt opts[] = {
		{ "plan", &plan }, { "kind", &kind }, { "password", &password }, { "first-name", &first },
		{ "last-name", &last }, { "valid-from", &from }, { "valid-until", &until }, { "location", &location },
		{ 0 },
	};
	int64_t when;
	struct args a;
	json_t *body, *reply;
	int rc = args_parse(argc, argv, opts, 0, 1, "account add [USERNAME|+NUMBER] --plan P [--kind user|mobile] ...", &a);

	if (rc)
		return rc;
	if (!plan) {
		p_err("--plan is required");
		return EXIT_USAGE;
	}
	body = json_object();
	plan_json_value(body, plan);
	if (a.npositional)
		json_object_set_new(body, "username", json_string(a.positional[0]));
	if (kind)
		json_object_set_new(body, "kind", json_string(kind));
	else if (a.npositional && a.positional[0][0] == '+')
		json_object_set_new(body, "kind", json_string("mobile"));
	if (password)
		json_object_set_new(body, "password", json_string(password));
	if (first)
		json_object_set_new(body, "first_name", json_string(first));
	if (last)
		json_object_set_new(body, "last_name", json_string(last));
	if (location)
		json_object_set_new(body, "location", location_value(location));
	/* the first login must fall inside [valid-from, valid-until) */
	if (from) {
		if (units_date(from, &when))
			goto bad_date;
		json_object_set_new(body, "valid_from", json_integer(when));
	}
	if (until) {
		if (units_date(until, &when))
			goto bad_date;
		json_object_set_new(body, "valid_until", json_integer(when));
	}
	rc = api_call("POST", "/api/v1/accounts", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (!ctl.json && json_object_get(reply, "password"))
		printf("password: %s (shown once)\n", json_string_value(json_object_get(reply, "password")));
	print_account(reply);
	json_decref(reply);
	return EXIT_OK;
bad_date:
	json_decref(body);
	p_err("--valid-from and --valid-until take a date YYYY-MM-DD (UTC) or epoch seconds");
	return EXIT_USAGE;
}

static int do_list(int argc, char **argv)
{
	const char *search = NULL, *page = NULL;
	const struct opt opts[] = { { "search", &search }, { "page", &page }, { 0 } };
	struct args a;
	char path[256];
	json_t *reply, *v;
	size_t i;
	int rc = args_parse(argc, argv, opts, 0, 0, "account list [--search TEXT] [--page N]", &a);

	if (rc)
		return rc;
	if (search) {
		char *e = url_escape(search);
		snprintf(path, sizeof(path), "/api/v1/accounts?per_page=100&page=%s&q=%s", page ? page : "1", e);
		free(e);
	} else {
		snprintf(path, sizeof(path), "/api/v1/accounts?per_page=100&page=%s", page ? page : "1");
	}
	if ((rc = api_call("GET", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-6s %-8s %-20s %-20s %-20s %s\n", "ID", "KIND", "USERNAME", "NAME", "PLAN", "STATUS");
	json_array_foreach(json_object_get(reply, "items"), i, v)
		printf("%-6lld %-8s %-20s %-20s %-20s %s\n", (long long)json_integer_value(json_object_get(v, "id")),
		       json_string_value(json_object_get(v, "kind")), json_string_value(json_object_get(v, "username")),
		       json_string_value(json_object_get(v, "name")), json_string_value(json_object_get(v, "plan_name")),
		       json_string_value(json_object_get(v, "status")));
	json_decref(reply);
	return EXIT_OK;
}

static int simple(int argc, char **argv, const char *method, const char *suffix, const char *usage, json_t *body)
{
	struct args a;
	char path[256];
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, usage, &a);

	if (rc)
		return rc;
	account_path(a.positional[0], suffix, path, sizeof(path));
	if ((rc = api_call(method, path, body, &reply)))
		return rc;
	print_account(reply);
	json_decref(reply);
	return EXIT_OK;
}

static int do_show(int argc, char **argv)
{
	return simple(argc, argv, "GET", "", "account show ID|USERNAME", NULL);
}

static int do_suspend(int argc, char **argv)
{
	return simple(argc, argv, "POST", "/suspend", "account suspend ID|USERNAME", NULL);
}

static int do_resume(int argc, char **argv)
{
	return simple(argc, argv, "POST", "/resume", "account resume ID|USERNAME", NULL);
}

/* --time and --data into the body as seconds and bytes; -1 after saying why */
static int put_time_data(json_t *body, const char *time_s, const char *data)
{
	int64_t v;

	if (time_s) {
		if (units_seconds(time_s, &v)) {
			p_err("--time: \"%s\" is not a duration (e.g. 30min, 1h, 2d)", time_s);
			return -1;
		}
		json_object_set_new(body, "time", json_integer(v));
	}
	if (data) {
		if (units_bytes(data, &v)) {
			p_err("--data: \"%s\" is not a size (e.g. 500MB, 1GB)", data);
			return -1;
		}
		json_object_set_new(body, "data", json_integer(v));
	}
	return 0;
}

static int do_topup(int argc, char **argv)
{
	const char *time_s = NULL, *data = NULL, *extend = NULL, *overwrite = NULL, *bucket = NULL;
	const struct opt opts[] = {
		{ "time", &time_s }, { "data", &data }, { "extend", &extend }, { "overwrite", &overwrite },
		{ "bucket", &bucket }, { 0 },
	};
	struct args a;
	char path[256];
	json_t *body, *reply, *b;
	int rc = args_parse(argc, argv, opts, 1, 1,
			    "account topup ID|USERNAME [--time 1h] [--data 1GB] [--extend 1d] [--overwrite yes] [--bucket N]", &a);

	if (rc)
		return rc;
	body = json_object();
	if (put_time_data(body, time_s, data)) {
		json_decref(body);
		return EXIT_USAGE;
	}
	if (extend)
		json_object_set_new(body, "extend", json_string(extend));
	if (overwrite) {
		if (!(b = args_yes_no("overwrite", overwrite))) {
			json_decref(body);
			return EXIT_USAGE;
		}
		json_object_set_new(body, "overwrite", b);
	}
	if (bucket) {
		if (!(b = args_integer("bucket", bucket))) {
			json_decref(body);
			return EXIT_USAGE;
		}
		json_object_set_new(body, "bucket", b);
	}
	account_path(a.positional[0], "/topup", path, sizeof(path));
	rc = api_call("POST", path, body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	print_account(reply);
	json_decref(reply);
	return EXIT_OK;
}

static int do_device_add(int argc, char **argv)
{
	struct args a;
	char path[256];
	json_t *body, *reply;
	int rc = args_parse(argc, argv, NULL, 2, 2, "account device-add ID|USERNAME MAC", &a);

	if (rc)
		return rc;
	account_path(a.positional[0], "/devices", path, sizeof(path));
	body = json_pack("{s:s}", "mac", a.positional[1]);
	rc = api_call("POST", path, body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	print_account(reply);
	json_decref(reply);
	return EXIT_OK;
}

static int do_device_rm(int argc, char **argv)
{
	struct args a;
	char path[256], suffix[64];
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 2, 2, "account device-rm ID|USERNAME MAC", &a);

	if (rc)
		return rc;
	snprintf(suffix, sizeof(suffix), "/devices/%.40s", a.positional[1]);
	account_path(a.positional[0], suffix, path, sizeof(path));
	if ((rc = api_call("DELETE", path, NULL, &reply)))
		return rc;
	print_account(reply);
	json_decref(reply);
	return EXIT_OK;
}

static int do_bucket_add(int argc, char **argv)
{
	const char *kind = NULL, *time_s = NULL, *data = NULL, *refill = NULL;
	const struct opt opts[] = { { "kind", &kind }, { "time", &time_s }, { "data", &data }, { "refill", &refill }, { 0 } };
	struct args a;
	char path[256], mode[16], unit[16];
	json_t *body, *reply;
	int rc = args_parse(argc, argv, opts, 1, 1,
			    "account bucket-add ID|USERNAME [--kind free|paid] [--time 1h] [--data 100MB] [--refill add|overwrite:day|week|month|year]",
			    &a);

	if (rc)
		return rc;
	body = json_object();
	if (kind)
		json_object_set_new(body, "kind", json_string(kind));
	if (put_time_data(body, time_s, data)) {
		json_decref(body);
		return EXIT_USAGE;
	}
	if (refill) {
		if (sscanf(refill, "%15[a-z]:%15[a-z]", mode, unit) != 2) {
			json_decref(body);
			p_err("--refill must look like overwrite:day or add:month");
			return EXIT_USAGE;
		}
		json_object_set_new(body, "refill", json_pack("{s:s, s:s}", "mode", mode, "unit", unit));
	}
	account_path(a.positional[0], "/buckets", path, sizeof(path));
	rc = api_call("POST", path, body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	print_account(reply);
	json_decref(reply);
	return EXIT_OK;
}

static int do_checkout(int argc, char **argv)
{
	struct args a;
	char path[256], amount[32];
	json_t *reply, *line;
	int rc = args_parse(argc, argv, NULL, 1, 1, "account checkout ID|USERNAME", &a);

	if (rc)
		return rc;
	account_path(a.positional[0], "/checkout", path, sizeof(path));
	if ((rc = api_call("POST", path, NULL, &reply)))
		return rc;
	line = json_object_get(reply, "invoice_line");
	if (ctl.json) {
		print_json(line ? line : reply);
	} else {
		units_format_money(json_integer_value(json_object_get(line, "amount")), 2, amount, sizeof(amount));
		printf("invoice line: %s %s, %lld sessions, code %s\n", json_string_value(json_object_get(line, "currency")),
		       amount, (long long)json_integer_value(json_object_get(line, "sessions")),
		       json_string_value(json_object_get(line, "plan_code")));
	}
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd account_cmds[] = {
	{ "add", do_add, "add [USERNAME|+NUMBER] --plan P [--kind user|mobile] [--password PW] [--first-name F] [--last-name L]\n"
			 "               [--valid-from DATE] [--valid-until DATE] [--location NAME|ID]   (the first login must fall inside)" },
	{ "list", do_list, "list [--search TEXT] [--page N]" },
	{ "show", do_show, "show ID|USERNAME" },
	{ "topup", do_topup, "topup ID|USERNAME [--time 1h] [--data 1GB] [--extend 1d] [--overwrite yes] [--bucket N]" },
	{ "suspend", do_suspend, "suspend ID|USERNAME       (goes offline now)" },
	{ "resume", do_resume, "resume ID|USERNAME" },
	{ "bucket-add", do_bucket_add, "bucket-add ID|USERNAME [--kind free|paid] [--time 1h] [--data 100MB] [--refill add|overwrite:day]" },
	{ "checkout", do_checkout, "checkout ID|USERNAME     (postpaid charges become one invoice line)" },
	{ "device-add", do_device_add, "device-add ID|USERNAME MAC  (bound for automatic re-login)" },
	{ "device-rm", do_device_rm, "device-rm ID|USERNAME MAC" },
	{ "help", account_help, "help" },
	{ 0 },
};

static int account_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("account", account_cmds);
	return EXIT_OK;
}

int do_account(int argc, char **argv)
{
	return cmd_select("account", account_cmds, argc, argv);
}

/* --- cdr ------------------------------------------------------------------------ */

static int cdr_help(int argc, char **argv);

static int cdr_export(int argc, char **argv)
{
	const char *from = NULL, *to = NULL, *output = NULL;
	const struct opt opts[] = { { "from", &from }, { "to", &to }, { "output", &output }, { 0 } };
	struct args a;
	char path[128];
	int64_t f = 0, t = 4102444800LL;	/* 2100-01-01 */
	int rc = args_parse(argc, argv, opts, 0, 0, "cdr export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--output FILE.csv]", &a);

	if (rc)
		return rc;
	if ((from && units_date(from, &f)) || (to && units_date(to, &t))) {
		p_err("--from and --to take a date YYYY-MM-DD (UTC) or epoch seconds");
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "/api/v1/cdr?from=%lld&to=%lld", (long long)f, (long long)t);
	return api_download("GET", path, NULL, output);
}

static const struct cmd cdr_cmds[] = {
	{ "export", cdr_export, "export [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--output FILE.csv]  (records that stopped in [from, to))" },
	{ "help", cdr_help, "help" },
	{ 0 },
};

static int cdr_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("cdr", cdr_cmds);
	return EXIT_OK;
}

int do_cdr(int argc, char **argv)
{
	return cmd_select("cdr", cdr_cmds, argc, argv);
}
