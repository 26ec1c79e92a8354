/* The admin JSON API, independent of transport: a handler takes a call
 * (method, path parameters, query, JSON body) and fills a reply (status and
 * JSON, or raw bytes for exports). http.c adapts it to h2o; the unit tests
 * call it directly. Errors are {"error": {"message": ..., "field": ...}}. */
#ifndef SPOTGATE_API_H
#define SPOTGATE_API_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

#define API_MAX_PARAMS 4
#define API_PARAM_LEN 128

struct api_call {
	struct app *app;
	const char *method;
	const char *path;
	const char *query;		/* after '?', not decoded; may be NULL */
	size_t query_len;
	json_t *body;			/* parsed JSON object; never NULL */
	char params[API_MAX_PARAMS][API_PARAM_LEN];	/* ":name" path segments */
	int nparams;
	/* Set by the transport: remote = 0 is the Unix socket (the machine's
	 * administrator, user "local"); TCP callers must log in (api/admin_guard.c). */
	int remote;
	int tls;
	char peer[64];			/* the client's address, or "local" */
	const char *cookie;		/* the Cookie header(s), NULL when none */
	const char *csrf_token;		/* the X-CSRF-Token header, NULL when none */
	const char *content_type;
	/* Who is calling, filled by the guard before the handler runs, so
	 * handlers can restrict an operator to their location. */
	struct api_caller {
		int64_t user_id;	/* 0 for "local" */
		char user[72];
		unsigned role;		/* one ROLE_* bit; 0 = not logged in */
		int64_t location_id;	/* an operator's location, else 0 */
		char session[72];	/* the session token, "" when none */
		char csrf[72];		/* the session's CSRF token */
	} caller;
};

struct api_reply {
	int status;
	json_t *json;			/* owned by the reply */
	const char *content_type;	/* for raw replies */
	char *raw;			/* malloc'd raw body (CSV, PDF), owned */
	size_t raw_len;
	char set_cookie[256];		/* a Set-Cookie header to send, "" for none */
};

typedef void (*api_handler)(struct api_call *call, struct api_reply *reply);

/* Who may call a route besides an admin (who may call every route). The
 * Unix socket is the machine's own administrator; TCP callers have a role. */
enum api_role {
	ROLE_ADMIN = 1u << 0,
	ROLE_OPERATOR = 1u << 1,	/* receptionist: vouchers, quick tickets, sessions */
	ROLE_AUDITOR = 1u << 2,		/* read-only reports */
	API_PUBLIC = 1u << 7,		/* no login needed (logging in, public /metrics) */
};

struct api_route {
	const char *method;
	const char *pattern;		/* "/api/v1/plans/:id" */
	api_handler handle;
	unsigned allow;			/* ROLE_* bits besides admin; 0 = admin only */
};

/* Routes the call; fills reply with 404/405 when nothing matches. */
void api_dispatch(struct api_call *call, struct api_reply *reply);

/* Reply helpers. api_ok takes ownership of json. */
void api_ok(struct api_reply *reply, int status, json_t *json);
void api_error(struct api_reply *reply, int status, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void api_reply_free(struct api_reply *reply);

/* Decoded query parameter into buf; returns 0, -ENOENT when absent, -E2BIG
 * when longer than size, -EINVAL when it decodes to a NUL byte. */
int api_query(const struct api_call *call, const char *name, char *buf, size_t size);

/* The route tables, one per resource module (see routes.c). */
extern const struct api_route status_routes[];
extern const struct api_route nas_routes[];
extern const struct api_route plan_routes[];
extern const struct api_route voucher_routes[];
extern const struct api_route account_routes[];
extern const struct api_route report_routes[];
extern const struct api_route sites_routes[];
extern const struct api_route session_routes[];
extern const struct api_route admin_user_routes[];
extern const struct api_route audit_routes[];
extern const struct api_route metrics_routes[];
extern const struct api_route client_routes[];
extern const struct api_route acl_routes[];
extern const struct api_route garden_routes[];
extern const struct api_route order_routes[];
extern const struct api_route session_kick_routes[];
extern const struct api_route settings_routes[];
extern const struct api_route report_dashboard_routes[];
extern const struct api_route location_routes[];

/* The guard (api/admin_guard.c): the session, CSRF and role checks a route
 * needs before its handler runs; returns 0, or fills reply with 401/403. */
int api_guard(struct api_call *call, const struct api_route *route, struct api_reply *reply);
/* Runs route's handler; an unsafe method (POST, PUT, PATCH, DELETE) runs in
 * one transaction together with its audit_log row (written on 2xx). */
void api_run(struct api_call *call, const struct api_route *route, struct api_reply *reply);
/* For handlers that decide themselves whether a login is needed (/metrics):
 * 0 when the caller is logged in with a role in allow (or admin), else fills
 * reply with 401/403. */
int api_require(struct api_call *call, struct api_reply *reply, unsigned allow);
/* "admin", "operator", "auditor" for one ROLE_* bit, and back (0 = unknown). */
const char *api_role_name(unsigned role);
unsigned api_role_parse(const char *name);

#endif
