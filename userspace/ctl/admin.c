/* spotctl admin: the people who administer spotgate (admin, operator,
 * auditor). Passwords are read from stdin (one line) or generated with
 * --generate and printed once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/args.h"
#include "ctl/ctl.h"

static int do_help(int argc, char **argv);

/* --generate has no value: take it out of argv before args_parse */
static int take_flag(int *argc, char **argv, const char *flag)
{
	int found = 0, n = 0;

	for (int i = 0; i < *argc; i++) {
		if (strcmp(argv[i], flag) == 0)
			found = 1;
		else
			argv[n++] = argv[i];
	}
	*argc = n;
	return found;
}

/* the password from stdin, first line, into line; NULL after a message */
static char *read_password(const char *user, char *line, int size)
{
	size_t len;

	if (isatty(STDIN_FILENO))
		fprintf(stderr, "new password for %s (at least 10 characters): ", user);
	if (!fgets(line, size, stdin)) {
		p_err("no password on stdin (or use --generate)");
		return NULL;
	}
	len = strcspn(line, "\r\n");
	line[len] = '\0';
	if (len == 0) {
		p_err("the password is empty (or use --generate)");
		return NULL;
	}
	return line;
}

static int finish(int rc, json_t *reply, const char *fmt, const char *user)
{
	const char *generated;

	if (rc)
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else {
		printf(fmt, user);
		generated = json_string_value(json_object_get(reply, "password"));
		if (generated)
			printf("password: %s\n", generated);
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_add(int argc, char **argv)
{
	const char *role = NULL, *location = NULL, *password;
	char line[512];
	const struct opt opts[] = { { "role", &role }, { "location", &location }, { 0 } };
	int generate = take_flag(&argc, argv, "--generate");
	struct args a;
	json_t *body, *reply;
	int rc = args_parse(argc, argv, opts, 1, 1,
			    "admin add USER --role admin|operator|auditor [--location NAME|ID] [--generate]", &a);

	if (rc)
		return rc;
	if (!role) {
		p_err("--role is required: admin, operator or auditor");
		return EXIT_USAGE;
	}
	body = json_pack("{s:s, s:s}", "username", a.positional[0], "role", role);
	if (location) {
		json_object_set_new(body, "location", location_value(location));
	}
	if (!generate) {
		if (!(password = read_password(a.positional[0], line, sizeof(line)))) {
			json_decref(body);
			return EXIT_FAIL;
		}
		json_object_set_new(body, "password", json_string(password));
	}
	rc = api_call("POST", "/api/v1/admin/users", body, &reply);
	json_decref(body);
	return finish(rc, reply, "added admin user %s\n", a.positional[0]);
}

static int do_list(int argc, char **argv)
{
	struct args a;
	json_t *reply, *item;
	size_t i;
	int rc = args_parse(argc, argv, NULL, 0, 0, "admin list", &a);

	if (rc || (rc = api_call("GET", "/api/v1/admin/users?per_page=1000", NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
		json_decref(reply);
		return EXIT_OK;
	}
	printf("%-5s %-24s %-9s %-9s %s\n", "ID", "USERNAME", "ROLE", "LOCATION", "STATE");
	json_array_foreach(json_object_get(reply, "items"), i, item) {
		json_t *loc = json_object_get(item, "location");
		char where[24] = "-";

		if (json_is_integer(loc))
			snprintf(where, sizeof(where), "%lld", (long long)json_integer_value(loc));
		printf("%-5lld %-24s %-9s %-9s %s\n", (long long)json_integer_value(json_object_get(item, "id")),
		       json_string_value(json_object_get(item, "username")),
		       json_string_value(json_object_get(item, "role")), where,
		       json_is_true(json_object_get(item, "disabled")) ? "disabled" : "enabled");
	}
	json_decref(reply);
	return EXIT_OK;
}

static int user_path(const char *user, const char *suffix, char *buf, size_t size)
{
	char *escaped = url_escape(user);

	snprintf(buf, size, "/api/v1/admin/users/%s%s", escaped, suffix);
	free(escaped);
	return 0;
}

static int do_show(int argc, char **argv)
{
	struct args a;
	char path[256];
	json_t *reply, *v;
	const char *key;
	int rc = args_parse(argc, argv, NULL, 1, 1, "admin show USER", &a);

	if (rc)
		return rc;
	user_path(a.positional[0], "", path, sizeof(path));
	if ((rc = api_call("GET", path, NULL, &reply)))
		return rc;
	if (ctl.json) {
		print_json(reply);
	} else {
		json_object_foreach(reply, key, v) {
			char *text = json_is_string(v) ? NULL : json_dumps(v, JSON_ENCODE_ANY);
			printf("%-20s %s\n", key, text ? text : json_string_value(v));
			free(text);
		}
	}
	json_decref(reply);
	return EXIT_OK;
}

static int do_passwd(int argc, char **argv)
{
	int generate = take_flag(&argc, argv, "--generate");
	struct args a;
	char path[256], line[512];
	const char *password;
	json_t *body, *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, "admin passwd USER [--generate]", &a);

	if (rc)
		return rc;
	body = json_object();
	if (!generate) {
		if (!(password = read_password(a.positional[0], line, sizeof(line)))) {
			json_decref(body);
			return EXIT_FAIL;
		}
		json_object_set_new(body, "password", json_string(password));
	}
	user_path(a.positional[0], "/password", path, sizeof(path));
	rc = api_call("PUT", path, body, &reply);
	json_decref(body);
	return finish(rc, reply, "password of %s changed; their sessions ended\n", a.positional[0]);
}

static int set_disabled(int argc, char **argv, int disabled)
{
	struct args a;
	char path[256];
	json_t *body, *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, disabled ? "admin disable USER" : "admin enable USER", &a);

	if (rc)
		return rc;
	user_path(a.positional[0], "", path, sizeof(path));
	body = json_pack("{s:b}", "disabled", disabled);
	rc = api_call("PATCH", path, body, &reply);
	json_decref(body);
	return finish(rc, reply, disabled ? "disabled %s\n" : "enabled %s\n", a.positional[0]);
}

static int do_disable(int argc, char **argv)
{
	return set_disabled(argc, argv, 1);
}

static int do_enable(int argc, char **argv)
{
	return set_disabled(argc, argv, 0);
}

static int do_rm(int argc, char **argv)
{
	struct args a;
	char path[256];
	json_t *reply;
	int rc = args_parse(argc, argv, NULL, 1, 1, "admin rm USER", &a);

	if (rc)
		return rc;
	user_path(a.positional[0], "", path, sizeof(path));
	rc = api_call("DELETE", path, NULL, &reply);
	return finish(rc, reply, "removed admin user %s\n", a.positional[0]);
}

static const struct cmd cmds[] = {
	{ "add", do_add,
	  "add USER --role admin|operator|auditor [--location NAME|ID] [--generate]\n"
	  "              the password is read from stdin, or generated and printed once" },
	{ "list", do_list, "list" },
	{ "show", do_show, "show USER" },
	{ "passwd", do_passwd, "passwd USER [--generate]   new password from stdin, or generated" },
	{ "disable", do_disable, "disable USER         (ends their sessions)" },
	{ "enable", do_enable, "enable USER" },
	{ "rm", do_rm, "rm USER" },
	{ "help", do_help, "help" },
	{ 0 },
};

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cmd_help("admin", cmds);
	return EXIT_OK;
}

int do_admin(int argc, char **argv)
{
	return cmd_select("admin", cmds, argc, argv);
}
