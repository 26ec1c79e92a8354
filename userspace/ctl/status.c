#include <stdio.h>

#include "ctl/ctl.h"

static void print_duration(json_int_t s)
{
	if (s >= 86400)
		printf("%lldd %lldh %lldm\n", (long long)s / 86400, (long long)s % 86400 / 3600,
		       (long long)s % 3600 / 60);
	else
		printf("%lldh %lldm %llds\n", (long long)s / 3600, (long long)s % 3600 / 60,
		       (long long)s % 60);
}

int do_status(int argc, char **argv)
{
	json_t *st, *counts, *v;
	const char *key;
	int rc;

	(void)argv;
	if (argc > 0 && argv[0][0] != '-') {
		if (argv[0][0] == 'h') {
			printf("Usage: spotctl [--json] status\n\n"
			       "  version, uptime, database, schema version, mode and counts\n");
			return EXIT_OK;
		}
		p_err("status takes no arguments");
		return EXIT_USAGE;
	}
	rc = api_call("GET", "/api/v1/status", NULL, &st);
	if (rc)
		return rc;
	if (ctl.json) {
		print_json(st);
		json_decref(st);
		return EXIT_OK;
	}
	printf("version:        %s\n", json_string_value(json_object_get(st, "version")));
	printf("mode:           %s\n", json_string_value(json_object_get(st, "mode")));
	printf("uptime:         ");
	print_duration(json_integer_value(json_object_get(st, "uptime_seconds")));
	printf("database:       %s\n", json_string_value(json_object_get(st, "database")));
	printf("schema version: %lld\n",
	       (long long)json_integer_value(json_object_get(st, "schema_version")));
	counts = json_object_get(st, "counts");
	json_object_foreach(counts, key, v)
		printf("%-15s %lld\n", key, (long long)json_integer_value(v));
	json_decref(st);
	return EXIT_OK;
}
