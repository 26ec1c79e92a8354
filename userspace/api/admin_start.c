#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <time.h>

#include "api/admin.h"
#include "api/admin_ui.h"
#include "api/http.h"
#include "app/group_commit.h"
#include "auth/users.h"
#include "common/log.h"
#include "metrics/builtin.h"

/* stdout and stderr going to one file: the log line already said it */
static int same_file(int a, int b)
{
	struct stat sa, sb;

	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int admin_start(struct app *app, struct metrics *m, int foreground, char *err, size_t errlen)
{
	struct admin_user created;
	char password[PASSWORD_GENERATED_LEN + 1];
	int rc;

	metrics_init(m);
	app->metrics = m;
	if (app->commit)
		group_commit_time(app->commit, metrics_commit_timed, m);
	metrics_register_builtin(m, app);

	rc = admin_user_bootstrap(app->db, time(NULL), &created, password, sizeof(password));
	if (rc < 0) {
		snprintf(err, errlen, "cannot create the first admin user: %s", strerror(-rc));
		return rc;
	}
	if (rc == 1) {
		log_warn("admin", "created the first admin user=%s password=%s (shown this once; "
			 "change it with: spotctl admin passwd %s)",
			 created.username, password, created.username);
		if (foreground && !same_file(STDOUT_FILENO, STDERR_FILENO)) {
			printf("spotgated: first admin user \"%s\", password: %s\n", created.username, password);
			fflush(stdout);
		}
	}
	return 0;
}

h2o_hostconf_t *admin_tcp_host(struct http_server *srv, struct app *app)
{
	h2o_hostconf_t *host;

	if (!app->cfg.admin_listen[0])
		return NULL;
	host = http_server_host(srv, "admin-tcp");
	api_http_register(host, app);
	admin_ui_register(host, app);	/* the web admin at /admin/ */
	return host;
}

int admin_tcp_listen(struct http_server *srv, h2o_hostconf_t *host, struct app *app, char *err,
		     size_t errlen)
{
	const struct config *cfg = &app->cfg;
	int tls = cfg->admin_tls_cert[0] && cfg->admin_tls_key[0];
	int rc;

	if (!host)
		return 0;
	if (!tls && (cfg->admin_tls_cert[0] || cfg->admin_tls_key[0])) {
		snprintf(err, errlen, "[admin] tls_cert and tls_key go together: set both, or neither");
		return -EINVAL;
	}
	if (tls) {
		SSL_CTX *ctx = http_tls_context(cfg->admin_tls_cert, cfg->admin_tls_key, err, errlen);

		if (!ctx)
			return -EINVAL;
		rc = http_listen_tls(srv, host, cfg->admin_listen, ctx, err, errlen);
	} else {
		rc = http_listen_tcp(srv, host, cfg->admin_listen, err, errlen);
	}
	if (rc == 0)
		log_info("admin", "listening address=%s tls=%s metrics_public=%s", cfg->admin_listen,
			 tls ? "yes" : "no", cfg->admin_metrics_public == TOGGLE_YES ? "yes" : "no");
	return rc;
}

/* every value of a header, joined with "; " (HTTP/2 splits Cookie in crumbs) */
static const char *header_values(h2o_req_t *req, const h2o_token_t *token, const char *name)
{
	h2o_iovec_t all = { NULL, 0 };
	ssize_t i = -1;

	for (;;) {
		i = token ? h2o_find_header(&req->headers, token, i)
			  : h2o_find_header_by_str(&req->headers, name, strlen(name), i);
		if (i < 0)
			break;
		h2o_iovec_t v = req->headers.entries[i].value;

		if (all.base)
			all = h2o_concat(&req->pool, all, h2o_iovec_init(H2O_STRLIT("; ")), v);
		else
			all = h2o_strdup(&req->pool, v.base, v.len);
	}
	if (!all.base)
		return NULL;
	if (memchr(all.base, '\0', all.len))
		return NULL;
	return h2o_strdup(&req->pool, all.base, all.len).base;	/* NUL-terminated */
}

void admin_http_caller(h2o_req_t *req, struct api_call *call)
{
	struct sockaddr_storage ss;
	socklen_t len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&ss);
	h2o_socket_t *sock = req->conn->callbacks->get_socket ? req->conn->callbacks->get_socket(req->conn) : NULL;

	/* no address, or anything but a Unix socket, is a remote caller */
	call->remote = !(len > 0 && ss.ss_family == AF_UNIX);
	call->tls = sock && sock->ssl != NULL;
	if (!call->remote)
		snprintf(call->peer, sizeof(call->peer), "local");
	else if (len > 0 && ss.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, call->peer, sizeof(call->peer));
	else if (len > 0 && ss.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, call->peer, sizeof(call->peer));
	else
		snprintf(call->peer, sizeof(call->peer), "unknown");
	call->cookie = header_values(req, H2O_TOKEN_COOKIE, NULL);
	call->csrf_token = header_values(req, NULL, "x-csrf-token");
	call->content_type = header_values(req, H2O_TOKEN_CONTENT_TYPE, NULL);
}

void admin_http_headers(h2o_req_t *req, const struct api_call *call, const struct api_reply *reply)
{
	if (reply->set_cookie[0])
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_SET_COOKIE, NULL, reply->set_cookie,
			       strlen(reply->set_cookie));
	if (call->remote) {
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL,
			       H2O_STRLIT("no-store"));
		h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-content-type-options"), 0,
				      NULL, H2O_STRLIT("nosniff"));
	}
}
