/* spotgated: one event loop (libh2o evloop) carrying the admin API, the
 * portal and, as later modules land, RADIUS sockets and data-plane timers. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api/admin.h"
#include "api/http.h"
#include "app/app.h"
#include "common/heap.h"
#include "common/log.h"
#include "config/config.h"
#include "gateway/gateway.h"
#include "http/server.h"
#include "metrics/metrics.h"
#include "aaa/aaa.h"
#include "app/group_commit.h"
#include "daemon/housekeeping.h"
#include "portal/portal.h"
#include "radiusd/aaa_handlers.h"
#include "radiusd/coa.h"
#include "radiusd/server.h"
#include "remote_aaa/remote_aaa.h"
#include "usage_feed/usage_feed.h"
#include "store/db.h"

#define EXIT_USAGE 2

/* A flag given on the command line, applied again over the file on reload. */
struct flag_setting {
	const char *section, *key, *value, *flag;
};

struct daemon {
	struct app app;
	struct http_server http;
	struct radius_server radius;
	struct coa_sender coa;
	struct housekeeping housekeeping;
	struct metrics metrics;
	h2o_socket_t *signals;
	int stopping;
	struct flag_setting flags[16];
	int nflags;
	int foreground;
};

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: spotgated [OPTIONS]\n"
		"\n"
		"  -c, --config FILE        INI configuration (see docs/config.md)\n"
		"      --db PATH            SQLite database            [database] path\n"
		"      --state-dir DIR      where state lives           [general] state_dir\n"
		"      --lan IFACE          guest-side interface        [gateway] lan\n"
		"      --wan IFACE          internet-side interface     [gateway] wan\n"
		"      --mode MODE          auto, gateway, controller   [general] mode\n"
		"      --portal-listen A:P  portal address              [portal] listen\n"
		"      --admin-socket PATH  admin API socket            [admin] socket\n"
		"      --admin-listen A:P   admin API over TCP          [admin] listen\n"
		"      --radius-auth A:P    RADIUS authentication port  [radius] auth_listen\n"
		"      --radius-acct A:P    RADIUS accounting port      [radius] acct_listen\n"
		"      --log-level LEVEL    debug, info, warn, error    [general] log_level\n"
		"  -f, --foreground         stay in the foreground, log to stderr\n"
		"      --print-config       print the effective configuration and exit\n"
		"  -V, --version            print the version and exit\n"
		"  -h, --help               this text\n");
}

/* defaults, then the file, then the flags; 0 or an exit status */
static int build_config(struct daemon *d, const char *file, struct config *cfg)
{
	char err[1024];

	config_defaults(cfg);
	if (file && config_load(cfg, file, err, sizeof(err)) != 0) {
		fprintf(stderr, "spotgated: %s\n", err);
		return EXIT_USAGE;
	}
	for (int i = 0; i < d->nflags; i++) {
		struct flag_setting *f = &d->flags[i];

		if (config_set(cfg, f->section, f->key, f->value, f->flag, err, sizeof(err)) != 0) {
			fprintf(stderr, "spotgated: %s\n", err);
			return EXIT_USAGE;
		}
	}
	config_finish(cfg);
	return 0;
}

static void reload(struct daemon *d)
{
	struct config fresh;
	char names[512];

	if (!d->app.cfg.file[0]) {
		log_info("daemon", "reload: no configuration file, nothing to reload");
		return;
	}
	if (build_config(d, d->app.cfg.file, &fresh) != 0) {
		log_error("daemon", "reload failed, keeping the running configuration file=%s",
			  d->app.cfg.file);
		return;
	}
	if (config_restart_needed(&d->app.cfg, &fresh, names, sizeof(names)) > 0)
		log_warn("daemon", "reload: these keys take effect after a restart keys=%s", names);
	d->app.cfg.log_level = fresh.log_level;
	log_set_level(fresh.log_level);
	log_info("daemon", "configuration reloaded file=%s log_level=%s", d->app.cfg.file,
		 log_level_name(fresh.log_level));
}

static void on_signal(h2o_socket_t *sock, const char *err)
{
	struct daemon *d = sock->data;
	struct signalfd_siginfo si;
	int fd = h2o_socket_get_fd(sock);

	if (err)
		return;
	while (read(fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGHUP) {
			reload(d);
		} else {
			log_info("daemon", "stopping signal=%s", strsignal((int)si.ssi_signo));
			d->stopping = 1;
		}
	}
}

static int watch_signals(struct daemon *d)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &set, NULL) != 0)
		return -errno;
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	signal(SIGPIPE, SIG_IGN);
	d->signals = h2o_evloop_socket_create(d->app.loop, fd, H2O_SOCKET_FLAG_DONT_READ);
	d->signals->data = d;
	h2o_socket_read_start(d->signals, on_signal);
	return 0;
}

static int mkdir_p(const char *path)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0750) != 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0750) != 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static int parent_dir_exists(const char *file)
{
	char buf[PATH_MAX];
	char *slash;

	snprintf(buf, sizeof(buf), "%s", file);
	slash = strrchr(buf, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	return mkdir_p(buf[0] ? buf : "/");
}

/* Detaches from the terminal; stderr goes to the log file. */
static int daemonize(const struct config *cfg)
{
	char log_path[PATH_MAX + 16];
	int fd;

	if (cfg->log_file[0])
		snprintf(log_path, sizeof(log_path), "%s", cfg->log_file);
	else
		snprintf(log_path, sizeof(log_path), "%s/spotgated.log", cfg->state_dir);
	fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
	if (fd < 0) {
		fprintf(stderr, "spotgated: %s: cannot open log file: %s\n", log_path, strerror(errno));
		return -errno;
	}
	if (daemon(0, 1) != 0)
		return -errno;
	dup2(fd, STDERR_FILENO);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	return 0;
}

static int write_pid_file(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "%d\n", (int)getpid());
	return fclose(f) == 0 ? 0 : -errno;
}

static int start(struct daemon *d)
{
	struct app *app = &d->app;
	struct config *cfg = &app->cfg;
	char err[1024];
	int rc;

	if (cfg->lan[0] && if_nametoindex(cfg->lan) == 0) {
		log_error("daemon", "LAN interface does not exist iface=%s (set [gateway] lan or --lan)",
			  cfg->lan);
		return -ENODEV;
	}
	if (cfg->wan[0] && if_nametoindex(cfg->wan) == 0) {
		log_error("daemon", "WAN interface does not exist iface=%s", cfg->wan);
		return -ENODEV;
	}
	if (cfg->wan[0] && !strcmp(cfg->wan, cfg->lan)) {
		log_error("daemon", "the WAN interface is the LAN interface iface=%s (set [gateway] wan "
			  "or --wan to the internet side)", cfg->wan);
		return -EINVAL;
	}
	rc = db_open(cfg->db_path, &app->db, err, sizeof(err));
	if (rc == 0 && (rc = aaa_init(app, err, sizeof(err))) != 0)
		snprintf(err + strlen(err), sizeof(err) - strlen(err), " (the location's time zone)");
	if (rc != 0) {
		log_error("db", "%s", err);
		return rc;
	}
	app->commit = group_commit_new(app->loop, app->db);
	if (!app->commit)
		return -ENOMEM;
	rc = admin_start(app, &d->metrics, d->foreground, err, sizeof(err));
	if (rc != 0) {
		log_error("admin", "%s", err);
		return rc;
	}
	aaa_metrics_register(app);

	http_server_init(&d->http);
	h2o_hostconf_t *admin = http_server_host(&d->http, "admin");
	api_http_register(admin, app);
	h2o_hostconf_t *admin_tcp = admin_tcp_host(&d->http, app);
	h2o_hostconf_t *portal = http_server_host(&d->http, "portal");
	rc = portal_start(app, portal, err, sizeof(err));
	if (rc != 0) {
		log_error("portal", "%s", err);
		return rc;
	}
	http_server_start(&d->http, app->loop);

	rc = http_listen_unix(&d->http, admin, cfg->admin_socket, err, sizeof(err));
	if (rc == 0)
		rc = admin_tcp_listen(&d->http, admin_tcp, app, err, sizeof(err));
	if (rc != 0) {
		log_error("admin", "%s", err);
		return rc;
	}
	if (cfg->portal_listen[0]) {
		rc = http_listen_tcp(&d->http, portal, cfg->portal_listen, err, sizeof(err));
		if (rc != 0) {
			log_error("portal", "%s", err);
			return rc;
		}
	}
	if (cfg->portal_tls_listen[0]) {
		/* the portal over HTTPS ([portal] tls_listen, tls_cert, tls_key) */
		SSL_CTX *tls = http_tls_context(cfg->portal_tls_cert, cfg->portal_tls_key, err, sizeof(err));

		rc = tls ? http_listen_tls(&d->http, portal, cfg->portal_tls_listen, tls, err, sizeof(err)) : -EINVAL;
		if (rc != 0) {
			log_error("portal", "HTTPS: %s", err);
			return rc;
		}
		log_info("portal", "listening address=%s tls=yes", cfg->portal_tls_listen);
	}
	if (cfg->lan[0]) {
		/* the data plane; with [portal] listen empty it serves the portal on lan:80 */
		rc = gateway_start(app, &d->http, portal, err, sizeof(err));
		if (rc != 0) {
			log_error("gateway", "%s", err);
			return rc;
		}
	}
	/* [aaa] mode = radius: logins and accounting go to central servers */
	rc = remote_aaa_start(app, err, sizeof(err));
	if (rc != 0) {
		log_error("aaa", "%s", err);
		return rc;
	}
	/* what the data plane counts and stops goes to billing or the remote server */
	rc = usage_feed_start(app);
	if (rc != 0) {
		log_error("usage", "cannot start the usage feed: %s", strerror(-rc));
		return rc;
	}
	if (cfg->radius_enabled == TOGGLE_YES) {
		const struct radius_handlers handlers = {
			.access = radius_handle_access,
			.accounting = radius_handle_accounting,
		};
		char auth[64], acct[64];

		/* in-flight requests die with the process, so the sender is never disposed */
		coa_sender_init(&d->coa, app);
		rc = radius_server_start(&d->radius, app, &handlers, err, sizeof(err));
		if (rc != 0) {
			log_error("radius", "%s", err);
			return rc;
		}
		app->radius = &d->radius;
		radius_server_address(&d->radius, 0, auth, sizeof(auth));
		radius_server_address(&d->radius, 1, acct, sizeof(acct));
		log_info("radius", "listening auth=%s acct=%s", auth, acct);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "db", required_argument, NULL, 'D' },
		{ "state-dir", required_argument, NULL, 'S' },
		{ "lan", required_argument, NULL, 'L' },
		{ "wan", required_argument, NULL, 'W' },
		{ "mode", required_argument, NULL, 'M' },
		{ "portal-listen", required_argument, NULL, 'P' },
		{ "admin-socket", required_argument, NULL, 'A' },
		{ "admin-listen", required_argument, NULL, 'a' },
		{ "radius-auth", required_argument, NULL, 'R' },
		{ "radius-acct", required_argument, NULL, 'T' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "print-config", no_argument, NULL, 'p' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	static const struct { int opt; const char *section, *key, *flag; } flag_keys[] = {
		{ 'D', "database", "path", "--db" },
		{ 'S', "general", "state_dir", "--state-dir" },
		{ 'L', "gateway", "lan", "--lan" },
		{ 'W', "gateway", "wan", "--wan" },
		{ 'M', "general", "mode", "--mode" },
		{ 'P', "portal", "listen", "--portal-listen" },
		{ 'A', "admin", "socket", "--admin-socket" },
		{ 'a', "admin", "listen", "--admin-listen" },
		{ 'R', "radius", "auth_listen", "--radius-auth" },
		{ 'T', "radius", "acct_listen", "--radius-acct" },
		{ 'l', "general", "log_level", "--log-level" },
	};
	static struct daemon d;
	const char *file = NULL;
	int opt, print_only = 0, rc;

	heap_on_huge_pages(argv);
	while ((opt = getopt_long(argc, argv, "c:fVh", options, NULL)) != -1) {
		switch (opt) {
		case 'c': file = optarg; break;
		case 'f': d.foreground = 1; break;
		case 'p': print_only = 1; break;
		case 'V': printf("spotgated %s\n", SPOTGATE_VERSION); return 0;
		case 'h': usage(stdout); return 0;
		default: {
			size_t i;

			for (i = 0; i < sizeof(flag_keys) / sizeof(flag_keys[0]); i++)
				if (flag_keys[i].opt == opt)
					break;
			if (i == sizeof(flag_keys) / sizeof(flag_keys[0])) {
				usage(stderr);
				return EXIT_USAGE;
			}
			d.flags[d.nflags++] = (struct flag_setting){ flag_keys[i].section, flag_keys[i].key,
								      optarg, flag_keys[i].flag };
		}
		}
	}
	if (optind < argc) {
		fprintf(stderr, "spotgated: unexpected argument \"%s\"\n", argv[optind]);
		usage(stderr);
		return EXIT_USAGE;
	}

	rc = build_config(&d, file, &d.app.cfg);
	if (rc != 0)
		return rc;
	if (print_only) {
		config_print(&d.app.cfg, stdout);
		return 0;
	}
	log_set_level(d.app.cfg.log_level);

	if (mkdir_p(d.app.cfg.state_dir) != 0 || parent_dir_exists(d.app.cfg.db_path) != 0 ||
	    parent_dir_exists(d.app.cfg.admin_socket) != 0) {
		log_error("daemon", "cannot create state directory dir=%s error=\"%s\"", d.app.cfg.state_dir,
			  strerror(errno));
		return 1;
	}
	if (!d.foreground && daemonize(&d.app.cfg) != 0)
		return 1;
	/* after the fork: the page cache's most and a quarter more, for its page
	 * headers and the parsed-state caches */
	heap_fault_in(DB_PAGE_CACHE_BYTES + DB_PAGE_CACHE_BYTES / 4);

	d.app.started_at = time(NULL);
	d.app.loop = h2o_evloop_create();
	if (watch_signals(&d) != 0 || start(&d) != 0) {
		usage_feed_stop(&d.app);
		group_commit_free(d.app.commit);
		if (d.app.radius)
			radius_server_stop(&d.radius);
		remote_aaa_stop(&d.app);
		gateway_stop(&d.app);
		http_server_stop(&d.http);
		aaa_fini(&d.app);
		db_close(d.app.db);
		return 1;
	}
	housekeeping_start(&d.housekeeping, &d.app);
	write_pid_file(d.app.cfg.pid_file);
	log_info("daemon", "started version=%s mode=%s db=%s admin_socket=%s pid=%d", SPOTGATE_VERSION,
		 run_mode_name(d.app.cfg.mode), d.app.cfg.db_path, d.app.cfg.admin_socket, (int)getpid());

	log_batch(true);	/* each turn's lines in one write */
	while (!d.stopping) {
		h2o_evloop_run(d.app.loop, INT32_MAX);
		log_flush();
	}
	log_batch(false);

	housekeeping_stop(&d.housekeeping);
	usage_feed_stop(&d.app);
	group_commit_free(d.app.commit);	/* answers waiting for it go out first */
	if (d.app.radius)
		radius_server_stop(&d.radius);
	remote_aaa_stop(&d.app);
	gateway_stop(&d.app);
	http_server_stop(&d.http);
	portal_stop(&d.app);
	aaa_fini(&d.app);
	db_close(d.app.db);
	unlink(d.app.cfg.pid_file);
	log_info("daemon", "stopped");
	return 0;
}
