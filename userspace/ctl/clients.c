/* spotctl client: the guests in the data plane (authorize, kick, counters). The
 * file is clients.c because client.c is spotctl's HTTP client. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/mac.h"
#include "ctl/args.h"
#include "ctl/ctl.h"
#include "ctl/units.h"

static int do_help(int argc, char **argv);

static long long num(json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* MAC in any common spelling -> "aa:bb:cc:dd:ee:ff", or a usage error. */
static int canonical_mac(const char *text, char out[MAC_TEXT_LEN])
{
	uint8_t m[6];

	if (mac_parse(text, m)) {
		p_err("\"%s\" is not a MAC address (aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF or aabb.ccdd.eeff)",
		      text);
		return EXIT_USAGE;
	}
	mac_format(m, out);
	return 0;
}

/* epoch seconds, or UTC "YYYY-MM-DDTHH:MM[:SS][Z]" / "YYYY-MM-DD HH:MM[:SS]" */
static int parse_until(const char *text, long long *out)
{
	static const char *const forms[] = { "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
					     "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M" };
	char *end;
	struct tm tm;

	*out = strtoll(text, &end, 10);
	if (*text && !*end)
		return 0;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(text, forms[i], &tm);
		if (end && (!*end || !strcmp(end, "Z"))) {
			*out = (long long)timegm(&tm);
			return 0;
		}
	}
	return -1;
}

static void fmt_time(long long t, char *buf, size_t size)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (!t) {
		snprintf(buf, size, "-");
		return;
	}
	gmtime_r(&tt, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%SZ", &tm);
}

static int do_authorize(int argc, char **argv)
{
	const char *ip = NULL, *down = NULL, *up = NULL, *quota = NULL, *minutes = NULL,
		   *until = NULL, *idle = NULL, *session = NULL;
	const struct opt opts[] = {
		{ "ip", &ip }, { "down", &down }, { "up", &up }, { "quota", &quota },
		{ "minutes", &minutes }, { "until", &until }, { "idle", &idle },
		{ "session-id", &session }, { 0 },
	};
	const char *usage = "client authorize MAC [--ip ADDR[,ADDR...]|any] [--down RATE] [--up RATE] "
			    "[--quota BYTES] [--minutes N|--until TIME] [--idle DURATION]";
	char mac[MAC_TEXT_LEN];
	struct args a;
	json_t *body, *reply;
	int64_t v;
	long long t;
	int rc = args_parse(argc, argv, opts, 1, 1, usage, &a);

	if (rc || (rc = canonical_mac(a.positional[0], mac)))
		return rc;
	body = json_pack("{s:s}", "mac", mac);
	if (ip) {
		json_t *list = json_array();
		char *copy = strdup(ip), *save = NULL;

		for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save))
			json_array_append_new(list, json_string(tok));
		free(copy);
		json_object_set_new(body, "ip", list);
	}
	if (down) {
		if (units_speed(down, &v))
			goto bad_value_down;
		json_object_set_new(body, "rate_down", json_integer(v));
	}
	if (up) {
		if (units_speed(up, &v)) {
			p_err("--up: \"%s\" is not a speed (e.g. 2M, 512k, 10Mbit)", up);
			goto usage;
		}
		json_object_set_new(body, "rate_up", json_integer(v));
	}
	if (quota) {
		if (units_bytes(quota, &v)) {
			p_err("--quota: \"%s\" is not a size (e.g. 1MB, 500MB, 1.5GB, 1048576)", quota);
			goto usage;
		}
		json_object_set_new(body, "quota", json_integer(v));
	}
	if (minutes) {
		json_t *n = args_integer("minutes", minutes);

		if (!n)
			goto usage;
		json_object_set_new(body, "minutes", n);
	}
	if (until) {
		if (parse_until(until, &t)) {
			p_err("--until: \"%s\" is not a time (epoch seconds or 2030-01-31T18:00Z, UTC)", until);
			goto usage;
		}
		json_object_set_new(body, "until", json_integer(t));
	}
	if (idle) {
		if (units_seconds(idle, &v)) {
			p_err("--idle: \"%s\" is not a duration (e.g. 90s, 10min, 1h)", idle);
			goto usage;
		}
		json_object_set_new(body, "idle_timeout", json_integer(v));
	}
	if (session) {
		json_t *n = args_integer("session-id", session);

		if (!n)
			goto usage;
		json_object_set_new(body, "session_id", n);
	}
	rc = api_call("POST", "/api/v1/clients", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("authorized %s\n", json_string_value(json_object_get(reply, "mac")));
	json_decref(reply);
	return EXIT_OK;
bad_value_down:
	p_err("--down: \"%s\" is not a speed (e.g. 2M, 512k, 10Mbit)", down);
usage:
	json_decref(body);
	return EXIT_USAGE;
}

static int do_list(int argc, char **argv)
{
	struct args a;
	json_t *reply, *item;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 0, 0, "client list", &a);

	if (rc)
		return rc;
	rc = api_call("GET", "/api/v1/clients", NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-17s %-12s %-15s %12s %12s %12s %-20s\n", "MAC", "STATUS", "IPV4", "UP", "DOWN",
	       "QUOTA", "LAST SEEN");
	json_array_foreach(json_object_get(reply, "items"), i, item) {
		char upb[32], downb[32], quotab[32], seen[32];
		const char *ipv4 = json_string_value(json_object_get(item, "ipv4"));

		units_format_bytes(num(item, "bytes_up"), upb, sizeof(upb));
		units_format_bytes(num(item, "bytes_down"), downb, sizeof(downb));
		if (num(item, "quota"))
			units_format_bytes(num(item, "quota"), quotab, sizeof(quotab));
		else
			snprintf(quotab, sizeof(quotab), "-");
		fmt_time(num(item, "last_seen"), seen, sizeof(seen));
		printf("%-17s %-12s %-15s %12s %12s %12s %-20s\n",
		       json_string_value(json_object_get(item, "mac")),
		       json_string_value(json_object_get(item, "status")),
		       json_is_true(json_object_get(item, "any_ip")) ? "any" : ipv4 ? ipv4 : "-",
		       upb, downb, quotab, seen);
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_show(int argc, char **argv)
{
	struct args a;
	char mac[MAC_TEXT_LEN], path[64];
	json_t *reply, *v;
	const char *key;
	int rc = args_parse(argc, argv, NULL, 1, 1, "client show MAC", &a);

	if (rc || (rc = canonical_mac(a.positional[0], mac)))
		return rc;
	snprintf(path, sizeof(path), "/api/v1/clients/%s", mac);
	rc = api_call("GET", path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	json_object_foreach(reply, key, v) {
		char buf[64];
		char *text = NULL;

		if (!strcmp(key, "until") || !strcmp(key, "last_seen") || !strcmp(key, "stopped_at")) {
			fmt_time(json_integer_value(v), buf, sizeof(buf));
			printf("%-14s %s\n", key, buf);
			continue;
		}
		if (!strncmp(key, "rate_", 5) && json_integer_value(v)) {
			units_format_speed(json_integer_value(v), buf, sizeof(buf));
			printf("%-14s %s\n", key, buf);
			continue;
		}
		text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
		printf("%-14s %s\n", key, text ? text : json_string_value(v));
		free(text);
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_kick(int argc, char **argv)
{
	struct args a;
	char mac[MAC_TEXT_LEN], path[64];
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, "client kick MAC", &a);

	if (rc || (rc = canonical_mac(a.positional[0], mac)))
		return rc;
	snprintf(path, sizeof(path), "/api/v1/clients/%s", mac);
	rc = api_call("DELETE", path, NULL, &reply);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("kicked %s (up %lld bytes, down %lld bytes)\n", mac, num(reply, "bytes_up"),
		       num(reply, "bytes_down"));
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd cmds[] = {
	{ "list", do_list, "list                       clients in the data plane, with counters" },
	{ "show", do_show, "show MAC" },
	{ "authorize", do_authorize,
	  "authorize MAC [--ip ADDR[,ADDR...]|any] [--down RATE] [--up RATE] [--quota BYTES]\n"
	  "              [--minutes N | --until TIME] [--idle DURATION]\n"
	  "                           let MAC through now (no --ip: its IPv4 from the neighbour table)" },
	{ "kick", do_kick, "kick MAC                   end the client's session" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("client", cmds);
	return EXIT_OK;
}

int do_client(int argc, char **argv)
{
	return cmd_select("client", cmds, argc, argv);
}
