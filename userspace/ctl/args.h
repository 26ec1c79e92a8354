/* "--name VALUE" options and positional arguments of one spotctl command. */
#ifndef SPOTGATE_CTL_ARGS_H
#define SPOTGATE_CTL_ARGS_H

#include <jansson.h>

struct opt {
	const char *name;	/* "secret" for --secret */
	const char **value;	/* set when the option is given */
};

#define ARGS_MAX_POSITIONAL 8

struct args {
	const char *positional[ARGS_MAX_POSITIONAL];
	int npositional;
};

/* Parses argv against opts (NULL-terminated). Returns 0, or EXIT_USAGE after
 * saying what is wrong: unknown option (with the allowed ones), missing
 * value, wrong number of positional arguments (usage names them). */
int args_parse(int argc, char **argv, const struct opt *opts, int min_pos, int max_pos,
	       const char *usage, struct args *out);

/* yes/no (also true/false, on/off, 1/0) into a JSON boolean; NULL = bad. */
json_t *args_yes_no(const char *option, const char *value);
/* A decimal integer into JSON; NULL = bad (message printed). */
json_t *args_integer(const char *option, const char *value);

#endif
