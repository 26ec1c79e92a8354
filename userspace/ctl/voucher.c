/* spotctl voucher and spotctl batch: the ticket generator, tickets, batches,
 * CSV export and PDF printing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl/args.h"
#include "ctl/ctl.h"

static int voucher_help(int argc, char **argv);
static int batch_help(int argc, char **argv);

static json_t *plan_value(const char *plan)
{
	char *end;
	long long id = strtoll(plan, &end, 10);

	return *plan && !*end ? json_integer(id) : json_string(plan);
}

static int put_int(json_t *body, const char *key, const char *flag, const char *value)
{
	json_t *v;

	if (!value)
		return 0;
	if (!(v = args_integer(flag, value)))
		return -1;
	json_object_set_new(body, key, v);
	return 0;
}

static void print_codes(json_t *codes)
{
	json_t *c;
	size_t i;

	json_array_foreach(codes, i, c) {
		const char *pin = json_string_value(json_object_get(c, "pin"));

		printf("  %s%s%s\n", json_string_value(json_object_get(c, "code")), pin ? "  PIN " : "", pin ? pin : "");
	}
}

static int do_generate(int argc, char **argv)
{
	const char *plan = NULL, *count = NULL, *length = NULL, *charset = NULL, *prefix = NULL, *pin = NULL,
		   *note = NULL, *dry_run = NULL, *location = NULL;
	const struct opt opts[] = {
		{ "plan", &plan }, { "count", &count }, { "length", &length }, { "charset", &charset },
		{ "prefix", &prefix }, { "pin-length", &pin }, { "note", &note }, { "dry-run", &dry_run },
		{ "location", &location }, { 0 },
	};
	struct args a;
	json_t *body, *reply;
	int rc;

	/* --dry-run takes no value: accept it bare */
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--dry-run") == 0)
			argv[i] = "--dry-run=yes";
	rc = args_parse(argc, argv, opts, 0, 0, "voucher generate --plan P --count N ...", &a);
	if (rc)
		return rc;
	if (!plan || !count) {
		p_err("--plan and --count are required");
		return EXIT_USAGE;
	}
	body = json_pack("{s:o}", "plan", plan_value(plan));
	if (put_int(body, "count", "count", count) || put_int(body, "length", "length", length) ||
	    put_int(body, "pin_length", "pin-length", pin)) {
		json_decref(body);
		return EXIT_USAGE;
	}
	if (charset)
		json_object_set_new(body, "charset", json_string(charset));
	if (prefix)
		json_object_set_new(body, "prefix", json_string(prefix));
	if (note)
		json_object_set_new(body, "note", json_string(note));
	if (location)
		json_object_set_new(body, "location", location_value(location));
	if (dry_run)
		json_object_set_new(body, "dry_run", json_true());
	rc = api_call("POST", "/api/v1/batches", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else if (dry_run) {
		printf("preview of a batch of %lld on plan \"%s\" (nothing stored):\n",
		       (long long)json_integer_value(json_object_get(reply, "count")),
		       json_string_value(json_object_get(reply, "plan_name")));
		print_codes(json_object_get(reply, "preview"));
	} else {
		printf("batch %lld: %lld vouchers on plan \"%s\"; first ones:\n",
		       (long long)json_integer_value(json_object_get(reply, "id")),
		       (long long)json_integer_value(json_object_get(reply, "count")),
		       json_string_value(json_object_get(reply, "plan_name")));
		print_codes(json_object_get(reply, "preview"));
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_quick(int argc, char **argv)
{
	const char *plan = NULL, *first = NULL, *last = NULL, *location = NULL;
	const struct opt opts[] = { { "plan", &plan }, { "first-name", &first }, { "last-name", &last },
				    { "location", &location }, { 0 } };
	struct args a;
	json_t *body, *reply;
	int rc = args_parse(argc, argv, opts, 0, 0,
			    "voucher quick --plan P [--first-name F] [--last-name L] [--location NAME|ID]", &a);

	if (rc)
		return rc;
	if (!plan) {
		p_err("--plan is required");
		return EXIT_USAGE;
	}
	body = json_pack("{s:o}", "plan", plan_value(plan));
	if (first)
		json_object_set_new(body, "first_name", json_string(first));
	if (last)
		json_object_set_new(body, "last_name", json_string(last));
	if (location)
		json_object_set_new(body, "location", location_value(location));
	rc = api_call("POST", "/api/v1/quick-tickets", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("username: %s\npassword: %s\nplan:     %s\n",
		       json_string_value(json_object_get(reply, "username")),
		       json_string_value(json_object_get(reply, "password")),
		       json_string_value(json_object_get(reply, "plan_name")));
	json_decref(reply);
	return EXIT_OK;
}

static int do_list(int argc, char **argv)
{
	const char *batch = NULL, *search = NULL, *sort = NULL, *order = NULL, *hide_unused = NULL,
		   *hide_expired = NULL, *page = NULL, *per_page = NULL, *location = NULL;
	const struct opt opts[] = {
		{ "batch", &batch }, { "search", &search }, { "sort", &sort }, { "order", &order },
		{ "hide-unused", &hide_unused }, { "hide-expired", &hide_expired }, { "page", &page },
		{ "per-page", &per_page }, { "location", &location }, { 0 },
	};
	struct args a;
	char path[512];
	size_t n;
	json_t *reply, *v;
	int rc = args_parse(argc, argv, opts, 0, 0, "voucher list [--batch N] [--search PREFIX] ...", &a);

	if (rc)
		return rc;
	n = (size_t)snprintf(path, sizeof(path), "/api/v1/vouchers?page=%s&per_page=%s", page ? page : "1",
			     per_page ? per_page : "50");
	if (batch)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&batch=%s", batch);
	if (search) {
		char *e = url_escape(search);
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&q=%s", e);
		free(e);
	}
	if (location) {
		char *e = url_escape(location);
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&location=%s", e);
		free(e);
	}
	if (sort)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&sort=%s", sort);
	if (order)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&order=%s", order);
	if (hide_unused && strcmp(hide_unused, "yes") == 0)
		n += (size_t)snprintf(path + n, sizeof(path) - n, "&hide_unused=1");
	if (hide_expired && strcmp(hide_expired, "yes") == 0)
		snprintf(path + n, sizeof(path) - n, "&hide_expired=1");
	rc = api_call("GET", path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-20s %-8s %-9s %-6s %-20s\n", "CODE", "PIN", "STATE", "BATCH", "PLAN");
	json_array_foreach(json_object_get(reply, "items"), n, v)
		printf("%-20s %-8s %-9s %-6lld %-20s\n", json_string_value(json_object_get(v, "code")),
		       json_string_value(json_object_get(v, "pin")) ? json_string_value(json_object_get(v, "pin")) : "-",
		       json_string_value(json_object_get(v, "state")),
		       (long long)json_integer_value(json_object_get(v, "batch")),
		       json_string_value(json_object_get(v, "plan_name")));
	printf("%lld of %lld (page %lld)\n", (long long)json_array_size(json_object_get(reply, "items")),
	       (long long)json_integer_value(json_object_get(reply, "total")),
	       (long long)json_integer_value(json_object_get(reply, "page")));
	json_decref(reply);
	return EXIT_OK;
}

static int code_call(int argc, char **argv, const char *method, const char *suffix, const char *usage,
		     const char *done)
{
	struct args a;
	char path[256], *code;
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, usage, &a);

	if (rc)
		return rc;
	code = url_escape(a.positional[0]);
	snprintf(path, sizeof(path), "/api/v1/vouchers/%s%s", code, suffix);
	free(code);
	rc = api_call(method, path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json || !done)
		print_json(reply);
	else
		printf("%s %s\n", done, a.positional[0]);
	json_decref(reply);
	return EXIT_OK;
}

static int do_show(int argc, char **argv)
{
	return code_call(argc, argv, "GET", "", "voucher show CODE", NULL);
}

static int do_expire(int argc, char **argv)
{
	return code_call(argc, argv, "POST", "/expire", "voucher expire CODE", "expired");
}

static int do_delete(int argc, char **argv)
{
	return code_call(argc, argv, "DELETE", "", "voucher delete CODE", "deleted");
}

static int do_export(int argc, char **argv)
{
	const char *batch = NULL, *output = NULL;
	const struct opt opts[] = { { "batch", &batch }, { "output", &output }, { 0 } };
	struct args a;
	char path[128];
	int rc = args_parse(argc, argv, opts, 0, 0, "voucher export --batch N [--output FILE.csv]", &a);

	if (rc)
		return rc;
	if (!batch) {
		p_err("--batch is required");
		return EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "/api/v1/batches/%lld/csv", atoll(batch));
	return api_download("GET", path, NULL, output);
}

static int do_print(int argc, char **argv)
{
	const char *batch = NULL, *output = NULL;
	const struct opt opts[] = { { "batch", &batch }, { "output", &output }, { 0 } };
	struct args a;
	char path[128];
	json_t *body;
	int rc = args_parse(argc, argv, opts, 0, ARGS_MAX_POSITIONAL,
			    "voucher print (--batch N | CODE...) --output FILE.pdf", &a);

	if (rc)
		return rc;
	if (!output) {
		p_err("--output FILE.pdf is required (a PDF is not for the terminal)");
		return EXIT_USAGE;
	}
	if (batch && a.npositional == 0) {
		snprintf(path, sizeof(path), "/api/v1/batches/%lld/pdf", atoll(batch));
		rc = api_download("GET", path, NULL, output);
	} else if (!batch && a.npositional > 0) {
		body = json_pack("{s:[]}", "codes");
		for (int i = 0; i < a.npositional; i++)
			json_array_append_new(json_object_get(body, "codes"), json_string(a.positional[i]));
		rc = api_download("POST", "/api/v1/vouchers/pdf", body, output);
		json_decref(body);
	} else {
		p_err("give either --batch N or voucher codes");
		return EXIT_USAGE;
	}
	if (rc == EXIT_OK && !ctl.json)
		fprintf(stderr, "wrote %s\n", output);
	return rc;
}

static const struct cmd voucher_cmds[] = {
	{ "generate", do_generate,
	  "generate --plan P --count N [--length 10] [--charset digits|upper|lower-digits|unambiguous]\n"
	  "                   [--prefix X] [--pin-length 4] [--note TEXT] [--location NAME|ID] [--dry-run]\n"
	  "                   (--dry-run shows 5 codes; --location: where a plan NAME is looked up, default 1)" },
	{ "quick", do_quick,
	  "quick --plan P [--first-name F] [--last-name L] [--location NAME|ID]   (one account, generated login)" },
	{ "list", do_list,
	  "list [--batch N] [--search PREFIX] [--sort code|created] [--order asc|desc]\n"
	  "               [--hide-unused yes] [--hide-expired yes] [--page N] [--per-page N] [--location NAME|ID]" },
	{ "show", do_show, "show CODE" },
	{ "export", do_export, "export --batch N [--output FILE.csv]" },
	{ "print", do_print, "print (--batch N | CODE...) --output FILE.pdf" },
	{ "expire", do_expire, "expire CODE          (a ticket in use stops now)" },
	{ "delete", do_delete, "delete CODE          (unused tickets only)" },
	{ "help", voucher_help, "help" },
	{ 0 },
};

static int voucher_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("voucher", voucher_cmds);
	return EXIT_OK;
}

int do_voucher(int argc, char **argv)
{
	return cmd_select("voucher", voucher_cmds, argc, argv);
}

/* --- batch --------------------------------------------------------------------- */

static int batch_list(int argc, char **argv)
{
	const char *location = NULL;
	const struct opt opts[] = { { "location", &location }, { 0 } };
	struct args a;
	json_t *reply, *b;
	char path[256];
	size_t i;
	int rc = args_parse(argc, argv, opts, 0, 0, "batch list [--location NAME|ID]", &a);
	char *escaped = url_escape(location ? location : "");

	snprintf(path, sizeof(path), "/api/v1/batches?per_page=1000&location=%s", escaped);
	free(escaped);
	if (rc || (rc = api_call("GET", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-5s %-10s %-7s %-20s %-8s %-4s %-13s %-4s %-7s %s\n", "ID", "CREATED", "COUNT", "PLAN", "PREFIX", "LEN",
	       "CHARSET", "PIN", "UNUSED", "NOTE");
	json_array_foreach(json_object_get(reply, "items"), i, b) {
		time_t t = (time_t)json_integer_value(json_object_get(b, "created_at"));
		char day[16];

		strftime(day, sizeof(day), "%Y-%m-%d", gmtime(&t));
		printf("%-5lld %-10s %-7lld %-20s %-8s %-4lld %-13s %-4lld %-7lld %s\n",
		       (long long)json_integer_value(json_object_get(b, "id")), day,
		       (long long)json_integer_value(json_object_get(b, "count")),
		       json_string_value(json_object_get(b, "plan_name")), json_string_value(json_object_get(b, "prefix")),
		       (long long)json_integer_value(json_object_get(b, "length")),
		       json_string_value(json_object_get(b, "charset")),
		       (long long)json_integer_value(json_object_get(b, "pin_length")),
		       (long long)json_integer_value(json_object_get(json_object_get(b, "states"), "unused")),
		       json_string_value(json_object_get(b, "note")));
	}
	json_decref(reply);
	return EXIT_OK;
}

static int batch_call(int argc, char **argv, const char *method, const char *suffix, const char *usage)
{
	struct args a;
	char path[128];
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, usage, &a);

	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/api/v1/batches/%lld%s", atoll(a.positional[0]), suffix);
	if ((rc = api_call(method, path, NULL, &reply)))
		return rc;
	print_json(reply);
	json_decref(reply);
	return EXIT_OK;
}

/* "load settings": the batch's settings, to generate the same again */
static int batch_show(int argc, char **argv)
{
	return batch_call(argc, argv, "GET", "", "batch show N");
}

static int batch_delete_unused(int argc, char **argv)
{
	return batch_call(argc, argv, "POST", "/delete-unused", "batch delete-unused N");
}

static int batch_export(int argc, char **argv)
{
	const char *output = NULL;
	const struct opt opts[] = { { "output", &output }, { 0 } };
	struct args a;
	char path[128];
	int rc = args_parse(argc, argv, opts, 1, 1, "batch export N [--output FILE.csv]", &a);

	if (rc)
		return rc;
	snprintf(path, sizeof(path), "/api/v1/batches/%lld/csv", atoll(a.positional[0]));
	return api_download("GET", path, NULL, output);
}

static const struct cmd batch_cmds[] = {
	{ "list", batch_list, "list [--location NAME|ID]" },
	{ "show", batch_show, "show N                 (its settings, to generate the same again)" },
	{ "delete-unused", batch_delete_unused, "delete-unused N" },
	{ "export", batch_export, "export N [--output FILE.csv]" },
	{ "help", batch_help, "help" },
	{ 0 },
};

static int batch_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("batch", batch_cmds);
	return EXIT_OK;
}

int do_batch(int argc, char **argv)
{
	return cmd_select("batch", batch_cmds, argc, argv);
}
