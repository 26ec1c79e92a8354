#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ctl/ctl.h"

void cmd_help(const char *noun, const struct cmd *cmds)
{
	FILE *out = stdout;

	fprintf(out, "Usage: spotctl [--json] %s VERB [ARGS]\n\n", noun);
	for (const struct cmd *c = cmds; c->name; c++)
		fprintf(out, "  spotctl %s %s\n", noun, c->help);
}

int cmd_select(const char *noun, const struct cmd *cmds, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "help") == 0) {
		cmd_help(noun, cmds);
		return argc < 1 ? EXIT_USAGE : EXIT_OK;
	}
	for (const struct cmd *c = cmds; c->name; c++)
		if (strcmp(c->name, argv[0]) == 0)
			return c->fn(argc - 1, argv + 1);
	return p_usage(noun, cmds, "unknown command \"%s %s\"", noun, argv[0]);
}

static void vreport(const char *fmt, va_list ap)
{
	char msg[1024];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (ctl.json) {
		json_t *err = json_pack("{s:{s:s}}", "error", "message", msg);
		print_json(err);
		json_decref(err);
	} else {
		fprintf(stderr, "spotctl: %s\n", msg);
	}
}

int p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	return EXIT_FAIL;
}

int p_usage(const char *noun, const struct cmd *cmds, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(fmt, ap);
	va_end(ap);
	if (!ctl.json) {
		fputc('\n', stderr);
		cmd_help(noun, cmds);
	}
	return EXIT_USAGE;
}

void print_json(json_t *value)
{
	json_dumpf(value, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}
