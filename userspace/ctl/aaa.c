/* spotctl aaa: remote AAA ([aaa] mode = radius) without the portal: a test
 * login that waits for the RADIUS server's answer, the sessions it opened,
 * their Interim-Update and Stop, and the counters. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static void print_limit(const char *name, json_t *v)
{
	if (json_is_integer(v) && json_integer_value(v))
		printf("  %-18s %lld\n", name, (long long)json_integer_value(v));
}

static int do_test_login(int argc, char **argv)
{
	const char *password = NULL, *mac = NULL, *ip = NULL, *start = NULL;
	const struct opt opts[] = {
		{ "password", &password },
		{ "mac", &mac },
		{ "ip", &ip },
		{ "start", &start },
		{ 0 },
	};
	struct args a;
	json_t *body, *reply, *v, *limits;
	const char *key;
	int rc = args_parse(argc, argv, opts, 1, 1, "aaa test-login USER [--password P] [--mac M] [--ip A] [--start yes]",
			    &a);

	if (rc)
		return rc;
	body = json_pack("{s:s, s:s}", "username", a.positional[0], "password", password ? password : "");
	if (mac)
		json_object_set_new(body, "mac", json_string(mac));
	if (ip)
		json_object_set_new(body, "ip", json_string(ip));
	if (start) {
		if (!(v = args_yes_no("start", start))) {
			json_decref(body);
			return EXIT_USAGE;
		}
		json_object_set_new(body, "start", v);
	}
	rc = api_call("POST", "/api/v1/aaa/test-login", body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	/* a refusal is a failure for scripts, whichever the output */
	rc = json_is_true(json_object_get(reply, "accept")) ? EXIT_OK : EXIT_FAIL;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return rc;
	}
	printf("%s by server %lld after %lld send(s)%s%s\n",
	       json_is_true(json_object_get(reply, "accept")) ? "accepted" : "rejected",
	       (long long)json_integer_value(json_object_get(reply, "server")),
	       (long long)json_integer_value(json_object_get(reply, "sends")), *str(reply, "message") ? ": " : "",
	       str(reply, "message"));
	limits = json_object_get(reply, "limits");
	json_object_foreach(limits, key, v)
		print_limit(key, v);
	if ((v = json_object_get(reply, "session")))
		printf("session %lld acct-session-id %s (start %s)\n", (long long)json_integer_value(json_object_get(v, "id")),
		       str(v, "acct_session_id"), str(v, "start"));
	json_decref(reply);
	return rc;
}

static int do_sessions(int argc, char **argv)
{
	struct args a;
	json_t *reply, *item;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 0, 0, "aaa sessions", &a);

	if (rc || (rc = api_call("GET", "/api/v1/aaa/sessions", NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-20s %-22s %-20s %-18s %12s %12s\n", "ID", "ACCT-SESSION-ID", "USER", "MAC", "UP", "DOWN");
	json_array_foreach(json_object_get(reply, "items"), i, item)
		printf("%-20lld %-22s %-20s %-18s %12lld %12lld\n", (long long)json_integer_value(json_object_get(item, "id")),
		       str(item, "acct_session_id"), str(item, "username"), str(item, "mac"),
		       (long long)json_integer_value(json_object_get(item, "bytes_up")),
		       (long long)json_integer_value(json_object_get(item, "bytes_down")));
	json_decref(reply);
	return EXIT_OK;
}

static int accounting(int argc, char **argv, const char *verb)
{
	const char *up = NULL, *down = NULL, *cause = NULL;
	const struct opt interim_opts[] = { { "up", &up }, { "down", &down }, { 0 } };
	const struct opt stop_opts[] = { { "up", &up }, { "down", &down }, { "cause", &cause }, { 0 } };
	bool stop = strcmp(verb, "stop") == 0;
	struct args a;
	char path[128], usage[96];
	json_t *body, *reply, *v;
	int rc;

	snprintf(usage, sizeof(usage), "aaa %s ID [--up BYTES] [--down BYTES]%s", verb, stop ? " [--cause C]" : "");
	rc = args_parse(argc, argv, stop ? stop_opts : interim_opts, 1, 1, usage, &a);
	if (rc)
		return rc;
	body = json_object();
	if (up) {
		if (!(v = args_integer("up", up)))
			goto usage;
		json_object_set_new(body, "bytes_up", v);
	}
	if (down) {
		if (!(v = args_integer("down", down)))
			goto usage;
		json_object_set_new(body, "bytes_down", v);
	}
	if (cause)
		json_object_set_new(body, "cause", json_string(cause));
	snprintf(path, sizeof(path), "/api/v1/aaa/sessions/%s/%s", a.positional[0], verb);
	rc = api_call("POST", path, body, &reply);
	json_decref(body);
	if (rc)
		return rc;
	if (ctl.json)
		print_json(reply);
	else
		printf("%s answered by server %lld after %lld send(s)\n", verb,
		       (long long)json_integer_value(json_object_get(reply, "server")),
		       (long long)json_integer_value(json_object_get(reply, "sends")));
	json_decref(reply);
	return EXIT_OK;
usage:
	json_decref(body);
	return EXIT_USAGE;
}

static int do_interim(int argc, char **argv)
{
	return accounting(argc, argv, "interim");
}

static int do_stop(int argc, char **argv)
{
	return accounting(argc, argv, "stop");
}

static int do_aaa_status(int argc, char **argv)
{
	struct args a;
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 0, 0, "aaa status", &a);

	if (rc || (rc = api_call("GET", "/api/v1/aaa/status", NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else {
		const char *key;
		json_t *v;

		json_object_foreach(reply, key, v) {
			char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);

			printf("%-10s %s\n", key, text ? text : json_string_value(v));
			free(text);
		}
	}
	json_decref(reply);
	return EXIT_OK;
}

static const struct cmd cmds[] = {
	{ "test-login", do_test_login,
	  "test-login USER [--password P] [--mac M] [--ip A] [--start yes]\n"
	  "              an Access-Request to the remote server; --start also sends Accounting-Start" },
	{ "sessions", do_sessions, "sessions              remote sessions open now" },
	{ "interim", do_interim, "interim ID [--up BYTES] [--down BYTES]   add usage, send an Interim-Update" },
	{ "stop", do_stop, "stop ID [--up BYTES] [--down BYTES] [--cause logout|idle-timeout|...]" },
	{ "status", do_aaa_status, "status                mode, servers, counters" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("aaa", cmds);
	return EXIT_OK;
}

int do_aaa(int argc, char **argv)
{
	return cmd_select("aaa", cmds, argc, argv);
}
