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
	char admin_listen[64];		/* the admin API over TCP; "" = off */
	char admin_tls_cert[PATH_MAX];	/* both set: TLS on admin_listen */
	char admin_tls_key[PATH_MAX];
	long sites_retention_days;	/* sites-visited log; 0 = not kept */
	long admin_session_idle;	/* seconds without a request that end a login */
	long admin_session_lifetime;	/* seconds a login lasts at most */
	enum toggle admin_metrics_public;	/* /metrics without login (auto = no) */
	char portal_listen[64];
	char portal_dir[PATH_MAX];
	/* the guest portal (userspace/portal/, docs/portal.md) */
	char portal_login[128];		/* login methods offered, comma-separated */
	char portal_template[64];	/* templates and branding: portal/<name>/ */
	char portal_location[65];	/* the location (venue) the portal serves: a name or id */
	char portal_url[256];		/* the portal's own URL; "" = http://<LAN address> */
	char portal_venue_url[256];	/* RFC 8908 venue-info-url; "" = none */
	char portal_post_login_url[256];	/* after login; "" = the guest's original URL */
	char portal_redirect_hosts[256];	/* hosts post-login URLs may point at */
	char portal_tls_listen[64];	/* HTTPS portal; needs tls_cert and tls_key */
	char portal_tls_cert[PATH_MAX];
	char portal_tls_key[PATH_MAX];
	char portal_click_plan[64];	/* the free plan of click-through */
	long portal_click_per_day;	/* click-through logins per device per day */
	char portal_sms_plan[64];	/* the plan new numbers get (sms, sms-code) */
	char portal_sms_driver[16];	/* log, http or exec */
	char portal_sms_url[512];
	char portal_sms_method[16];
	char portal_sms_headers[1024];	/* "Name: value" pairs separated by | */
	char portal_sms_body[1024];
	char portal_sms_command[1024];	/* argv split on spaces, {to} {text} substituted */
	char portal_payment[64];	/* providers: front-desk, webhook */
	char portal_webhook_url[512];
	char portal_webhook_secret[256];
	char lan[IF_NAMESIZE];
	char wan[IF_NAMESIZE];
	char bpf_root[PATH_MAX];	/* where the data plane's maps are pinned */
	char xdp_mode[16];		/* off, generic, native */
	char tc_hook[16];		/* auto, tcx, clsact */
	char forward[8];		/* stack, bpf: who routes clients' traffic */
	long max_clients;		/* client map size, fixed while pinned */
	long idle_timeout;		/* seconds without a packet that end a session; 0 = off */
	enum toggle radius_enabled;
	char radius_auth_listen[64];
	char radius_acct_listen[64];
	char radius_mac_password[64];
	/* [aaa]: where logins are decided (remote_aaa/remote_aaa.h) */
	char aaa_mode[8];		/* local, radius */
	char aaa_server1[64];		/* ADDRESS:PORT of the primary RADIUS server */
	char aaa_server2[64];		/* the secondary, "" = none */
	char aaa_acct_server1[64];	/* "" = the server's address, port + 1 */
	char aaa_acct_server2[64];
	char aaa_secret[128];		/* for both, unless set per server */
	char aaa_secret1[128];
	char aaa_secret2[128];
	char aaa_nas_identifier[64];	/* "" = the host name */
	char aaa_nas_ip[46];		/* NAS-IP-Address to send, "" = none */
	long aaa_interim_interval;	/* seconds; the server's Acct-Interim-Interval wins */
	long aaa_retries;		/* sends to one server before failing over */
	long aaa_timeout;		/* seconds before the first resend */
	enum toggle aaa_require_ma;	/* refuse answers without Message-Authenticator (auto = yes) */
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
