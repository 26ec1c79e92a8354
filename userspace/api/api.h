/* The admin JSON API, independent of transport: a handler takes a call
 * (method, path parameters, query, JSON body) and fills a reply (status and
 * JSON, or raw bytes for exports). http.c adapts it to h2o; the unit tests
 * call it directly. Errors are {"error": {"message": ..., "field": ...}}. */
#ifndef SPOTGATE_API_H
#define SPOTGATE_API_H

#include <jansson.h>
#include <stddef.h>

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
};

struct api_reply {
	int status;
	json_t *json;			/* owned by the reply */
	const char *content_type;	/* for raw replies */
	char *raw;			/* malloc'd raw body (CSV, PDF), owned */
	size_t raw_len;
};

typedef void (*api_handler)(struct api_call *call, struct api_reply *reply);

struct api_route {
	const char *method;
	const char *pattern;		/* "/api/v1/plans/:id" */
	api_handler handle;
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

#endif
