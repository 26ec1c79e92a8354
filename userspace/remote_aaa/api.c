#include "remote_aaa/api.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/admin.h"
#include "api/api.h"
#include "auth/audit.h"
#include "common/log.h"
#include "http/server.h"
#include "metrics/metrics.h"
#include "remote_aaa/remote_aaa.h"

#define PREFIX "/api/v1/aaa"

struct pending;

/* What a RADIUS callback holds: the request may be gone by then (the
 * client hung up and h2o freed its pool), which dispose notes here. */
struct waiter {
	struct pending *p;
};

/* One API request waiting for a RADIUS answer, in the h2o request's pool. */
struct pending {
	h2o_req_t *req;
	struct api_call call;
	char method[16];
	char path[256];
	struct waiter *waiter;
	/* test-login: who, again for Accounting-Start after an accept */
	char username[256], mac[32], ip[64];
	bool start;
	json_t *login;		/* the login's reply while the Start is out */
};

/* --- replies ------------------------------------------------------------------ */

static void finish(struct pending *p, struct api_reply *reply)
{
	struct api_call *call = &p->call;

	/* a successful change leaves its audit row, as api_run() writes it */
	if (reply->status >= 200 && reply->status < 300 && strcmp(call->method, "GET") != 0) {
		char *summary = audit_summary(call->body, NULL);
		struct audit_entry e = {
			.at = time(NULL),
			.username = call->caller.user,
			.role = api_role_name(call->caller.role),
			.peer = call->peer[0] ? call->peer : (call->remote ? "" : "local"),
			.method = call->method,
			.path = call->path,
			.status = reply->status,
			.summary = summary,
		};

		if (audit_write(call->app->db, &e) != 0)
			log_warn("audit", "cannot write the audit row method=%s path=%s", call->method, call->path);
		free(summary);
	}
	admin_http_headers(p->req, call, reply);
	if (call->app->metrics)
		metrics_api_request(call->app->metrics, call->method, reply->status);
	char *text = json_dumps(reply->json, JSON_COMPACT);

	http_respond(p->req, reply->status, "application/json", text ? text : "", text ? strlen(text) : 0);
	free(text);
	log_debug("api", "request method=%s path=%s status=%d", call->method, call->path, reply->status);
	api_reply_free(reply);
}

static void fail(struct pending *p, int status, const char *fmt, const char *arg)
{
	struct api_reply reply = { 0 };

	api_error(&reply, status, NULL, fmt, arg);
	finish(p, &reply);
}

static void ok(struct pending *p, int status, json_t *json)
{
	struct api_reply reply = { 0 };

	api_ok(&reply, status, json);
	finish(p, &reply);
}

static json_t *limit_or_null(int64_t v)
{
	return v == LIMIT_NONE ? json_null() : json_integer(v);
}

static json_t *limits_json(const struct session_limits *l)
{
	return json_pack("{s:o, s:o, s:I, s:I, s:I, s:I, s:o, s:o, s:o}",
			 "session_timeout", limit_or_null(l->seconds_left),
			 "end_at", l->end_at ? json_integer(l->end_at) : json_null(),
			 "idle_timeout", (json_int_t)l->idle_timeout,
			 "interim_interval", (json_int_t)l->interim_interval,
			 "speed_up", (json_int_t)l->speed_up,
			 "speed_down", (json_int_t)l->speed_down,
			 "bytes_total", limit_or_null(l->bytes_total_left),
			 "bytes_up", limit_or_null(l->bytes_up_left),
			 "bytes_down", limit_or_null(l->bytes_down_left));
}

static json_t *class_json(const struct remote_reply *r)
{
	json_t *list = json_array();

	for (unsigned i = 0; i < r->nclass; i++)
		json_array_append_new(list, json_stringn((const char *)r->class_attr[i].value, r->class_attr[i].len));
	return list;
}

/* --- the waiters ---------------------------------------------------------------- */

static void on_dispose(void *ptr)
{
	struct pending *p = ptr;

	if (p->waiter)
		p->waiter->p = NULL;	/* the callback frees it */
	json_decref(p->call.body);
	json_decref(p->login);
}

static struct waiter *wait_for(struct pending *p)
{
	struct waiter *w = malloc(sizeof(*w));

	if (w) {
		w->p = p;
		p->waiter = w;
	}
	return w;
}

/* the pending request of a callback, or NULL when it is gone; frees w */
static struct pending *resume(struct waiter *w)
{
	struct pending *p = w->p;

	if (p)
		p->waiter = NULL;
	free(w);
	return p;
}

static void on_start_answer(void *ctx, const struct remote_acct_result *res)
{
	struct pending *p = resume(ctx);
	json_t *login;

	if (!p)
		return;
	login = p->login;
	p->login = NULL;
	json_object_set_new(json_object_get(login, "session"), "start",
			    json_string(res->status == 0 ? "answered" : "lost"));
	ok(p, 200, login);
}

static void on_login_answer(void *ctx, const struct remote_login_result *res)
{
	struct pending *p = resume(ctx);
	struct remote_session *s;
	struct waiter *w;
	json_t *out;

	if (!p)
		return;
	if (res->status != 0) {
		char why[128];

		snprintf(why, sizeof(why), "%s after %u sends", strerror(-res->status), res->sends);
		fail(p, 504, "no RADIUS server answered: %s", why);
		return;
	}
	out = json_pack("{s:b, s:s, s:i, s:i, s:o, s:o}", "accept", res->reply.accept, "message", res->reply.message,
			"server", (int)res->server + 1, "sends", (int)res->sends, "limits", limits_json(&res->reply.limits),
			"class", class_json(&res->reply));
	if (!res->reply.accept || !p->start) {
		ok(p, 200, out);
		return;
	}
	/* Accounting-Start, and answer once the server has it */
	const struct remote_who who = { .username = p->username, .mac = p->mac[0] ? p->mac : NULL,
					.ip = p->ip[0] ? p->ip : NULL };

	w = wait_for(p);
	if (!w || remote_aaa_session_start(p->call.app, &who, res, on_start_answer, w, &s) != 0) {
		if (w)
			resume(w);
		json_decref(out);
		fail(p, 503, "%s", "the accounting start could not be sent");
		return;
	}
	json_object_set_new(out, "session", json_pack("{s:I, s:s}", "id", (json_int_t)remote_aaa_session_id(s),
						       "acct_session_id", remote_aaa_session_acct_id(s)));
	p->login = out;
}

static void on_acct_answer(void *ctx, const struct remote_acct_result *res)
{
	struct pending *p = resume(ctx);

	if (!p)
		return;
	if (res->status != 0) {
		fail(p, 504, "no RADIUS server answered the accounting request: %s", strerror(-res->status));
		return;
	}
	ok(p, 200, json_pack("{s:s, s:i, s:i}", "result", "answered", "server", (int)res->server + 1, "sends",
			     (int)res->sends));
}

/* --- the routes ---------------------------------------------------------------- */

static const char *body_string(json_t *body, const char *key)
{
	json_t *v = json_object_get(body, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

static void test_login(struct pending *p)
{
	json_t *body = p->call.body;
	const char *user = body_string(body, "username"), *password = body_string(body, "password");
	const char *mac = body_string(body, "mac"), *ip = body_string(body, "ip");
	struct remote_who who = { .username = user, .password = password ? password : "", .mac = mac, .ip = ip };
	struct waiter *w;
	int rc;

	if (!user || !user[0]) {
		fail(p, 400, "%s", "username is required");
		return;
	}
	snprintf(p->username, sizeof(p->username), "%s", user);
	snprintf(p->mac, sizeof(p->mac), "%s", mac ? mac : "");
	snprintf(p->ip, sizeof(p->ip), "%s", ip ? ip : "");
	p->start = json_is_true(json_object_get(body, "start"));
	w = wait_for(p);
	if (!w) {
		fail(p, 503, "%s", "out of memory");
		return;
	}
	rc = remote_aaa_login(p->call.app, &who, on_login_answer, w, NULL);
	if (rc != 0) {
		resume(w);
		fail(p, rc == -EINVAL ? 400 : 503, "the login could not be sent: %s", strerror(-rc));
	}
}

static json_t *client_stats_json(const struct radius_client_stats *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "requests", (json_int_t)s->requests, "sent",
			 (json_int_t)s->sent, "retransmits", (json_int_t)s->retransmits, "failovers",
			 (json_int_t)s->failovers, "answered", (json_int_t)s->answered, "timeouts",
			 (json_int_t)s->timeouts, "dropped", (json_int_t)s->dropped);
}

static void status(struct pending *p)
{
	struct app *app = p->call.app;
	const struct config *cfg = &app->cfg;
	const struct remote_aaa_stats *s = remote_aaa_get_stats(app);
	json_t *out = json_pack("{s:s}", "mode", cfg->aaa_mode);

	if (s) {
		json_object_set_new(out, "servers", json_pack("[s, s]", cfg->aaa_server1, cfg->aaa_server2));
		json_object_set_new(out, "stats",
				    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "logins", (json_int_t)s->logins,
					      "accepts", (json_int_t)s->accepts, "rejects", (json_int_t)s->rejects,
					      "login_failures", (json_int_t)s->login_failures, "acct_sent",
					      (json_int_t)s->acct_sent, "acct_answered", (json_int_t)s->acct_answered,
					      "acct_lost", (json_int_t)s->acct_lost, "sessions", (json_int_t)s->sessions));
		json_object_set_new(out, "auth", client_stats_json(remote_aaa_client_stats(app, 0)));
		json_object_set_new(out, "acct", client_stats_json(remote_aaa_client_stats(app, 1)));
	}
	ok(p, 200, out);
}

static void session_item(const struct remote_session *s, void *arg)
{
	struct remote_session_info i;

	remote_aaa_session_info(s, &i);
	json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:i}", "id", (json_int_t)i.id,
					     "acct_session_id", i.acct_session_id, "username", i.username, "mac", i.mac,
					     "ip", i.ip, "started_at", (json_int_t)i.started_at, "bytes_up",
					     (json_int_t)i.bytes_up, "bytes_down", (json_int_t)i.bytes_down,
					     "interim_interval", (int)i.interim_interval));
}

static int parse_cause(const char *name, enum stop_cause *out)
{
	for (int c = STOP_NONE; c <= STOP_NAS; c++) {
		if (strcmp(stop_cause_name((enum stop_cause)c), name) == 0) {
			*out = (enum stop_cause)c;
			return 0;
		}
	}
	return -EINVAL;
}

static void session_accounting(struct pending *p, const char *id_text, bool stop)
{
	struct app *app = p->call.app;
	json_t *body = p->call.body, *up = json_object_get(body, "bytes_up"), *down = json_object_get(body, "bytes_down");
	const char *cause_name = body_string(body, "cause");
	enum stop_cause cause = STOP_LOGOUT;
	struct remote_session *s;
	struct waiter *w;
	char *end;
	uint64_t id = strtoull(id_text, &end, 10);
	int rc;

	if (*end || !(s = remote_aaa_session_find(app, id))) {
		fail(p, 404, "no remote session %s", id_text);
		return;
	}
	if ((up && (!json_is_integer(up) || json_integer_value(up) < 0)) ||
	    (down && (!json_is_integer(down) || json_integer_value(down) < 0))) {
		fail(p, 400, "%s", "bytes_up and bytes_down are counts of bytes (integers >= 0)");
		return;
	}
	if (cause_name && parse_cause(cause_name, &cause) != 0) {
		fail(p, 400, "unknown cause \"%s\" (logout, idle-timeout, session-timeout, depleted, admin, ...)",
		     cause_name);
		return;
	}
	remote_aaa_session_usage(s, up ? (uint64_t)json_integer_value(up) : 0,
				 down ? (uint64_t)json_integer_value(down) : 0);
	w = wait_for(p);
	if (!w) {
		fail(p, 503, "%s", "out of memory");
		return;
	}
	rc = stop ? remote_aaa_session_stop(s, cause, on_acct_answer, w)
		  : remote_aaa_session_interim(s, on_acct_answer, w);
	if (rc != 0) {
		resume(w);
		fail(p, 503, "the accounting request could not be sent: %s", strerror(-rc));
	}
}

static void route(struct pending *p)
{
	const char *rest = p->path + strlen(PREFIX);
	bool post = strcmp(p->method, "POST") == 0, get = strcmp(p->method, "GET") == 0;
	char id[32];
	size_t n;

	if (strcmp(rest, "/status") == 0 && get) {
		status(p);
		return;
	}
	if (strcmp(rest, "/sessions") == 0 && get) {
		json_t *items = json_array();

		remote_aaa_sessions_each(p->call.app, session_item, items);
		ok(p, 200, json_pack("{s:o}", "items", items));
		return;
	}
	if (!p->call.app->remote_aaa && (strcmp(rest, "/test-login") == 0 || strncmp(rest, "/sessions/", 10) == 0)) {
		fail(p, 409, "%s", "remote AAA is off: set [aaa] mode = radius and radius_server1");
		return;
	}
	if (strcmp(rest, "/test-login") == 0 && post) {
		test_login(p);
		return;
	}
	if (strncmp(rest, "/sessions/", 10) == 0 && post && (n = strcspn(rest + 10, "/")) < sizeof(id)) {
		memcpy(id, rest + 10, n);
		id[n] = '\0';
		if (strcmp(rest + 10 + n, "/interim") == 0 || strcmp(rest + 10 + n, "/stop") == 0) {
			session_accounting(p, id, strcmp(rest + 10 + n, "/stop") == 0);
			return;
		}
	}
	fail(p, 404, "no such resource: %s", p->path);
}

static int on_request(h2o_handler_t *self, h2o_req_t *req)
{
	struct app *app = http_route_data(self);
	struct pending *p = h2o_mem_alloc_shared(&req->pool, sizeof(*p), on_dispose);
	struct api_reply reply = { 0 };
	const struct api_route guard = { .method = "", .pattern = PREFIX, .allow = 0 };	/* admin only */

	memset(p, 0, sizeof(*p));
	p->req = req;
	p->call.app = app;
	admin_http_caller(req, &p->call);
	p->call.method = p->method;
	p->call.path = p->path;
	if (req->method.len >= sizeof(p->method) || req->path_normalized.len >= sizeof(p->path)) {
		fail(p, 414, "%s", "request line too long");
		return 0;
	}
	memcpy(p->method, req->method.base, req->method.len);
	memcpy(p->path, req->path_normalized.base, req->path_normalized.len);
	if (req->entity.base && req->entity.len) {
		json_error_t jerr;

		p->call.body = json_loadb(req->entity.base, req->entity.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(p->call.body)) {
			fail(p, 400, "request body is not a JSON object: %s", p->call.body ? "another JSON type" : jerr.text);
			return 0;
		}
	} else {
		p->call.body = json_object();
	}
	if (api_guard(&p->call, &guard, &reply) != 0) {
		finish(p, &reply);
		return 0;
	}
	route(p);
	return 0;
}

void remote_aaa_api_register(h2o_hostconf_t *host, struct app *app)
{
	http_server_route(host, PREFIX, on_request, app);
}
