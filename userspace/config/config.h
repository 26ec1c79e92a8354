/* spotgated configuration: an INI file (libinih) whose keys are listed once,
 * in the table in config.c, with type, default and what is allowed. The same
 * table validates the file, applies command-line flags and prints the
 * effective configuration, so docs/config.md can be checked against it. */
#ifndef SPOTGATE_CONFIG_H
#define SPOTGATE_CONFIG_H

#include <limits.h>
#include <net/if.h>
#include <stdio.h>

#include "common/log.h"

enum run_mode { MODE_AUTO, MODE_GATEWAY, MODE_CONTROLLER };
/* yes/no settings whose default depends on the mode */
enum toggle { TOGGLE_AUTO, TOGGLE_YES, TOGGLE_NO };

struct config {
	char file[PATH_MAX];		/* where it came from; "" = embedded default */
	enum run_mode mode;
	char state_dir[PATH_MAX];
	enum log_level log_level;
	char log_file[PATH_MAX];
	char pid_file[PATH_MAX];
	char db_path[PATH_MAX];
	char admin_socket[PATH_MAX];
	char portal_listen[64];
	char portal_dir[PATH_MAX];
	char lan[IF_NAMESIZE];
	char wan[IF_NAMESIZE];
	enum toggle radius_enabled;
	char radius_auth_listen[64];
	char radius_acct_listen[64];
};

/* Fills every key with its default. Paths that depend on state_dir stay
 * empty until config_finish(). */
void config_defaults(struct config *cfg);

/* Reads an INI file on top of cfg. Returns 0, or -EINVAL with a message
 * naming the file, line, key and what is allowed, or -errno when the file
 * cannot be read. */
int config_load(struct config *cfg, const char *path, char *err, size_t errlen);

/* Sets one key as a command-line flag would ("--db" is database.path).
 * origin names the flag in error messages. */
int config_set(struct config *cfg, const char *section, const char *key, const char *value,
	       const char *origin, char *err, size_t errlen);

/* Derives what was left empty (db path, socket, ...) from state_dir and
 * resolves mode auto and the toggles that follow it (RADIUS server: on in
 * controller mode). */
void config_finish(struct config *cfg);

/* Writes the effective configuration as INI, every key with its value. */
void config_print(const struct config *cfg, FILE *out);

/* Names the keys whose values differ between a and b and need a restart to
 * take effect (everything but log_level); returns how many. */
int config_restart_needed(const struct config *a, const struct config *b, char *names, size_t size);

const char *run_mode_name(enum run_mode mode);

/* The state directory spotgated and spotctl agree on: <tree>/var when the
 * binary runs from a source tree's build/, /var/lib/spotgate otherwise. */
void config_default_state_dir(char *buf, size_t size);
/* Where the portal assets are: <tree>/portal or /usr/share/spotgate/portal. */
void config_default_portal_dir(char *buf, size_t size);

#endif
