/* Administration plumbing for the daemon: metrics and the first admin user
 * at start-up, the admin API's TCP listener (TLS when configured), and the
 * h2o side of callers (who is calling) and replies (cookies, headers). */
#ifndef SPOTGATE_API_ADMIN_H
#define SPOTGATE_API_ADMIN_H

#include <h2o.h>

#include "api/api.h"
#include "app/app.h"
#include "http/server.h"
#include "metrics/metrics.h"

/* After the database is open: sets up m as app->metrics (times commits,
 * registers the built-in collectors) and, when no admin user exists,
 * creates one with a generated password that is logged once (and printed on
 * stdout when foreground). Returns 0 or -errno with a message in err. */
int admin_start(struct app *app, struct metrics *m, int foreground, char *err, size_t errlen);

/* The virtual host of the TCP listener with the API registered on it, or
 * NULL when [admin] listen is empty. Call before http_server_start(). */
h2o_hostconf_t *admin_tcp_host(struct http_server *srv, struct app *app);
/* Listens on [admin] listen for host (TLS when tls_cert and tls_key are
 * set). Does nothing when host is NULL. Returns 0 or -errno with err. */
int admin_tcp_listen(struct http_server *srv, h2o_hostconf_t *host, struct app *app, char *err,
		     size_t errlen);

/* Fills the transport side of call from req: remote (not a Unix socket),
 * tls, peer address, Cookie, X-CSRF-Token and Content-Type. */
void admin_http_caller(h2o_req_t *req, struct api_call *call);
/* Adds reply's Set-Cookie and, for remote callers, no-store/nosniff headers. */
void admin_http_headers(h2o_req_t *req, const struct api_call *call, const struct api_reply *reply);

#endif
