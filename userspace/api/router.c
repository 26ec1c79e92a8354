#include "api/api.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every resource module's table; add a module here and nowhere else. */
static const struct api_route *const tables[] = {
	status_routes,
	nas_routes,
	plan_routes,
	voucher_routes,
	account_routes,
	report_routes,
	sites_routes,
	session_routes,
	admin_user_routes,
	audit_routes,
	metrics_routes,
	client_routes,
	acl_routes,
	garden_routes,
	session_kick_routes,
	settings_routes,
	report_dashboard_routes,
	order_routes,
	location_routes,
};

/* Matches "/api/v1/plans/:id" against a path, capturing ":name" segments. */
static int match(const char *pattern, const char *path, struct api_call *call)
{
	int n = 0;

	while (*pattern && *path) {
		if (*pattern == ':') {
			size_t len = strcspn(path, "/");

			int outlen = 0;
			char *decoded;

			if (len == 0 || len >= API_PARAM_LEN || n == API_MAX_PARAMS)
				return 0;
			/* a segment may be percent-encoded: "%2B4915..." is "+4915..." */
			decoded = curl_easy_unescape(NULL, path, (int)len, &outlen);
			if (!decoded || memchr(decoded, '\0', (size_t)outlen)) {
				curl_free(decoded);
				return 0;
			}
			memcpy(call->params[n], decoded, (size_t)outlen + 1);
			curl_free(decoded);
			n++;
			pattern += strcspn(pattern, "/");
			path += len;
			continue;
		}
		if (*pattern++ != *path++)
			return 0;
	}
	if (*pattern || (*path && strcmp(path, "/") != 0))
		return 0;
	call->nparams = n;
	return 1;
}

void api_dispatch(struct api_call *call, struct api_reply *reply)
{
	int path_matched = 0;

	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++) {
		for (const struct api_route *r = tables[t]; r->pattern; r++) {
			if (!match(r->pattern, call->path, call))
				continue;
			path_matched = 1;
			if (strcmp(r->method, call->method) == 0) {
				if (api_guard(call, r, reply) == 0)
					api_run(call, r, reply);
				return;
			}
		}
	}
	/* over TCP, what exists is only told to those logged in */
	if (api_require(call, reply, ROLE_OPERATOR | ROLE_AUDITOR) != 0)
		return;
	if (path_matched)
		api_error(reply, 405, NULL, "method %s not allowed on %s", call->method, call->path);
	else
		api_error(reply, 404, NULL, "no such resource: %s", call->path);
}

void api_ok(struct api_reply *reply, int status, json_t *json)
{
	reply->status = status;
	reply->json = json;
}

void api_error(struct api_reply *reply, int status, const char *field, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	json_t *err;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	err = json_pack("{s:s}", "message", msg);
	if (field)
		json_object_set_new(err, "field", json_string(field));
	json_decref(reply->json);
	reply->status = status;
	reply->json = json_pack("{s:o}", "error", err);
}

void api_reply_free(struct api_reply *reply)
{
	json_decref(reply->json);
	free(reply->raw);
	reply->json = NULL;
	reply->raw = NULL;
}

int api_query(const struct api_call *call, const char *name, char *buf, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = call->query, *end = call->query + call->query_len;

	if (!p)
		return -ENOENT;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *stop = amp ? amp : end;

		if ((size_t)(stop - p) >= nlen && memcmp(p, name, nlen) == 0 &&
		    (p + nlen == stop || p[nlen] == '=')) {
			const char *v = p + nlen == stop ? stop : p + nlen + 1;
			size_t vlen = (size_t)(stop - v);
			char raw[1024];
			int outlen = 0, rc = 0;
			char *decoded;

			if (vlen >= sizeof(raw))
				return -E2BIG;
			if (vlen == 0) {	/* curl would take a length of 0 as "use strlen" */
				if (size == 0)
					return -E2BIG;
				buf[0] = '\0';
				return 0;
			}
			/* form encoding: '+' is a space, before %-decoding turns %2B into '+' */
			for (size_t i = 0; i < vlen; i++)
				raw[i] = v[i] == '+' ? ' ' : v[i];
			decoded = curl_easy_unescape(NULL, raw, (int)vlen, &outlen);
			if (!decoded)
				return -ENOMEM;
			if ((size_t)outlen >= size)
				rc = -E2BIG;
			else if (memchr(decoded, '\0', (size_t)outlen))
				rc = -EINVAL;
			else
				memcpy(buf, decoded, (size_t)outlen + 1);
			curl_free(decoded);
			return rc;
		}
		p = stop + 1;
	}
	return -ENOENT;
}
