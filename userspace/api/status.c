/* GET /api/v1/status: what spotctl status prints. */
#include <time.h>

#include "api/api.h"
#include "radiusd/server.h"
#include "store/db.h"
#include "store/settings.h"

/* Tables whose row counts status reports, when they exist in this schema. */
static const char *const counted_tables[] = {
	"locations", "plans", "voucher_batches", "vouchers", "accounts", "sessions", "nas_clients",
};

static void get_status(struct api_call *call, struct api_reply *reply)
{
	struct app *app = call->app;
	json_t *counts = json_object();

	for (size_t i = 0; i < sizeof(counted_tables) / sizeof(counted_tables[0]); i++) {
		long long n = db_count(app->db, counted_tables[i]);

		if (n >= 0)
			json_object_set_new(counts, counted_tables[i], json_integer(n));
	}
	json_t *radius = json_null();
	char currency[8] = "EUR";

	settings_get(app->db, "currency", currency, sizeof(currency));

	if (app->radius) {
		const struct radius_stats *s = &app->radius->stats;
		char auth[64], acct[64];

		radius_server_address(app->radius, 0, auth, sizeof(auth));
		radius_server_address(app->radius, 1, acct, sizeof(acct));
		radius = json_pack("{s:s, s:s, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}}",
				   "auth_listen", auth, "acct_listen", acct, "counters",
				   "received", (json_int_t)s->received,
				   "malformed", (json_int_t)s->malformed,
				   "unknown_nas", (json_int_t)s->unknown_nas,
				   "bad_authenticator", (json_int_t)s->bad_authenticator,
				   "missing_message_authenticator", (json_int_t)s->missing_message_authenticator,
				   "wrong_port", (json_int_t)s->wrong_port,
				   "duplicates", (json_int_t)s->duplicates,
				   "access_accepts", (json_int_t)s->access_accepts,
				   "access_rejects", (json_int_t)s->access_rejects,
				   "accounting_responses", (json_int_t)s->accounting_responses,
				   "status_server", (json_int_t)s->status_server,
				   "handler_drops", (json_int_t)s->handler_drops);
	}
	api_ok(reply, 200,
	       json_pack("{s:s, s:I, s:I, s:s, s:i, s:s, s:s?, s:s, s:o, s:o}",
			 "version", SPOTGATE_VERSION,
			 "started_at", (json_int_t)app->started_at,
			 "uptime_seconds", (json_int_t)(time(NULL) - app->started_at),
			 "database", app->cfg.db_path,
			 "schema_version", db_schema_version(app->db),
			 "mode", run_mode_name(app->cfg.mode),
			 "lan", app->cfg.lan[0] ? app->cfg.lan : NULL,
			 "currency", currency,
			 "counts", counts,
			 "radius", radius));
}

const struct api_route status_routes[] = {
	{ "GET", "/api/v1/status", get_status, ROLE_OPERATOR | ROLE_AUDITOR },
	{ 0 },
};
