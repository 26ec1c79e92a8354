#include "metrics/builtin.h"

#include <time.h>

#include "radiusd/server.h"
#include "store/db.h"

static void collect_process(struct metrics_out *o, void *arg)
{
	struct app *app = arg;

	metrics_family(o, "spotgate_build_info", "gauge", "Always 1; the version of the running spotgated.");
	metrics_sample(o, NULL, 1, "version", SPOTGATE_VERSION, "mode", run_mode_name(app->cfg.mode), NULL);
	metrics_family(o, "spotgate_start_time_seconds", "gauge",
		       "When spotgated started, in seconds since the Unix epoch.");
	metrics_sample(o, NULL, (double)app->started_at, NULL);
	metrics_family(o, "spotgate_uptime_seconds", "gauge", "Seconds since spotgated started.");
	metrics_sample(o, NULL, (double)(time(NULL) - app->started_at), NULL);
}

static void collect_radius(struct metrics_out *o, void *arg)
{
	struct app *app = arg;
	const struct radius_stats *s;

	if (!app->radius)
		return;			/* the RADIUS server is off */
	s = &app->radius->stats;
	metrics_family(o, "spotgate_radius_received_total", "counter",
		       "RADIUS datagrams received on the authentication and accounting ports.");
	metrics_sample(o, NULL, (double)s->received, NULL);
	metrics_family(o, "spotgate_radius_dropped_total", "counter",
		       "RADIUS requests dropped without an answer, by reason.");
	metrics_sample(o, NULL, (double)s->malformed, "reason", "malformed", NULL);
	metrics_sample(o, NULL, (double)s->unknown_nas, "reason", "unknown_nas", NULL);
	metrics_sample(o, NULL, (double)s->bad_authenticator, "reason", "bad_authenticator", NULL);
	metrics_sample(o, NULL, (double)s->missing_message_authenticator, "reason",
		       "missing_message_authenticator", NULL);
	metrics_sample(o, NULL, (double)s->wrong_port, "reason", "wrong_port", NULL);
	metrics_sample(o, NULL, (double)s->handler_drops, "reason", "handler", NULL);
	metrics_family(o, "spotgate_radius_duplicates_total", "counter",
		       "RADIUS retransmissions answered from the reply cache or still pending.");
	metrics_sample(o, NULL, (double)s->duplicates, NULL);
	metrics_family(o, "spotgate_radius_responses_total", "counter", "RADIUS responses sent, by code.");
	metrics_sample(o, NULL, (double)s->access_accepts, "code", "access_accept", NULL);
	metrics_sample(o, NULL, (double)s->access_rejects, "code", "access_reject", NULL);
	metrics_sample(o, NULL, (double)s->accounting_responses, "code", "accounting_response", NULL);
	metrics_family(o, "spotgate_radius_status_server_total", "counter",
		       "RADIUS Status-Server requests answered.");
	metrics_sample(o, NULL, (double)s->status_server, NULL);
}

static long long scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void collect_tables(struct metrics_out *o, void *arg)
{
	static const char *const states[] = { "unused", "active", "depleted", "expired", "revoked" };
	struct app *app = arg;
	long long n;

	if (db_count(app->db, "vouchers") >= 0) {
		metrics_family(o, "spotgate_vouchers", "gauge", "Vouchers (tickets) by state.");
		for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
			sqlite3_stmt *st;

			n = 0;
			if (sqlite3_prepare_v2(app->db, "SELECT count(*) FROM vouchers WHERE state = ?", -1,
					       &st, NULL) == SQLITE_OK) {
				sqlite3_bind_text(st, 1, states[i], -1, SQLITE_STATIC);
				if (sqlite3_step(st) == SQLITE_ROW)
					n = sqlite3_column_int64(st, 0);
				sqlite3_finalize(st);
			}
			metrics_sample(o, NULL, (double)n, "state", states[i], NULL);
		}
	}
	if ((n = db_count(app->db, "accounts")) >= 0) {
		metrics_family(o, "spotgate_accounts", "gauge", "Guest accounts.");
		metrics_sample(o, NULL, (double)n, NULL);
	}
	if (db_count(app->db, "sessions") >= 0 &&
	    (n = scalar(app->db, "SELECT count(*) FROM sessions WHERE stopped_at IS NULL")) >= 0) {
		metrics_family(o, "spotgate_sessions_online", "gauge", "Guest sessions not yet stopped.");
		metrics_sample(o, NULL, (double)n, NULL);
	}
	if (db_count(app->db, "admin_sessions") >= 0 &&
	    (n = scalar(app->db, "SELECT count(*) FROM admin_sessions")) >= 0) {
		metrics_family(o, "spotgate_admin_sessions", "gauge",
			       "Admin logins not yet ended (expired ones count until purged at the next login).");
		metrics_sample(o, NULL, (double)n, NULL);
	}
}

void metrics_register_builtin(struct metrics *m, struct app *app)
{
	metrics_register(m, collect_process, app);
	metrics_register(m, collect_radius, app);
	metrics_register(m, collect_tables, app);
}
