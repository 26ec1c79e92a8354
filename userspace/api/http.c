#include "api/http.h"

#include <string.h>

#include "api/admin.h"
#include "api/api.h"
#include "app/app.h"
#include "app/group_commit.h"
#include "common/log.h"
#include "http/server.h"
#include "metrics/metrics.h"
#include "remote_aaa/api.h"

#define API_MAX_PATH 512

static int on_api_request(h2o_handler_t *self, h2o_req_t *req)
{
	struct api_call call = { .app = http_route_data(self) };
	struct api_reply reply = { 0 };
	char method[16] = "", path[API_MAX_PATH] = "";

	/* the admin's change is its own transaction, answered once committed:
	 * first end any group of guest writes this turn has opened */
	group_commit_flush(call.app->commit);
	admin_http_caller(req, &call);	/* who: Unix socket or TCP peer, cookie, CSRF token */
	/* path_normalized has no query string; query_at indexes the raw path */
	if (req->method.len >= sizeof(method) || req->path_normalized.len >= sizeof(path)) {
		api_error(&reply, 414, NULL, "request line too long");
		goto send;
	}
	memcpy(method, req->method.base, req->method.len);
	method[req->method.len] = '\0';
	memcpy(path, req->path_normalized.base, req->path_normalized.len);
	path[req->path_normalized.len] = '\0';
	call.method = method;
	call.path = path;
	if (req->query_at != SIZE_MAX) {
		call.query = req->path.base + req->query_at + 1;
		call.query_len = req->path.len - req->query_at - 1;
	}

	if (req->entity.base && req->entity.len) {
		json_error_t jerr;

		call.body = json_loadb(req->entity.base, req->entity.len, JSON_REJECT_DUPLICATES, &jerr);
		if (!call.body || !json_is_object(call.body)) {
			api_error(&reply, 400, NULL, "request body is not a JSON object: %s",
				  call.body ? "another JSON type" : jerr.text);
			goto send;
		}
	} else {
		call.body = json_object();
	}
	api_dispatch(&call, &reply);

send:
	json_decref(call.body);
	admin_http_headers(req, &call, &reply);
	if (call.app->metrics)
		metrics_api_request(call.app->metrics, method, reply.status);
	if (reply.raw) {
		http_respond(req, reply.status, reply.content_type, reply.raw, reply.raw_len);
	} else {
		char *text = json_dumps(reply.json, JSON_COMPACT);
		size_t len = text ? strlen(text) : 0;

		http_respond(req, reply.status, "application/json", text ? text : "", len);
		free(text);
	}
	log_debug("api", "request method=%s path=%s status=%d", method, path, reply.status);
	api_reply_free(&reply);
	return 0;
}

void api_http_register(h2o_hostconf_t *host, struct app *app)
{
	/* routes that answer later, when a RADIUS server has; before "/api" */
	remote_aaa_api_register(host, app);
	http_server_route(host, "/api", on_api_request, app);
	http_server_route(host, "/metrics", on_api_request, app);
}
