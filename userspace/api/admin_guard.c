/* Who may call what: the caller of a Unix-socket call is the machine's
 * administrator ("local", role admin); a TCP caller is whoever its session
 * cookie says, and must send the session's CSRF token with every unsafe
 * method. Then the route's allow bits decide. Unsafe calls run in one
 * transaction with their audit row. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/sessions.h"
#include "auth/users.h"
#include "common/log.h"

#define SESSION_COOKIE "spotgate_session"

static const struct {
	unsigned bit;
	const char *name;
} roles[] = {
	{ ROLE_ADMIN, "admin" },
	{ ROLE_OPERATOR, "operator" },
	{ ROLE_AUDITOR, "auditor" },
};

const char *api_role_name(unsigned role)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (roles[i].bit == role)
			return roles[i].name;
	return "";
}

unsigned api_role_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

static int unsafe(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && strcmp(method, "OPTIONS") != 0;
}

/* Fills call->caller; 0, -ENOENT (no session) or -ETIMEDOUT (expired). */
static int load_caller(struct api_call *call)
{
	struct api_caller *c = &call->caller;
	struct admin_session s;
	struct admin_user u;
	char token[SESSION_TOKEN_LEN];
	int rc;

	if (c->role)
		return 0;
	if (!call->remote) {
		*c = (struct api_caller){ .user = "local", .role = ROLE_ADMIN };
		return 0;
	}
	if (!call->cookie || cookie_value(call->cookie, SESSION_COOKIE, token, sizeof(token)) != 0)
		return -ENOENT;
	rc = admin_session_find(call->app->db, token, time(NULL), call->app->cfg.admin_session_idle, &s);
	if (rc)
		return rc == -ETIMEDOUT ? rc : -ENOENT;
	if (admin_user_get_id(call->app->db, s.user_id, &u) != 0 || u.disabled) {
		admin_session_delete(call->app->db, token);
		return -ENOENT;
	}
	*c = (struct api_caller){
		.user_id = u.id,
		.role = api_role_parse(u.role),
		.location_id = u.location_id,
	};
	snprintf(c->user, sizeof(c->user), "%s", u.username);
	snprintf(c->session, sizeof(c->session), "%s", token);
	snprintf(c->csrf, sizeof(c->csrf), "%s", s.csrf);
	return c->role ? 0 : -ENOENT;
}

static void roles_allowed(unsigned allow, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(roles) / sizeof(roles[0]) && used < size; i++)
		if ((allow | ROLE_ADMIN) & roles[i].bit)
			used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
						 roles[i].name);
}

static int check_role(struct api_call *call, struct api_reply *reply, unsigned allow)
{
	char allowed[64];
	const char *role = api_role_name(call->caller.role);

	if (call->caller.role & (ROLE_ADMIN | allow))
		return 0;
	roles_allowed(allow, allowed, sizeof(allowed));
	api_error(reply, 403, NULL, "role %s may not %s %s (allowed roles: %s)", role[0] ? role : "none",
		  call->method, call->path, allowed);
	return -EPERM;
}

static int require_login(struct api_call *call, struct api_reply *reply)
{
	int rc = load_caller(call);

	if (rc == -ETIMEDOUT) {
		api_error(reply, 401, NULL, "your session has expired; log in again with POST /api/v1/session");
		return rc;
	}
	if (rc) {
		api_error(reply, 401, NULL, "not logged in: log in with POST /api/v1/session");
		return rc;
	}
	return 0;
}

int api_require(struct api_call *call, struct api_reply *reply, unsigned allow)
{
	if (require_login(call, reply) != 0)
		return -EACCES;
	return check_role(call, reply, allow);
}

int api_guard(struct api_call *call, const struct api_route *route, struct api_reply *reply)
{
	if (route->allow & API_PUBLIC) {
		load_caller(call);	/* handlers may want to know, but need not */
		return 0;
	}
	if (require_login(call, reply) != 0)
		return -EACCES;
	if (call->remote && unsafe(call->method) &&
	    (!call->csrf_token || !secret_equal(call->csrf_token, call->caller.csrf))) {
		api_error(reply, 403, "X-CSRF-Token",
			  "%s X-CSRF-Token header: send the csrf_token from the login reply "
			  "(or GET /api/v1/session) with every %s",
			  call->csrf_token ? "wrong" : "missing", call->method);
		return -EPERM;
	}
	return check_role(call, reply, route->allow);
}

static int exec(sqlite3 *db, const char *sql)
{
	return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -EIO;
}

static int write_audit(struct api_call *call, struct api_reply *reply)
{
	json_t *id = json_object_get(reply->json, "id");
	json_t *result = json_is_integer(id) ? json_pack("{s:O}", "id", id) : NULL;
	char *summary = audit_summary(call->body, result);
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
	int rc = audit_write(call->app->db, &e);

	json_decref(result);
	free(summary);
	return rc;
}

void api_run(struct api_call *call, const struct api_route *route, struct api_reply *reply)
{
	sqlite3 *db = call->app ? call->app->db : NULL;

	if (!unsafe(call->method) || !db) {
		route->handle(call, reply);
		return;
	}
	/* the change and its audit row commit together or not at all; handlers'
	 * own db_transaction() calls nest as savepoints */
	if (exec(db, "BEGIN IMMEDIATE") != 0) {
		api_error(reply, 503, NULL, "the database is busy, try again: %s", sqlite3_errmsg(db));
		return;
	}
	route->handle(call, reply);
	if (reply->status >= 200 && reply->status < 300 && write_audit(call, reply) != 0) {
		log_error("audit", "cannot write the audit row, undoing the change method=%s path=%s error=\"%s\"",
			  call->method, call->path, sqlite3_errmsg(db));
		exec(db, "ROLLBACK");
		reply->set_cookie[0] = '\0';
		api_error(reply, 500, NULL, "database error writing the audit log; nothing was changed");
		return;
	}
	if (exec(db, "COMMIT") != 0) {
		log_error("db", "commit failed method=%s path=%s error=\"%s\"", call->method, call->path,
			  sqlite3_errmsg(db));
		exec(db, "ROLLBACK");
		reply->set_cookie[0] = '\0';
		api_error(reply, 500, NULL, "database error: the change was not saved");
	}
}
