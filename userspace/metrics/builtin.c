#include "metrics/builtin.h"

#include <time.h>

#include "gateway/gateway.h"
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

/* Each request once, by its code and what became of it; only the pairs that
 * can happen (an Access-Request is accepted or rejected, the others are
 * answered; any may be dropped or be a retransmission). */
static void collect_radius_requests(struct metrics_out *o, const struct radius_stats *s)
{
	static const char *const codes[RADIUS_KINDS] = { "access_request", "accounting_request",
							 "status_server", "other" };
	static const char *const results[RADIUS_OUTCOMES] = { "accepted", "rejected", "answered", "dropped",
							      "duplicate" };
	static const unsigned possible[RADIUS_KINDS] = {
		[RADIUS_KIND_ACCESS] = 1u << RADIUS_OUT_ACCEPTED | 1u << RADIUS_OUT_REJECTED |
				       1u << RADIUS_OUT_DROPPED | 1u << RADIUS_OUT_DUPLICATE,
		[RADIUS_KIND_ACCOUNTING] = 1u << RADIUS_OUT_ANSWERED | 1u << RADIUS_OUT_DROPPED |
					   1u << RADIUS_OUT_DUPLICATE,
		[RADIUS_KIND_STATUS] = 1u << RADIUS_OUT_ANSWERED | 1u << RADIUS_OUT_DROPPED |
				       1u << RADIUS_OUT_DUPLICATE,
		[RADIUS_KIND_OTHER] = 1u << RADIUS_OUT_DROPPED,
	};

	metrics_family(o, "spotgate_radius_requests_total", "counter",
		       "RADIUS requests by code and result (dropped: no answer; duplicate: a retransmission).");
	for (int k = 0; k < RADIUS_KINDS; k++)
		for (int r = 0; r < RADIUS_OUTCOMES; r++)
			if (possible[k] & (1u << r))
				metrics_sample(o, NULL, (double)s->requests[k][r], "code", codes[k], "result",
					       results[r], NULL);
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
	collect_radius_requests(o, s);
}

/* Guest traffic from both places that see it: the data plane's counter poll
 * (gateway mode) and the usage NAS devices report in RADIUS accounting. One
 * family, so sum() over source is all guest traffic this daemon billed. */
static void collect_guest_bytes(struct metrics_out *o, void *arg)
{
	struct app *app = arg;
	uint64_t up, down;
	int dataplane = gateway_guest_bytes(app, &up, &down) == 0;

	if (!dataplane && !app->radius)
		return;
	metrics_family(o, "spotgate_guest_bytes_total", "counter",
		       "Guest bytes by direction (up: from the guest) and by who measured them: the data plane's "
		       "counter poll, or RADIUS accounting from a NAS.");
	if (dataplane) {
		metrics_sample(o, NULL, (double)up, "direction", "up", "source", "dataplane", NULL);
		metrics_sample(o, NULL, (double)down, "direction", "down", "source", "dataplane", NULL);
	}
	if (app->radius) {
		const struct radius_stats *s = &app->radius->stats;

		metrics_sample(o, NULL, (double)s->acct_bytes_up, "direction", "up", "source", "radius", NULL);
		metrics_sample(o, NULL, (double)s->acct_bytes_down, "direction", "down", "source", "radius", NULL);
	}
}

static long long scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_release(st);
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
			if (db_prepare(app->db, "SELECT count(*) FROM vouchers WHERE state = ?", &st) == SQLITE_OK) {
				sqlite3_bind_text(st, 1, states[i], -1, SQLITE_STATIC);
				if (sqlite3_step(st) == SQLITE_ROW)
					n = sqlite3_column_int64(st, 0);
				db_release(st);
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
	metrics_register(m, collect_guest_bytes, app);
	metrics_register(m, collect_tables, app);
}
