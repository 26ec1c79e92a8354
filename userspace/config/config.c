#include "config/config.h"

#include <errno.h>
#include <ini.h>
#include <libgen.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/sockaddr.h"

enum key_type { KEY_PATH, KEY_IFACE, KEY_LISTEN, KEY_MODE, KEY_LOG_LEVEL, KEY_TOGGLE, KEY_SECONDS,
	       KEY_COUNT, KEY_XDP, KEY_TC_HOOK, KEY_FORWARD, KEY_AAA_MODE };

struct key {
	const char *section;
	const char *name;
	enum key_type type;
	size_t offset;
	size_t size;
	const char *allowed;	/* for the error message */
};

#define FIELD(f) offsetof(struct config, f), sizeof(((struct config *)0)->f)

static const struct key keys[] = {
	{ "general", "mode", KEY_MODE, FIELD(mode), "auto, gateway or controller" },
	{ "general", "state_dir", KEY_PATH, FIELD(state_dir), "a directory path" },
	{ "general", "log_level", KEY_LOG_LEVEL, FIELD(log_level), "debug, info, warn or error" },
	{ "general", "log_file", KEY_PATH, FIELD(log_file), "a file path" },
	{ "general", "pid_file", KEY_PATH, FIELD(pid_file), "a file path" },
	{ "database", "path", KEY_PATH, FIELD(db_path), "a file path" },
	{ "admin", "socket", KEY_PATH, FIELD(admin_socket), "a file path" },
	{ "admin", "listen", KEY_LISTEN, FIELD(admin_listen),
	  "empty (off) or ADDRESS:PORT, e.g. 127.0.0.1:8081 or [::1]:8081" },
	{ "admin", "tls_cert", KEY_PATH, FIELD(admin_tls_cert), "a PEM certificate (chain) file path" },
	{ "admin", "tls_key", KEY_PATH, FIELD(admin_tls_key), "a PEM private key file path" },
	{ "sites", "retention_days", KEY_COUNT, FIELD(sites_retention_days),
	  "days to keep the sites-visited log: 0 (not kept) or more" },
	{ "admin", "session_idle_timeout", KEY_SECONDS, FIELD(admin_session_idle),
	  "seconds, 1 to 31536000" },
	{ "admin", "session_lifetime", KEY_SECONDS, FIELD(admin_session_lifetime),
	  "seconds, 1 to 31536000" },
	{ "admin", "metrics_public", KEY_TOGGLE, FIELD(admin_metrics_public), "yes or no (auto is no)" },
	{ "portal", "listen", KEY_LISTEN, FIELD(portal_listen),
	  "empty (off) or ADDRESS:PORT, e.g. 192.0.2.1:80, [2001:db8::1]:80 or :8080" },
	{ "portal", "dir", KEY_PATH, FIELD(portal_dir), "a directory path" },
	{ "portal", "login", KEY_PATH, FIELD(portal_login),
	  "login methods, comma-separated: voucher, password, sms, sms-code, sms-member, click" },
	{ "portal", "template", KEY_PATH, FIELD(portal_template), "a directory name under [portal] dir" },
	{ "portal", "location", KEY_PATH, FIELD(portal_location), "the name (or id) of a location" },
	{ "portal", "url", KEY_PATH, FIELD(portal_url), "empty (http://LAN address) or an http(s) URL" },
	{ "portal", "venue_url", KEY_PATH, FIELD(portal_venue_url), "empty or an http(s) URL" },
	{ "portal", "post_login_url", KEY_PATH, FIELD(portal_post_login_url),
	  "empty (the guest's original URL) or an http(s) URL" },
	{ "portal", "redirect_hosts", KEY_PATH, FIELD(portal_redirect_hosts),
	  "host names post-login URLs may point at, comma-separated" },
	{ "portal", "tls_listen", KEY_LISTEN, FIELD(portal_tls_listen), "empty (off) or ADDRESS:PORT" },
	{ "portal", "tls_cert", KEY_PATH, FIELD(portal_tls_cert), "a PEM certificate (chain) file path" },
	{ "portal", "tls_key", KEY_PATH, FIELD(portal_tls_key), "a PEM private key file path" },
	{ "portal", "click_plan", KEY_PATH, FIELD(portal_click_plan), "the name of a free plan" },
	{ "portal", "click_per_day", KEY_COUNT, FIELD(portal_click_per_day), "a number, 0 to 31536000" },
	{ "portal", "sms_plan", KEY_PATH, FIELD(portal_sms_plan), "the name of a plan" },
	{ "portal", "sms_driver", KEY_PATH, FIELD(portal_sms_driver), "log, http or exec" },
	{ "portal", "sms_url", KEY_PATH, FIELD(portal_sms_url), "an http(s) URL with {to} and {text}" },
	{ "portal", "sms_method", KEY_PATH, FIELD(portal_sms_method), "GET or POST" },
	{ "portal", "sms_headers", KEY_PATH, FIELD(portal_sms_headers),
	  "\"Name: value\" headers separated by |" },
	{ "portal", "sms_body", KEY_PATH, FIELD(portal_sms_body), "a body template with {to} and {text}" },
	{ "portal", "sms_command", KEY_PATH, FIELD(portal_sms_command),
	  "a program and its arguments with {to} and {text}" },
	{ "portal", "payment", KEY_PATH, FIELD(portal_payment),
	  "payment providers, comma-separated: front-desk, webhook" },
	{ "portal", "webhook_url", KEY_PATH, FIELD(portal_webhook_url), "an http(s) URL" },
	{ "portal", "webhook_secret", KEY_PATH, FIELD(portal_webhook_secret), "the HMAC-SHA256 key" },
	{ "gateway", "lan", KEY_IFACE, FIELD(lan), "an interface name of 1-15 characters" },
	{ "gateway", "wan", KEY_IFACE, FIELD(wan), "an interface name of 1-15 characters" },
	{ "gateway", "bpf_root", KEY_PATH, FIELD(bpf_root), "a directory on a bpf filesystem" },
	{ "gateway", "xdp_mode", KEY_XDP, FIELD(xdp_mode), "off, generic or native" },
	{ "gateway", "tc_hook", KEY_TC_HOOK, FIELD(tc_hook), "auto, tcx or clsact" },
	{ "gateway", "forward", KEY_FORWARD, FIELD(forward),
	  "stack (the kernel routes, netfilter sees every packet) or bpf (clients' traffic routed in tc, past netfilter)" },
	{ "gateway", "max_clients", KEY_COUNT, FIELD(max_clients), "a number, 1 to 16777216" },
	{ "gateway", "idle_timeout", KEY_COUNT, FIELD(idle_timeout), "seconds, 0 (off) to 31536000" },
	{ "radius", "enabled", KEY_TOGGLE, FIELD(radius_enabled), "auto, yes or no" },
	{ "radius", "auth_listen", KEY_LISTEN, FIELD(radius_auth_listen),
	  "empty (off) or ADDRESS:PORT, e.g. :1812 or 127.0.0.1:1812" },
	{ "radius", "mac_auth_password", KEY_PATH, FIELD(radius_mac_password),
	  "the password NAS devices send with MAC authentication (empty: the MAC itself)" },
	{ "radius", "acct_listen", KEY_LISTEN, FIELD(radius_acct_listen),
	  "empty (off) or ADDRESS:PORT, e.g. :1813 or 127.0.0.1:1813" },
	{ "aaa", "mode", KEY_AAA_MODE, FIELD(aaa_mode), "local or radius" },
	{ "aaa", "radius_server1", KEY_LISTEN, FIELD(aaa_server1),
	  "ADDRESS:PORT of the primary RADIUS server, e.g. 192.0.2.10:1812" },
	{ "aaa", "radius_server2", KEY_LISTEN, FIELD(aaa_server2),
	  "empty (none) or ADDRESS:PORT of the secondary RADIUS server" },
	{ "aaa", "radius_acct_server1", KEY_LISTEN, FIELD(aaa_acct_server1),
	  "empty (radius_server1 with port + 1) or ADDRESS:PORT" },
	{ "aaa", "radius_acct_server2", KEY_LISTEN, FIELD(aaa_acct_server2),
	  "empty (radius_server2 with port + 1) or ADDRESS:PORT" },
	{ "aaa", "radius_secret", KEY_PATH, FIELD(aaa_secret), "the shared secret of both servers" },
	{ "aaa", "radius_secret1", KEY_PATH, FIELD(aaa_secret1), "empty (radius_secret) or radius_server1's secret" },
	{ "aaa", "radius_secret2", KEY_PATH, FIELD(aaa_secret2), "empty (radius_secret) or radius_server2's secret" },
	{ "aaa", "nas_identifier", KEY_PATH, FIELD(aaa_nas_identifier), "the NAS-Identifier to send (empty: the host name)" },
	{ "aaa", "nas_ip_address", KEY_PATH, FIELD(aaa_nas_ip), "empty or the IPv4 NAS-IP-Address to send" },
	{ "aaa", "interim_interval", KEY_COUNT, FIELD(aaa_interim_interval),
	  "seconds between Interim-Updates, 0 (none) to 31536000" },
	{ "aaa", "radius_retries", KEY_COUNT, FIELD(aaa_retries), "sends to one server before failover, 1 to 10" },
	{ "aaa", "radius_timeout", KEY_SECONDS, FIELD(aaa_timeout), "seconds before the first resend, 1 to 31536000" },
	{ "aaa", "require_message_authenticator", KEY_TOGGLE, FIELD(aaa_require_ma),
	  "yes or no (auto is yes): refuse Access-Accept/Reject without Message-Authenticator (BlastRADIUS)" },
};

static const char *const toggle_names[] = {
	[TOGGLE_AUTO] = "auto",
	[TOGGLE_YES] = "yes",
	[TOGGLE_NO] = "no",
};

static const char *const mode_names[] = {
	[MODE_AUTO] = "auto",
	[MODE_GATEWAY] = "gateway",
	[MODE_CONTROLLER] = "controller",
};

const char *run_mode_name(enum run_mode mode)
{
	return mode_names[mode];
}

/* <tree> when this binary is <tree>/build/NAME in a spotgate source tree */
static int source_tree(char *buf, size_t size)
{
	char exe[PATH_MAX], probe[PATH_MAX + 16];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *dir;

	if (n <= 0)
		return -ENOENT;
	exe[n] = '\0';
	dir = dirname(exe);		/* <tree>/build */
	if (strcmp(basename(dir), "build") != 0)
		return -ENOENT;
	dir = dirname(dir);		/* <tree> */
	snprintf(probe, sizeof(probe), "%s/sql", dir);
	if (access(probe, F_OK) != 0)
		return -ENOENT;
	snprintf(buf, size, "%s", dir);
	return 0;
}

void config_default_state_dir(char *buf, size_t size)
{
	char tree[PATH_MAX];

	if (source_tree(tree, sizeof(tree)) == 0)
		snprintf(buf, size, "%s/var", tree);
	else
		snprintf(buf, size, "/var/lib/spotgate");
}

void config_default_portal_dir(char *buf, size_t size)
{
	char tree[PATH_MAX];

	if (source_tree(tree, sizeof(tree)) == 0)
		snprintf(buf, size, "%s/portal", tree);
	else
		snprintf(buf, size, "/usr/share/spotgate/portal");
}

void config_defaults(struct config *cfg)
{
	*cfg = (struct config){
		.mode = MODE_AUTO,
		.log_level = LOG_INFO,
		.radius_enabled = TOGGLE_AUTO,
		.sites_retention_days = 90,
		.radius_auth_listen = ":1812",
		.radius_acct_listen = ":1813",
		.bpf_root = "/sys/fs/bpf/spotgate",
		.xdp_mode = "generic",
		.tc_hook = "auto",
		.forward = "stack",
		.max_clients = 65536,
		.admin_listen = "127.0.0.1:8081",
		.admin_session_idle = 30 * 60,
		.admin_session_lifetime = 12 * 3600,
		.admin_metrics_public = TOGGLE_NO,
		.aaa_mode = "local",
		.aaa_interim_interval = 300,
		.aaa_retries = 3,
		.aaa_timeout = 1,
		.aaa_require_ma = TOGGLE_YES,
		.portal_login = "voucher",
		.portal_template = "default",
		.portal_location = "default",
		.portal_click_per_day = 1,
		.portal_sms_driver = "log",
		.portal_sms_method = "POST",
	};
	config_default_state_dir(cfg->state_dir, sizeof(cfg->state_dir));
	config_default_portal_dir(cfg->portal_dir, sizeof(cfg->portal_dir));
}

static const struct key *find_key(const char *section, const char *name)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

static int valid_iface(const char *v)
{
	size_t len = strlen(v);

	if (len == 0 || len >= IF_NAMESIZE)
		return 0;
	for (const char *p = v; *p; p++)
		if (*p == '/' || *p == ' ' || *p == ':')
			return 0;
	return 1;
}

static int set_value(struct config *cfg, const struct key *k, const char *value)
{
	char *field = (char *)cfg + k->offset;
	struct sockaddr_storage ss;
	socklen_t len;

	switch (k->type) {
	case KEY_MODE:
		for (int m = MODE_AUTO; m <= MODE_CONTROLLER; m++) {
			if (strcmp(value, mode_names[m]) == 0) {
				*(enum run_mode *)field = (enum run_mode)m;
				return 0;
			}
		}
		return -EINVAL;
	case KEY_LOG_LEVEL:
		return log_level_parse(value, (enum log_level *)field);
	case KEY_TOGGLE:
		for (int t = TOGGLE_AUTO; t <= TOGGLE_NO; t++) {
			if (strcmp(value, toggle_names[t]) == 0) {
				*(enum toggle *)field = (enum toggle)t;
				return 0;
			}
		}
		return -EINVAL;
	case KEY_LISTEN:
		if (*value && sockaddr_parse(value, &ss, &len) != 0)
			return -EINVAL;
		break;
	case KEY_IFACE:
		if (*value && !valid_iface(value))
			return -EINVAL;
		break;
	case KEY_SECONDS: {
		char *end;
		long v = strtol(value, &end, 10);

		if (!*value || *end || v < 1 || v > 31536000)
			return -EINVAL;
		*(long *)field = v;
		return 0;
	}
	case KEY_COUNT: {
		/* max_clients: 1..2^24 entries; the other counts are seconds, 0 = off */
		char *end;
		long v = strtol(value, &end, 10);

		if (!*value || *end || v < 0 || v > (strcmp(k->name, "max_clients") ? 31536000 : 16777216) ||
		    (v == 0 && !strcmp(k->name, "max_clients")) ||
		    (!strcmp(k->name, "radius_retries") && (v < 1 || v > 10)))
			return -EINVAL;
		*(long *)field = v;
		return 0;
	}
	case KEY_XDP:
		if (strcmp(value, "off") && strcmp(value, "generic") && strcmp(value, "native"))
			return -EINVAL;
		break;
	case KEY_TC_HOOK:
		if (strcmp(value, "auto") && strcmp(value, "tcx") && strcmp(value, "clsact"))
			return -EINVAL;
		break;
	case KEY_FORWARD:
		if (strcmp(value, "stack") && strcmp(value, "bpf"))
			return -EINVAL;
		break;
	case KEY_AAA_MODE:
		if (strcmp(value, "local") && strcmp(value, "radius"))
			return -EINVAL;
		break;
	case KEY_PATH:
		break;
	}
	if (strlen(value) >= k->size)
		return -EINVAL;
	strcpy(field, value);
	return 0;
}

int config_set(struct config *cfg, const char *section, const char *name, const char *value,
	       const char *origin, char *err, size_t errlen)
{
	const struct key *k = find_key(section, name);

	if (!k) {
		snprintf(err, errlen, "%s: unknown key [%s] %s", origin, section, name);
		return -EINVAL;
	}
	if (set_value(cfg, k, value) != 0) {
		snprintf(err, errlen, "%s: [%s] %s: bad value \"%s\": allowed is %s", origin, section,
			 name, value, k->allowed);
		return -EINVAL;
	}
	return 0;
}

struct load_state {
	struct config *cfg;
	char msg[1024];		/* the first bad key; its line comes from ini_parse_file */
	int failed;
};

static int on_ini_key(void *user, const char *section, const char *name, const char *value)
{
	struct load_state *st = user;

	if (st->failed)
		return 1;
	if (config_set(st->cfg, section, name, value, "", st->msg, sizeof(st->msg)) != 0) {
		st->failed = 1;
		return 0;
	}
	return 1;
}

int config_load(struct config *cfg, const char *path, char *err, size_t errlen)
{
	struct load_state st = { .cfg = cfg };
	FILE *f = fopen(path, "r");
	int rc;

	if (!f) {
		rc = -errno;
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		return rc;
	}
	/* returns the line of the first error: a syntax error or a key we refused */
	rc = ini_parse_file(f, on_ini_key, &st);
	fclose(f);
	if (rc > 0 && st.failed) {
		snprintf(err, errlen, "%s:%d%s", path, rc, st.msg);
		return -EINVAL;
	}
	if (rc != 0) {
		snprintf(err, errlen, "%s:%d: syntax error: expected [section] or key = value", path, rc);
		return -EINVAL;
	}
	snprintf(cfg->file, sizeof(cfg->file), "%s", path);
	return 0;
}

static void derive(char *field, size_t size, const char *dir, const char *name)
{
	if (!*field && snprintf(field, size, "%s/%s", dir, name) >= (int)size)
		field[0] = '\0';	/* too long: the daemon's open fails and names it */
}

void config_finish(struct config *cfg)
{
	derive(cfg->db_path, sizeof(cfg->db_path), cfg->state_dir, "spotgate.db");
	derive(cfg->admin_socket, sizeof(cfg->admin_socket), cfg->state_dir, "spotgate.sock");
	derive(cfg->pid_file, sizeof(cfg->pid_file), cfg->state_dir, "spotgated.pid");
	if (cfg->mode == MODE_AUTO)
		cfg->mode = cfg->lan[0] ? MODE_GATEWAY : MODE_CONTROLLER;
	if (cfg->radius_enabled == TOGGLE_AUTO)
		cfg->radius_enabled = cfg->mode == MODE_CONTROLLER ? TOGGLE_YES : TOGGLE_NO;
	if (cfg->admin_metrics_public == TOGGLE_AUTO)
		cfg->admin_metrics_public = TOGGLE_NO;
}

static void format_value(const struct config *cfg, const struct key *k, char *buf, size_t size)
{
	const char *field = (const char *)cfg + k->offset;

	switch (k->type) {
	case KEY_MODE:
		snprintf(buf, size, "%s", mode_names[*(const enum run_mode *)field]);
		break;
	case KEY_LOG_LEVEL:
		snprintf(buf, size, "%s", log_level_name(*(const enum log_level *)field));
		break;
	case KEY_TOGGLE:
		snprintf(buf, size, "%s", toggle_names[*(const enum toggle *)field]);
		break;
	case KEY_SECONDS:
	case KEY_COUNT:
		snprintf(buf, size, "%ld", *(const long *)field);
		break;
	default:
		snprintf(buf, size, "%s", field);
	}
}

void config_print(const struct config *cfg, FILE *out)
{
	const char *section = "";
	char value[PATH_MAX];

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (strcmp(section, keys[i].section) != 0) {
			section = keys[i].section;
			fprintf(out, "%s[%s]\n", i ? "\n" : "", section);
		}
		format_value(cfg, &keys[i], value, sizeof(value));
		fprintf(out, "%s = %s\n", keys[i].name, value);
	}
}

int config_restart_needed(const struct config *a, const struct config *b, char *names, size_t size)
{
	int count = 0;
	size_t used = 0;

	names[0] = '\0';
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const struct key *k = &keys[i];

		if (k->type == KEY_LOG_LEVEL)
			continue;
		const char *fa = (const char *)a + k->offset, *fb = (const char *)b + k->offset;
		int is_enum = k->type == KEY_MODE || k->type == KEY_TOGGLE || k->type == KEY_SECONDS ||
			      k->type == KEY_COUNT;
		int same = is_enum ? memcmp(fa, fb, k->size) == 0 : strcmp(fa, fb) == 0;

		if (same)
			continue;
		if (used < size)
			used += (size_t)snprintf(names + used, size - used, "%s%s.%s", count ? "," : "",
						 k->section, k->name);
		count++;
	}
	return count;
}
