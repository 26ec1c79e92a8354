/* /api/v1/session: logging in and out of the admin API over TCP.
 *
 * POST with {username, password} checks the password (scrypt), starts a
 * session and sets it as an HttpOnly, SameSite=Strict cookie (Secure under
 * TLS); the reply carries the CSRF token the client sends back in
 * X-CSRF-Token with every unsafe request. Failed logins are written to the
 * audit log, which is also what rate limiting counts: at most
 * LOGIN_MAX_FAILURES per source address and per user in LOGIN_WINDOW
 * seconds, then 429. An unknown user, a disabled one and a wrong password
 * all get the same 401. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api/api.h"
#include "api/params.h"
#include "auth/audit.h"
#include "auth/password.h"
#include "auth/sessions.h"
#include "auth/users.h"
#include "common/log.h"
#include "metrics/metrics.h"

#define LOGIN_MAX_FAILURES 10
#define LOGIN_WINDOW 600

/* verified when the user does not exist, so both cases take as long */
static const char dummy_hash[] =
	"$scrypt$ln=15,r=8,p=3$pJdDcCmkJH8H7bHA6IHaLQ$aFAUQLAc1r9Z3vRKSsWiVdFHkuRxTtddWe7jVVZjDaw";

static void count_login(struct api_call *call, enum metrics_login_result result)
{
	if (call->app->metrics)
		call->app->metrics->logins[result]++;
}

static json_t *whoami(const struct api_call *call)
{
	const struct api_caller *c = &call->caller;

	return json_pack("{s:s, s:s, s:o, s:s, s:b, s:s?}",
			 "user", c->user,
			 "role", api_role_name(c->role),
			 "location", c->location_id ? json_integer(c->location_id) : json_null(),
			 "via", call->remote ? "tcp" : "unix",
			 "tls", call->tls,
			 "csrf_token", c->csrf[0] ? c->csrf : NULL);
}

static void login_failed(struct api_call *call, struct api_reply *reply, const char *username,
			 const char *reason)
{
	char summary[128];
	struct audit_entry e = {
		.at = time(NULL),
		.username = username,
		.peer = call->peer,
		.method = call->method,
		.path = call->path,
		.status = 401,
		.summary = summary,
	};

	snprintf(summary, sizeof(summary), "{\"login\":\"failed\",\"reason\":\"%s\"}", reason);
	if (audit_write(call->app->db, &e) != 0)
		log_error("audit", "cannot write a failed login peer=%s", call->peer);
	log_info("admin", "login failed user=%s peer=%s reason=\"%s\"", username[0] ? username : "-",
		 call->peer, reason);
	count_login(call, LOGIN_FAILURE);
	api_error(reply, 401, NULL, "wrong username or password");
}

static void login(struct api_call *call, struct api_reply *reply)
{
	struct app *app = call->app;
	const char *username, *password;
	struct admin_user u;
	struct admin_session s;
	int64_t now = time(NULL), by_peer, by_user;
	int found, ok;

	/* a cross-site form cannot send JSON without a CORS preflight */
	if (call->remote && (!call->content_type ||
			     strncasecmp(call->content_type, "application/json", 16) != 0)) {
		api_error(reply, 415, NULL, "log in with a JSON body and Content-Type: application/json");
		return;
	}
	if (param_string(call, reply, "username", 1, ADMIN_USERNAME_MAX, &username) < 0 ||
	    param_string(call, reply, "password", 1, PASSWORD_MAX_LEN, &password) < 0)
		return;
	found = admin_user_get(app->db, username, &u) == 0;
	if (audit_login_failures(app->db, call->peer, found ? u.username : NULL, now - LOGIN_WINDOW,
				 &by_peer, &by_user) != 0) {
		api_error(reply, 500, NULL, "database error checking failed logins");
		return;
	}
	if (by_peer >= LOGIN_MAX_FAILURES || by_user >= LOGIN_MAX_FAILURES) {
		count_login(call, LOGIN_RATE_LIMITED);
		log_warn("admin", "login refused: too many failures peer=%s user=%s", call->peer,
			 found ? u.username : "-");
		api_error(reply, 429, NULL,
			  "too many failed logins %s: at most %d in %d minutes; wait and try again",
			  by_peer >= LOGIN_MAX_FAILURES ? "from this address" : "for this user",
			  LOGIN_MAX_FAILURES, LOGIN_WINDOW / 60);
		return;
	}
	ok = password_verify(password, strlen(password), found ? u.password : dummy_hash);
	if (!found) {
		/* the name typed may be a password typed in the wrong box: not logged */
		login_failed(call, reply, "", "unknown user");
		return;
	}
	if (u.disabled) {
		login_failed(call, reply, u.username, "disabled user");
		return;
	}
	if (ok != 1) {
		login_failed(call, reply, u.username, "wrong password");
		return;
	}

	admin_session_purge(app->db, now, app->cfg.admin_session_idle);
	if (admin_session_create(app->db, u.id, call->peer, now, app->cfg.admin_session_lifetime, &s) != 0) {
		api_error(reply, 500, NULL, "database error starting the session");
		return;
	}
	call->caller = (struct api_caller){ .user_id = u.id, .role = api_role_parse(u.role),
					    .location_id = u.location_id };
	snprintf(call->caller.user, sizeof(call->caller.user), "%s", u.username);
	snprintf(call->caller.session, sizeof(call->caller.session), "%s", s.token);
	snprintf(call->caller.csrf, sizeof(call->caller.csrf), "%s", s.csrf);
	snprintf(reply->set_cookie, sizeof(reply->set_cookie),
		 "spotgate_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%ld%s", s.token,
		 app->cfg.admin_session_lifetime, call->tls ? "; Secure" : "");
	count_login(call, LOGIN_SUCCESS);
	log_info("admin", "login user=%s role=%s peer=%s", u.username, u.role, call->peer);

	json_t *o = whoami(call);
	json_object_set_new(o, "expires_at", json_integer(s.expires_at));
	json_object_set_new(o, "idle_timeout", json_integer(app->cfg.admin_session_idle));
	api_ok(reply, 201, o);
}

static void get_session(struct api_call *call, struct api_reply *reply)
{
	api_ok(reply, 200, whoami(call));
}

static void logout(struct api_call *call, struct api_reply *reply)
{
	if (call->caller.session[0] && admin_session_delete(call->app->db, call->caller.session) != 0) {
		api_error(reply, 500, NULL, "database error ending the session");
		return;
	}
	if (call->remote)
		snprintf(reply->set_cookie, sizeof(reply->set_cookie),
			 "spotgate_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
			 call->tls ? "; Secure" : "");
	log_info("admin", "logout user=%s peer=%s", call->caller.user, call->peer);
	api_ok(reply, 200, json_pack("{s:s}", "logged_out", call->caller.user));
}

/* A logged-in user changes their own password; every session of theirs ends. */
static void change_password(struct api_call *call, struct api_reply *reply)
{
	const char *current, *fresh;
	struct admin_user u;

	if (!call->caller.user_id) {
		api_error(reply, 400, NULL, "the Unix socket has no user: use spotctl admin passwd USER");
		return;
	}
	if (param_string(call, reply, "current_password", 1, PASSWORD_MAX_LEN, &current) < 0 ||
	    param_string(call, reply, "new_password", 1, PASSWORD_MAX_LEN, &fresh) < 0)
		return;
	if (strlen(fresh) < PASSWORD_MIN_LEN) {
		api_error(reply, 400, "new_password", "new_password must have at least %d characters",
			  PASSWORD_MIN_LEN);
		return;
	}
	if (admin_user_get_id(call->app->db, call->caller.user_id, &u) != 0) {
		api_error(reply, 404, NULL, "your user no longer exists");
		return;
	}
	if (password_verify(current, strlen(current), u.password) != 1) {
		api_error(reply, 403, "current_password", "current_password is wrong");
		return;
	}
	if (admin_user_set_password(call->app->db, u.id, fresh, time(NULL)) != 0 ||
	    admin_session_delete_user(call->app->db, u.id) != 0) {
		api_error(reply, 500, NULL, "database error changing the password");
		return;
	}
	if (call->remote)
		snprintf(reply->set_cookie, sizeof(reply->set_cookie),
			 "spotgate_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0%s",
			 call->tls ? "; Secure" : "");
	api_ok(reply, 200, json_pack("{s:s, s:s}", "user", u.username, "message",
				     "password changed; log in again"));
}

const struct api_route session_routes[] = {
	{ "POST", "/api/v1/session", login, API_PUBLIC },
	{ "GET", "/api/v1/session", get_session, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "DELETE", "/api/v1/session", logout, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "PUT", "/api/v1/session/password", change_password, ROLE_OPERATOR | ROLE_AUDITOR },
	{ 0 },
};
