/* spotctl plan: prepaid and postpaid plans (rates, packages). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/args.h"
#include "ctl/ctl.h"
#include "ctl/units.h"
#include "voucher/price.h"

static int do_help(int argc, char **argv);

/* Every flag of add and edit; NULL when not given. */
struct plan_flags {
	const char *name, *code, *payment, *measure, *time, *data, *price, *unit_price, *down, *up,
		*validity, *cyclic, *cycle_price, *cycles, *idle, *session_timeout, *interim, *devices,
		*quick_ticket, *portal, *per_hour, *per_10mb, *start_cost, *min_charge, *purge_delay,
		*fair_use, *terms, *location;
};

#define PLAN_OPTS(f)                                                                              \
	{ "name", &(f).name }, { "code", &(f).code }, { "payment", &(f).payment },                \
	{ "measure", &(f).measure }, { "time", &(f).time }, { "data", &(f).data },                \
	{ "price", &(f).price }, { "unit-price", &(f).unit_price }, { "down", &(f).down },        \
	{ "up", &(f).up }, { "validity", &(f).validity }, { "cyclic", &(f).cyclic },              \
	{ "cycle-price", &(f).cycle_price }, { "cycles", &(f).cycles }, { "idle", &(f).idle },    \
	{ "session-timeout", &(f).session_timeout }, { "interim", &(f).interim },                 \
	{ "devices", &(f).devices }, { "quick-ticket", &(f).quick_ticket },                       \
	{ "portal", &(f).portal }, { "price-per-hour", &(f).per_hour },                           \
	{ "price-per-10mb", &(f).per_10mb }, { "start-cost", &(f).start_cost },                   \
	{ "min-charge", &(f).min_charge }, { "purge-delay", &(f).purge_delay },                   \
	{ "fair-use", &(f).fair_use }, { "terms", &(f).terms }, { "location", &(f).location }, { 0 }

#define PLAN_FLAGS_HELP                                                                            \
	"  [--code C] [--payment prepaid|postpaid] [--measure time|traffic|both|unlimited]\n"     \
	"              [--time 1h] [--data 500MB] [--price 3.00 | --unit-price 3.00] [--down 10M] [--up 2M]\n" \
	"              [--validity always|creation:7d|first-use:1d|end-of-day] [--cyclic day|week|month|year\n" \
	"              --cycle-price 20.00 [--cycles N]] [--idle 10min] [--session-timeout 2h] [--interim 5min]\n" \
	"              [--devices N] [--quick-ticket yes|no] [--portal yes|no] [--price-per-hour 1.00]\n" \
	"              [--price-per-10mb 0.10] [--start-cost 0.50] [--min-charge 1.00] [--purge-delay 30d]\n" \
	"              [--fair-use throttle:1GB/month:1M/512k | block:5GB/week | off] [--terms FILE.json]\n" \
	"              [--location NAME|ID]"

static int currency_exponent(void)
{
	json_t *st;
	int exp = 2;

	if (api_call("GET", "/api/v1/status", NULL, &st) == 0) {
		int e = voucher_currency_exponent(json_string_value(json_object_get(st, "currency")));

		if (e >= 0)
			exp = e;
		json_decref(st);
	}
	return exp;
}

static int put_units(json_t *body, const char *key, const char *flag, const char *value,
		     int (*parse)(const char *, int64_t *), const char *example)
{
	int64_t v;

	if (!value)
		return 0;
	if (parse(value, &v) != 0) {
		p_err("--%s: \"%s\" is not a valid value (e.g. %s)", flag, value, example);
		return -1;
	}
	json_object_set_new(body, key, json_integer(v));
	return 0;
}

static int put_money(json_t *body, const char *key, const char *flag, const char *value, int exp)
{
	int64_t v;

	if (!value)
		return 0;
	if (units_money(value, exp, &v) != 0) {
		p_err("--%s: \"%s\" is not an amount of money (e.g. 3.00, at most %d decimals, not negative)",
		      flag, value, exp);
		return -1;
	}
	json_object_set_new(body, key, json_integer(v));
	return 0;
}

static int put_validity(json_t *body, const char *value)
{
	static const struct { const char *prefix, *mode; } modes[] = {
		{ "always", "always" }, { "end-of-day", "end-of-day" },
		{ "creation:", "from-creation" }, { "first-use:", "from-first-use" },
	};

	if (!value)
		return 0;
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		size_t n = strlen(modes[i].prefix);

		if (strncmp(value, modes[i].prefix, n) != 0)
			continue;
		if (modes[i].prefix[n - 1] == ':')
			json_object_set_new(body, "validity", json_pack("{s:s, s:s}", "mode", modes[i].mode,
									 "duration", value + n));
		else if (value[n] == '\0')
			json_object_set_new(body, "validity", json_pack("{s:s}", "mode", modes[i].mode));
		else
			continue;
		return 0;
	}
	p_err("--validity must be always, end-of-day, creation:DURATION or first-use:DURATION (e.g. first-use:1d)");
	return -1;
}

/* throttle:1GB/month:1M/512k, block:5GB/week, off */
static int put_fair_use(json_t *body, const char *value)
{
	char action[16], size[32], period[16], down[32] = "", up[32] = "";
	int64_t bytes, d = 0, u = 0;

	if (!value)
		return 0;
	if (strcmp(value, "off") == 0) {
		json_object_set_new(body, "fair_use", json_null());
		return 0;
	}
	if (sscanf(value, "%15[a-z]:%31[^/]/%15[a-z]:%31[^/]/%31s", action, size, period, down, up) < 3 ||
	    units_bytes(size, &bytes) != 0 || (down[0] && units_speed(down, &d) != 0) ||
	    (up[0] && units_speed(up, &u) != 0)) {
		p_err("--fair-use must look like throttle:1GB/month:1M/512k (threshold/period:down/up), "
		      "block:5GB/week or off");
		return -1;
	}
	json_object_set_new(body, "fair_use",
			    json_pack("{s:s, s:I, s:{s:s, s:i, s:b}, s:I, s:I}", "action", action,
				      "threshold_bytes", (json_int_t)bytes, "period", "unit", period, "count", 1,
				      "aligned", 1, "speed_down", (json_int_t)d, "speed_up", (json_int_t)u));
	return 0;
}

static json_t *plan_body(const struct plan_flags *f)
{
	json_t *body = json_object(), *v;
	int exp = (f->price || f->unit_price || f->cycle_price || f->per_hour || f->per_10mb ||
		   f->start_cost || f->min_charge) ? currency_exponent() : 2;

	if (f->terms) {
		json_error_t jerr;
		json_t *terms = json_load_file(f->terms, 0, &jerr);

		if (!terms || !json_is_object(terms)) {
			p_err("%s: %s", f->terms, terms ? "must hold a JSON object" : jerr.text);
			json_decref(terms);
			goto bad;
		}
		json_object_update(body, terms);
		json_decref(terms);
	}
	if (f->name)
		json_object_set_new(body, "name", json_string(f->name));
	if (f->location)
		json_object_set_new(body, "location", location_value(f->location));
	if (f->code)
		json_object_set_new(body, "code", json_string(f->code));
	if (f->payment)
		json_object_set_new(body, "payment", json_string(f->payment));
	if (f->measure)
		json_object_set_new(body, "measure", json_string(f->measure));
	if (put_units(body, "time_amount", "time", f->time, units_seconds, "90min, 1h, 2d") ||
	    put_units(body, "data_amount", "data", f->data, units_bytes, "500MB, 1.5GB") ||
	    put_money(body, "price", "price", f->price, exp) ||
	    put_money(body, "unit_price", "unit-price", f->unit_price, exp) ||
	    put_units(body, "speed_down", "down", f->down, units_speed, "10M, 512k") ||
	    put_units(body, "speed_up", "up", f->up, units_speed, "2M, 256k") || put_validity(body, f->validity) ||
	    put_units(body, "idle_timeout", "idle", f->idle, units_seconds, "10min") ||
	    put_units(body, "session_timeout", "session-timeout", f->session_timeout, units_seconds, "2h") ||
	    put_units(body, "interim_interval", "interim", f->interim, units_seconds, "5min") ||
	    put_money(body, "price_per_hour", "price-per-hour", f->per_hour, exp) ||
	    put_money(body, "price_per_10mb", "price-per-10mb", f->per_10mb, exp) ||
	    put_money(body, "start_cost", "start-cost", f->start_cost, exp) ||
	    put_money(body, "min_charge", "min-charge", f->min_charge, exp) ||
	    put_units(body, "purge_delay", "purge-delay", f->purge_delay, units_seconds, "30d") ||
	    put_fair_use(body, f->fair_use))
		goto bad;
	if (f->devices) {
		if (!(v = args_integer("devices", f->devices)))
			goto bad;
		json_object_set_new(body, "max_devices", v);
	}
	if (f->quick_ticket) {
		if (!(v = args_yes_no("quick-ticket", f->quick_ticket)))
			goto bad;
		json_object_set_new(body, "quick_ticket", v);
	}
	if (f->portal) {
		if (!(v = args_yes_no("portal", f->portal)))
			goto bad;
		json_object_set_new(body, "sold_on_portal", v);
	}
	if (f->cyclic || f->cycle_price || f->cycles) {
		json_t *c = json_object();

		if (f->cyclic)
			json_object_set_new(c, "unit", json_string(f->cyclic));
		if (put_money(c, "price_per_cycle", "cycle-price", f->cycle_price, exp)) {
			json_decref(c);
			goto bad;
		}
		if (f->cycles) {
			if (!(v = args_integer("cycles", f->cycles))) {
				json_decref(c);
				goto bad;
			}
			json_object_set_new(c, "cycles", v);
		}
		json_object_set_new(body, "cyclic", c);
	}
	return body;
bad:
	json_decref(body);
	return NULL;
}

static void print_plan_row(json_t *p, int exp)
{
	char amount[64] = "-", price[32], speed[64] = "-", a[24], b[24];
	const char *measure = json_string_value(json_object_get(p, "measure"));
	int64_t t = json_integer_value(json_object_get(p, "time_amount"));
	int64_t d = json_integer_value(json_object_get(p, "data_amount"));
	json_t *cyc = json_object_get(p, "cyclic");

	if (strcmp(measure, "time") == 0)
		units_format_seconds(t, amount, sizeof(amount));
	else if (strcmp(measure, "traffic") == 0)
		units_format_bytes(d, amount, sizeof(amount));
	else if (strcmp(measure, "both") == 0) {
		units_format_seconds(t, a, sizeof(a));
		units_format_bytes(d, b, sizeof(b));
		snprintf(amount, sizeof(amount), "%s + %s", a, b);
	}
	units_format_money(json_is_object(cyc) ? json_integer_value(json_object_get(cyc, "price_per_cycle"))
					       : json_integer_value(json_object_get(p, "price")),
			   exp, price, sizeof(price));
	if (json_integer_value(json_object_get(p, "speed_down")) || json_integer_value(json_object_get(p, "speed_up"))) {
		units_format_speed(json_integer_value(json_object_get(p, "speed_down")), a, sizeof(a));
		units_format_speed(json_integer_value(json_object_get(p, "speed_up")), b, sizeof(b));
		snprintf(speed, sizeof(speed), "%s/%s", a, b);
	}
	printf("%-4lld %-20s %-9s %-9s %-18s %9s %-5s %-24s %-s%s\n",
	       (long long)json_integer_value(json_object_get(p, "id")),
	       json_string_value(json_object_get(p, "name")), json_string_value(json_object_get(p, "payment")),
	       measure, amount, price, json_string_value(json_object_get(p, "currency")), speed,
	       json_string_value(json_object_get(json_object_get(p, "validity"), "mode")),
	       json_is_object(cyc) ? " (cyclic)" : "");
}

static int show_reply(json_t *reply, const char *done)
{
	if (ctl.json)
		print_json(reply);
	else if (done)
		printf("%s plan %lld \"%s\" (version %lld)\n", done,
		       (long long)json_integer_value(json_object_get(reply, "id")),
		       json_string_value(json_object_get(reply, "name")),
		       (long long)json_integer_value(json_object_get(reply, "version")));
	json_decref(reply);
	return EXIT_OK;
}

static int do_add(int argc, char **argv)
{
	struct plan_flags f = { 0 };
	const struct opt opts[] = { PLAN_OPTS(f) };
	struct args a;
	json_t *body, *reply;
	int rc = args_parse(argc, argv, opts, 0, 0, "plan add --name N ...", &a);

	if (rc)
		return rc;
	if (!f.name && !f.terms) {
		p_err("--name is required");
		return EXIT_USAGE;
	}
	if (!(body = plan_body(&f)))
		return EXIT_USAGE;
	rc = api_call("POST", "/api/v1/plans", body, &reply);
	json_decref(body);
	return rc ? rc : show_reply(reply, "added");
}

static int plan_path(const char *which, char *path, size_t size)
{
	char *escaped = url_escape(which);

	snprintf(path, size, "/api/v1/plans/%s", escaped);
	free(escaped);
	return 0;
}

static int do_edit(int argc, char **argv)
{
	struct plan_flags f = { 0 };
	const struct opt opts[] = { PLAN_OPTS(f) };
	struct args a;
	char path[256];
	json_t *body, *reply;
	int rc = args_parse(argc, argv, opts, 1, 1, "plan edit ID|NAME [flags]", &a);

	if (rc)
		return rc;
	if (!(body = plan_body(&f)))
		return EXIT_USAGE;
	plan_path(a.positional[0], path, sizeof(path));
	rc = api_call("PATCH", path, body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (!ctl.json && json_is_true(json_object_get(reply, "new_version")))
		printf("terms changed while tickets use them: ");
	return show_reply(reply, "saved");
}

static int do_list(int argc, char **argv)
{
	const char *all = NULL, *location = NULL;
	const struct opt opts[] = { { "all", &all }, { "location", &location }, { 0 } };
	struct args a;
	json_t *reply, *p;
	char path[256];
	size_t i;
	int exp, rc = args_parse(argc, argv, opts, 0, 0, "plan list [--all yes] [--location NAME|ID]", &a);

	if (rc)
		return rc;
	char *escaped = url_escape(location ? location : "");
	snprintf(path, sizeof(path), "/api/v1/plans?per_page=1000%s&location=%s",
		 all && strcmp(all, "yes") == 0 ? "&retired=1" : "", escaped);
	free(escaped);
	rc = api_call("GET", path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	exp = currency_exponent();
	printf("%-4s %-20s %-9s %-9s %-18s %9s %-5s %-24s %s\n", "ID", "NAME", "PAYMENT", "MEASURE", "AMOUNT",
	       "PRICE", "", "SPEED DOWN/UP", "VALIDITY");
	json_array_foreach(json_object_get(reply, "items"), i, p)
		print_plan_row(p, exp);
	json_decref(reply);
	return EXIT_OK;
}

static int do_show(int argc, char **argv)
{
	const char *version = NULL;
	const struct opt opts[] = { { "version", &version }, { 0 } };
	struct args a;
	char path[256];
	json_t *reply;
	int rc = args_parse(argc, argv, opts, 1, 1, "plan show ID|NAME [--version N]", &a);

	if (rc)
		return rc;
	plan_path(a.positional[0], path, sizeof(path));
	if (version) {
		size_t len = strlen(path);
		snprintf(path + len, sizeof(path) - len, "?version=%d", atoi(version));
	}
	rc = api_call("GET", path, NULL, &reply);
	if (rc)
		return rc;
	/* plans are nested (schedules, fair use): JSON reads best either way */
	print_json(reply);
	json_decref(reply);
	return EXIT_OK;
}

static int do_retire(int argc, char **argv)
{
	struct args a;
	char path[256];
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, "plan retire ID|NAME", &a);

	if (rc)
		return rc;
	plan_path(a.positional[0], path, sizeof(path));
	rc = api_call("DELETE", path, NULL, &reply);
	return rc ? rc : show_reply(reply, "retired");
}

static const struct cmd cmds[] = {
	{ "add", do_add, "add --name N" PLAN_FLAGS_HELP },
	{ "list", do_list, "list [--all yes] [--location NAME|ID]   (--all includes retired plans)" },
	{ "show", do_show, "show ID|NAME [--version N]" },
	{ "edit", do_edit, "edit ID|NAME [the flags of add]  (terms in use become a new version)" },
	{ "retire", do_retire, "retire ID|NAME          (no new tickets; existing ones keep working)" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("plan", cmds);
	return EXIT_OK;
}

int do_plan(int argc, char **argv)
{
	return cmd_select("plan", cmds, argc, argv);
}
