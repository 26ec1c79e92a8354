/* spotctl: "spotctl [--json] [--socket PATH] NOUN VERB [ARGS]". One file per
 * noun, each with a command table, dispatched the way bpftool does. */
#ifndef SPOTGATE_CTL_H
#define SPOTGATE_CTL_H

#include <jansson.h>

#define EXIT_OK 0
#define EXIT_FAIL 1
#define EXIT_USAGE 2

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;	/* one line: "VERB ARGS  what it does" */
};

/* Global options, set once in main.c. */
struct ctl_options {
	int json;
	const char *socket;
};
extern struct ctl_options ctl;

/* Runs the command named by argv[0] in cmds ("help" or nothing prints the
 * table); returns the command's exit status, EXIT_USAGE for unknown ones. */
int cmd_select(const char *noun, const struct cmd *cmds, int argc, char **argv);
void cmd_help(const char *noun, const struct cmd *cmds);

/* An error for a person (stderr), or {"error":{...}} on stdout with --json.
 * Returns EXIT_FAIL so callers can "return p_err(...)". */
int p_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: message plus the noun's help; returns EXIT_USAGE. */
int p_usage(const char *noun, const struct cmd *cmds, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Calls the admin API. body may be NULL. On HTTP success (2xx) stores the
 * JSON reply in *reply and returns 0; on an API error prints its message
 * (and field) and returns EXIT_FAIL; *reply is then NULL. */
int api_call(const char *method, const char *path, json_t *body, json_t **reply);

/* Calls the admin API for a file (CSV, PDF) and writes the body to output
 * ("-" or NULL: stdout). API errors are reported as for api_call(). */
int api_download(const char *method, const char *path, json_t *body, const char *output);

/* A query-string value, %-escaped; free() it. */
char *url_escape(const char *value);

/* Prints a JSON value for --json output. */
void print_json(json_t *value);

/* The nouns. */
int do_status(int argc, char **argv);
int do_nas(int argc, char **argv);
int do_aaa(int argc, char **argv);
int do_plan(int argc, char **argv);
int do_client(int argc, char **argv);
int do_acl(int argc, char **argv);
int do_garden(int argc, char **argv);
int do_voucher(int argc, char **argv);
int do_batch(int argc, char **argv);
int do_account(int argc, char **argv);
int do_cdr(int argc, char **argv);
int do_report(int argc, char **argv);
int do_sites(int argc, char **argv);
int do_admin(int argc, char **argv);
int do_audit(int argc, char **argv);
int do_order(int argc, char **argv);
int do_portal(int argc, char **argv);
int do_location(int argc, char **argv);

/* A --location value for a request body: an id ("3") or a name. */
json_t *location_value(const char *which);

#endif
