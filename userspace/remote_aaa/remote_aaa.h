/* Remote AAA: a gateway that sends its guests' logins and accounting to a
 * central RADIUS server (another spotgated in controller mode, FreeRADIUS,
 * ...) instead of deciding them against its own database. [aaa] mode =
 * radius turns it on (docs/config.md); app->remote_aaa is then set, else
 * NULL and logins go to aaa_login() as before.
 *
 * Two servers, primary and secondary ([aaa] radius_server1/2), each with an
 * accounting port (radius_acct_server1/2, default port + 1). Retransmission
 * with back-off and failover are radius_client's (radius_client/client.h):
 * [aaa] radius_retries sends to a server, the first after radius_timeout
 * seconds, then the other server; a silent server is skipped for 30 s.
 *
 * Everything runs on the daemon's event loop; callbacks too. Nothing here
 * blocks, so a portal request waits for the server without holding anyone
 * else up.
 *
 * For the portal:
 *
 *   static void on_login(void *ctx, const struct remote_login_result *r)
 *   {
 *       if (r->status != 0)          -> "the login service does not answer"
 *       else if (!r->reply.accept)   -> show r->reply.message (Reply-Message)
 *       else {
 *           remote_aaa_session_start(app, &who, r, &s);  // Accounting-Start
 *           gateway_authorize(app, mac, &addrs, &(struct gateway_limits){
 *               .until = r->reply.limits.end_at, .budget = bytes_total_left ...,
 *               .session_id = remote_aaa_session_id(s) });
 *       }
 *   }
 *   remote_aaa_login(app, &who, on_login, ctx, &handle);
 *
 * then, from the data plane's hooks: remote_aaa_session_find() by the
 * session id, remote_aaa_session_usage() with the growth (Interim-Updates go
 * out by themselves every Acct-Interim-Interval, or [aaa] interim_interval),
 * and remote_aaa_session_stop() when it ends (Accounting-Stop).
 *
 * Not kept across a restart: a session's accounting state lives in memory,
 * so after spotgated restarts its remote sessions send no Stop (the server
 * closes them when their interim updates stop arriving). When both servers
 * stay silent through every retry an accounting request is logged and
 * dropped. */
#ifndef SPOTGATE_REMOTE_AAA_H
#define SPOTGATE_REMOTE_AAA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "billing/cdr.h"
#include "radius_client/client.h"
#include "remote_aaa/reply.h"

/* Set in every remote session id, so hooks that carry the data plane's
 * opaque session id can tell these from database session ids. */
#define REMOTE_SESSION_BIT (1ull << 62)

struct remote_aaa;
struct remote_login;
struct remote_session;

/* Who is logging in; strings are copied, they need not outlive the call. */
struct remote_who {
	const char *username;
	const char *password;	/* PAP, hidden with each server's own secret */
	const char *mac;	/* Calling-Station-Id (sent as AA-BB-CC-DD-EE-FF), or NULL */
	const char *ip;		/* Framed-IP-Address (IPv4), or NULL */
};

struct remote_login_result {
	int status;		/* 0 answered; -ETIMEDOUT no server answered; -ECANCELED shutting down */
	struct remote_reply reply;	/* when answered: accept, message, limits, Class */
	unsigned server;	/* 0 primary, 1 secondary: who answered (or was tried last) */
	unsigned sends;		/* datagrams sent, retransmissions included */
};

/* Outcome of an accounting request: 0 the server acknowledged it, or
 * -ETIMEDOUT / -ECANCELED. */
struct remote_acct_result {
	int status;
	unsigned server;
	unsigned sends;
};

typedef void (*remote_login_cb)(void *ctx, const struct remote_login_result *res);
typedef void (*remote_acct_cb)(void *ctx, const struct remote_acct_result *res);

struct remote_aaa_stats {
	uint64_t logins, accepts, rejects, login_failures;	/* failures: no answer */
	uint64_t acct_sent, acct_answered, acct_lost;
	uint64_t sessions;	/* open now */
};

/* With [aaa] mode = radius: opens the client sockets and sets
 * app->remote_aaa. With mode = local: does nothing, returns 0. -EINVAL with
 * the reason in err for a configuration that cannot work. */
int remote_aaa_start(struct app *app, char *err, size_t errlen);
/* Ends every request in flight (callbacks get -ECANCELED) and frees the
 * sessions without sending Stop. NULL-safe through app->remote_aaa. */
void remote_aaa_stop(struct app *app);

/* Sends an Access-Request (PAP, Message-Authenticator first) and calls cb
 * once with the answer. `ctx` must live until then. `handle` (may be NULL)
 * is for remote_aaa_login_cancel(), valid until cb runs. Returns 0, or
 * -ENODEV remote AAA is off, -EINVAL no user name or a password over 128
 * octets, -EBUSY/-ENOMEM: no callback then. */
int remote_aaa_login(struct app *app, const struct remote_who *who, remote_login_cb cb, void *ctx,
		     struct remote_login **handle);
/* The caller gave up (the guest's connection closed): cb will not run. */
void remote_aaa_login_cancel(struct remote_login *handle);

/* After an Access-Accept: a session whose accounting goes to the servers,
 * echoing the reply's Class. Sends Accounting-Start now (cb, may be NULL,
 * hears its outcome). */
int remote_aaa_session_start(struct app *app, const struct remote_who *who, const struct remote_login_result *accepted,
			     remote_acct_cb cb, void *ctx, struct remote_session **out);
/* Bytes since the last call (up: from the guest). */
void remote_aaa_session_usage(struct remote_session *s, uint64_t bytes_up, uint64_t bytes_down);
/* An Interim-Update now, besides the periodic ones. */
int remote_aaa_session_interim(struct remote_session *s, remote_acct_cb cb, void *ctx);
/* Accounting-Stop with the totals and Acct-Terminate-Cause from cause;
 * frees the session (the request keeps its own copy). */
int remote_aaa_session_stop(struct remote_session *s, enum stop_cause cause, remote_acct_cb cb, void *ctx);

struct remote_session *remote_aaa_session_find(struct app *app, uint64_t id);
uint64_t remote_aaa_session_id(const struct remote_session *s);
const char *remote_aaa_session_acct_id(const struct remote_session *s);
/* Calls fn for every open session, for listings. */
void remote_aaa_sessions_each(struct app *app, void (*fn)(const struct remote_session *s, void *arg), void *arg);
struct remote_session_info {
	uint64_t id;
	const char *acct_session_id, *username, *mac, *ip;
	int64_t started_at;
	uint64_t bytes_up, bytes_down;
	uint32_t interim_interval;
};
void remote_aaa_session_info(const struct remote_session *s, struct remote_session_info *out);

const struct remote_aaa_stats *remote_aaa_get_stats(const struct app *app);
/* The radius_client statistics of the auth (acct = 0) or accounting client. */
const struct radius_client_stats *remote_aaa_client_stats(const struct app *app, int acct);

/* RFC 3580 §3.21 spelling of a MAC for Calling-Station-Id: "AA-BB-CC-DD-EE-FF". */
void remote_aaa_station_id(const char *mac, char out[18]);

#endif
