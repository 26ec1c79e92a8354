/* spotgate_guest_logins_total{method, result}: guest logins as the session
 * layer decided them, whichever way they arrived. */
#include "aaa/aaa.h"
#include "metrics/metrics.h"

static void collect(struct metrics_out *o, void *arg)
{
	static const char *const methods[] = {
		[LOGIN_VOUCHER] = "voucher", [LOGIN_PASSWORD] = "password", [LOGIN_MAC] = "mac",
		[LOGIN_ACCOUNT] = "account", [LOGIN_ANY] = "radius",
	};
	const struct app *app = arg;

	metrics_family(o, "spotgate_guest_logins_total", "counter",
		       "Guest logins by method and result (portal, RADIUS and MAC re-login alike).");
	for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++)
		for (int accepted = 0; accepted < 2; accepted++)
			metrics_sample(o, NULL, (double)app->guest_logins[m][accepted], "method", methods[m], "result",
				       accepted ? "accepted" : "rejected", NULL);
}

void aaa_metrics_register(struct app *app)
{
	if (app->metrics)
		metrics_register(app->metrics, collect, app);
}
