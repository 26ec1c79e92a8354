#include "ctl/args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

static int usage_error(const char *usage, const char *fmt, const char *a, const char *b)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, a, b);
	p_err("%s (usage: spotctl %s)", msg, usage);
	return EXIT_USAGE;
}

int args_parse(int argc, char **argv, const struct opt *opts, int min_pos, int max_pos,
	       const char *usage, struct args *out)
{
	memset(out, 0, sizeof(*out));
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (strncmp(a, "--", 2) == 0 && a[2]) {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			const struct opt *o;

			for (o = opts; o && o->name; o++)
				if (strlen(o->name) == len && strncmp(o->name, name, len) == 0)
					break;
			if (!o || !o->name) {
				char allowed[512] = "";
				size_t used = 0;

				for (o = opts; o && o->name && used < sizeof(allowed); o++)
					used += (size_t)snprintf(allowed + used, sizeof(allowed) - used,
								 "%s--%s", used ? ", " : "", o->name);
				return usage_error(usage, "unknown option %s; allowed: %s", a,
						   used ? allowed : "none");
			}
			if (eq) {
				*o->value = eq + 1;
			} else {
				if (i + 1 >= argc)
					return usage_error(usage, "option %s needs a value%s", a, "");
				*o->value = argv[++i];
			}
			continue;
		}
		if (out->npositional == max_pos || out->npositional == ARGS_MAX_POSITIONAL)
			return usage_error(usage, "unexpected argument \"%s\"%s", a, "");
		out->positional[out->npositional++] = a;
	}
	if (out->npositional < min_pos)
		return usage_error(usage, "missing argument%s%s", "", "");
	return 0;
}

json_t *args_yes_no(const char *option, const char *value)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };

	for (size_t i = 0; i < 4; i++) {
		if (strcmp(value, yes[i]) == 0)
			return json_true();
		if (strcmp(value, no[i]) == 0)
			return json_false();
	}
	p_err("--%s must be yes or no, not \"%s\"", option, value);
	return NULL;
}

json_t *args_integer(const char *option, const char *value)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno || !*value || *end) {
		p_err("--%s must be a whole number, not \"%s\"", option, value);
		return NULL;
	}
	return json_integer(v);
}
