/* Portal logins against the central RADIUS server ([aaa] mode = radius):
 * voucher and password logins wait for its answer, and a remote session's
 * status and logout. See "Remote AAA" in portal/internal.h. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "app/group_commit.h"
#include "common/log.h"
#include "gateway/gateway.h"
#include "portal/internal.h"
#include "remote_aaa/remote_aaa.h"

/* One login waiting for the server, in the request's pool: h2o disposes of
 * it with the request, which cancels the Access-Request, so the answer never
 * meets a dead request. */
struct remote_wait {
	struct guest g;			/* a copy: the handler's own is on its stack */
	struct remote_login *login;	/* in flight; NULL once answered */
	h2o_timeout_entry_t hangup;	/* once a second: is the guest still there? */
	bool voucher;
	char username[65];
	char url[PORTAL_URL_MAX + 1];
	char sig[65];
};

static void wait_dispose(void *ptr)
{
	struct remote_wait *w = ptr;

	if (h2o_timeout_is_linked(&w->hangup))
		h2o_timeout_unlink(&w->hangup);
	if (w->login)
		remote_aaa_login_cancel(w->login);
}

/* h2o reads nothing more from an HTTP/1 connection while its request is
 * being handled, so it would see a guest who gave up only when the answer
 * fails to go out: a peek at the socket tells sooner. TLS is not looked
 * into (a close_notify is data here): those logins run to their end. */
static bool guest_gone(h2o_req_t *req)
{
	h2o_socket_t *sock = req->conn->callbacks->get_socket ? req->conn->callbacks->get_socket(req->conn) : NULL;
	ssize_t n;
	char c;

	if (!sock)
		return false;
	n = recv(h2o_socket_get_fd(sock), &c, 1, MSG_PEEK | MSG_DONTWAIT);
	return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

static void on_hangup_check(h2o_timeout_entry_t *entry)
{
	struct remote_wait *w = H2O_STRUCT_FROM_MEMBER(struct remote_wait, hangup, entry);
	struct guest *g = &w->g;
	h2o_context_t *ctx = g->req->conn->ctx;

	if (!guest_gone(g->req)) {
		h2o_timeout_link(ctx->loop, &ctx->one_sec_timeout, &w->hangup);
		return;
	}
	log_info("portal", "guest gave up waiting: remote login cancelled mac=%s user=%s", g->mac_text, w->username);
	remote_aaa_login_cancel(w->login);
	w->login = NULL;
	/* an answer nobody reads: it lets h2o close the connection and free the request */
	g->now = time(NULL);
	message_send(g, 503, tr(g, "error.title"), tr(g, "error.aaa_down"));
}

/* The device's data-plane entry when it carries a remote session this
 * gateway has open; stopped (quota, end time) ones too when `stopped`. */
static struct remote_session *entry_session(struct guest *g, struct gateway_client *c, bool stopped)
{
	struct app *app = g->p->app;

	if (!app->remote_aaa || !g->have_mac || gateway_client_get(app, g->mac, c) != 0 ||
	    !(c->cfg.flags & SG_CLIENT_AUTHORIZED) || (c->cnt.stopped && !stopped) ||
	    !(c->cfg.session_id & REMOTE_SESSION_BIT))
		return NULL;
	return remote_aaa_session_find(app, c->cfg.session_id);
}

int guest_remote_standing(struct guest *g, struct remote_standing *out)
{
	struct gateway_client c;
	struct remote_session *s = entry_session(g, &c, false);
	struct remote_session_info info;
	uint64_t used;

	if (!s)
		return -ENOENT;
	remote_aaa_session_info(s, &info);
	used = c.cnt.bytes_up + c.cnt.bytes_down;
	*out = (struct remote_standing){
		.session_id = c.cfg.session_id,
		.until = c.until,
		.seconds_left = !c.until ? LIMIT_NONE : c.until > g->now ? c.until - g->now : 0,
		.bytes_left = !c.cfg.budget ? LIMIT_NONE : c.cfg.budget > used ? (int64_t)(c.cfg.budget - used) : 0,
		.rate_up = c.cfg.rate_up,
		.rate_down = c.cfg.rate_down,
	};
	snprintf(out->username, sizeof(out->username), "%s", info.username);
	return 0;
}

bool guest_remote_end(struct guest *g, enum stop_cause cause)
{
	struct app *app = g->p->app;
	struct gateway_client c;
	struct remote_session *s = entry_session(g, &c, true);
	uint64_t id;

	if (!s)
		return false;
	id = remote_aaa_session_id(s);
	/* the kick hands the bytes since the last poll to the usage feed first */
	gateway_kick(app, g->mac, NULL);
	if ((s = remote_aaa_session_find(app, id)))
		remote_aaa_session_stop(s, cause, NULL, NULL);
	return true;
}

/* --- the answer ------------------------------------------------------------------ */

static void accepted(struct remote_wait *w, const struct remote_login_result *res)
{
	struct guest *g = &w->g;
	struct app *app = g->p->app;
	const struct remote_who who = { .username = w->username, .mac = g->mac_text, .ip = g->ip };
	struct session_limits l = res->reply.limits;
	struct remote_session *s;
	int64_t old;
	int rc;

	/* a local session of the device (click-through) ends here, as a new local login would end it */
	if (aaa_session_by_mac(app, g->mac_text, &old) == 0) {
		gateway_kick(app, g->mac, NULL);
		aaa_stop(app, old, 0, 0, AAA_UNTIL_NOW, STOP_LOGOUT, g->now);
	}
	rc = remote_aaa_session_start(app, &who, res, NULL, NULL, &s);
	if (rc) {
		log_error("portal", "remote login accepted, but no session could start mac=%s user=%s error=\"%s\"",
			  g->mac_text, w->username, strerror(-rc));
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return;
	}
	/* The data plane keeps one budget for both directions: per-direction
	 * limits alone become their sum, and the server's accounting sees the rest. */
	if (l.bytes_up_left != LIMIT_NONE && l.bytes_down_left != LIMIT_NONE &&
	    (l.bytes_total_left == LIMIT_NONE || l.bytes_up_left + l.bytes_down_left < l.bytes_total_left))
		l.bytes_total_left = l.bytes_up_left + l.bytes_down_left;
	rc = guest_let_through(g, &l, remote_aaa_session_id(s));
	if (rc == -ENODEV || rc == -EPERM) {
		/* no data plane, or allow-listed: the device passes anyway, and
		 * nothing would count or end its session */
		log_warn("portal", "remote login without a data-plane entry; its session ends at once mac=%s user=%s",
			 g->mac_text, w->username);
		remote_aaa_session_stop(s, STOP_NAS, NULL, NULL);
	} else if (rc) {
		log_error("portal", "cannot let the device through mac=%s error=%d", g->mac_text, rc);
		remote_aaa_session_stop(s, STOP_NAS, NULL, NULL);
		render_login(g, 500, tr(g, "error.dataplane"), w->url, w->sig);
		return;
	} else {
		log_info("portal", "login mac=%s ip=%s account=%s session=%s (remote)", g->mac_text, g->ip,
			 w->username, remote_aaa_session_acct_id(s));
	}
	logged_in(g, w->url, w->sig);
}

static void on_answer(void *ctx, const struct remote_login_result *res)
{
	struct remote_wait *w = ctx;
	struct guest *g = &w->g;

	w->login = NULL;	/* answered: nothing left to cancel */
	if (h2o_timeout_is_linked(&w->hangup))
		h2o_timeout_unlink(&w->hangup);
	if (res->status == -ECANCELED)
		return;		/* the daemon is stopping; the connection closes with it */
	g->now = time(NULL);
	/* this turn's writes (a failure for the lockout) are on disk before the answer */
	group_commit_join(g->p->app->commit);
	if (res->status != 0) {
		log_warn("portal", "login service not answering mac=%s user=%s error=\"%s\"", g->mac_text, w->username,
			 strerror(-res->status));
		message_send(g, 503, tr(g, "error.title"), tr(g, "error.aaa_down"));
		return;
	}
	if (!res->reply.accept) {
		failure_record(g->p, g->mac_text, g->now);
		render_login(g, 401, res->reply.message[0] ? res->reply.message
				     : tr(g, w->voucher ? "error.wrong_code" : "error.wrong_password"),
			     w->url, w->sig);
		return;
	}
	accepted(w, res);
}

void remote_login(struct guest *g, bool voucher, const char *username, const char *password, const char *url,
		  const char *sig)
{
	h2o_req_t *req = g->req;
	struct remote_wait *w = h2o_mem_alloc_shared(&req->pool, sizeof(*w), wait_dispose);
	int rc;

	memset(w, 0, sizeof(*w));
	w->g = *g;
	w->voucher = voucher;
	snprintf(w->username, sizeof(w->username), "%s", username);
	snprintf(w->url, sizeof(w->url), "%s", url ? url : "");
	snprintf(w->sig, sizeof(w->sig), "%s", sig ? sig : "");
	rc = remote_aaa_login(g->p->app,
			      &(struct remote_who){ .username = username, .password = password, .mac = g->mac_text,
						    .ip = g->ip },
			      on_answer, w, &w->login);
	if (rc) {
		w->login = NULL;
		log_error("portal", "remote login not sent mac=%s error=\"%s\"", g->mac_text, strerror(-rc));
		message_send(g, 503, tr(g, "error.title"), tr(g, "error.aaa_down"));
		return;
	}
	w->hangup.cb = on_hangup_check;
	h2o_timeout_link(req->conn->ctx->loop, &req->conn->ctx->one_sec_timeout, &w->hangup);
}
