/* GET /metrics: Prometheus text exposition format 0.0.4. Needs a login as
 * admin or auditor, unless [admin] metrics_public = yes (for a Prometheus
 * that scrapes the loopback listener without credentials). */
#include <string.h>

#include "api/api.h"
#include "metrics/metrics.h"

static void get_metrics(struct api_call *call, struct api_reply *reply)
{
	struct app *app = call->app;

	if (app->cfg.admin_metrics_public != TOGGLE_YES && api_require(call, reply, ROLE_AUDITOR) != 0)
		return;
	if (!app->metrics) {
		api_error(reply, 503, NULL, "metrics are not collected in this process");
		return;
	}
	reply->raw = metrics_render(app->metrics, &reply->raw_len);
	if (!reply->raw) {
		api_error(reply, 500, NULL, "out of memory writing the metrics");
		return;
	}
	reply->status = 200;
	reply->content_type = "text/plain; version=0.0.4; charset=utf-8";
}

const struct api_route metrics_routes[] = {
	{ "GET", "/metrics", get_metrics, API_PUBLIC },
	{ 0 },
};
