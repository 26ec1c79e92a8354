/* GET /api/v1/reports/dashboard: the numbers on the web admin's first page,
 * in one read: guests online, logins and revenue since the start of today
 * (the location's calendar day) and the traffic of the last 24 hours in
 * hourly buckets. Traffic comes from the usage records (CDRs), each counted
 * in the hour it stopped: a session's bytes show up when it ends or
 * switches rate, which is what the records know. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "billing/tz.h"
#include "store/stmt_cache.h"

#define DASH_HOURS 24

static int64_t count_of(sqlite3 *db, const char *sql, int64_t arg)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, arg);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_release(st);
	return n;
}

/* per currency, as GET /api/v1/reports/revenue sums them */
static json_t *revenue_since(sqlite3 *db, int64_t from, int64_t to)
{
	static const char *const sql =
		"SELECT currency, sum(amount) FROM ("
		" SELECT pv.currency AS currency, pv.price AS amount FROM vouchers v"
		" JOIN plan_versions pv ON pv.plan_id = v.plan_id AND pv.version = v.plan_version"
		" WHERE v.first_used_at >= ?1 AND v.first_used_at < ?2 AND pv.payment = 'prepaid'"
		" UNION ALL"
		" SELECT pv.currency, pv.price FROM accounts a"
		" JOIN plan_versions pv ON pv.plan_id = a.plan_id AND pv.version = a.plan_version"
		" WHERE a.kind <> 'voucher' AND a.created_at >= ?1 AND a.created_at < ?2 AND pv.payment = 'prepaid'"
		" UNION ALL"
		" SELECT currency, charge FROM usage_records WHERE stop_at >= ?1 AND stop_at < ?2 AND charge <> 0"
		") GROUP BY currency ORDER BY currency";
	sqlite3_stmt *st;
	json_t *rows = json_array();

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return rows;
	sqlite3_bind_int64(st, 1, from);
	sqlite3_bind_int64(st, 2, to);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(rows, json_pack("{s:s, s:I}", "currency", (const char *)sqlite3_column_text(st, 0),
						      "amount", (json_int_t)sqlite3_column_int64(st, 1)));
	db_release(st);
	return rows;
}

/* DASH_HOURS buckets ending with the current hour */
static json_t *traffic_by_hour(sqlite3 *db, int64_t now)
{
	int64_t first = (now / 3600 - (DASH_HOURS - 1)) * 3600;
	int64_t up[DASH_HOURS] = { 0 }, down[DASH_HOURS] = { 0 };
	sqlite3_stmt *st;
	json_t *hours = json_array();

	if (db_prepare(db,
		       "SELECT (stop_at - ?1) / 3600, sum(bytes_up), sum(bytes_down) FROM usage_records "
		       "WHERE stop_at >= ?1 AND stop_at < ?2 GROUP BY 1", &st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, first);
		sqlite3_bind_int64(st, 2, first + DASH_HOURS * 3600);
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t h = sqlite3_column_int64(st, 0);

			if (h >= 0 && h < DASH_HOURS) {
				up[h] = sqlite3_column_int64(st, 1);
				down[h] = sqlite3_column_int64(st, 2);
			}
		}
		db_release(st);
	}
	for (int h = 0; h < DASH_HOURS; h++)
		json_array_append_new(hours, json_pack("{s:I, s:I, s:I}", "at", (json_int_t)(first + h * 3600),
						       "bytes_up", (json_int_t)up[h], "bytes_down", (json_int_t)down[h]));
	return hours;
}

static void dashboard(struct api_call *call, struct api_reply *reply)
{
	sqlite3 *db = call->app->db;
	int64_t now = time(NULL);
	int64_t today = tz_start_of_day(call->app->zone, now);
	int64_t online = count_of(db, "SELECT count(*) FROM sessions WHERE stopped_at IS NULL AND ?1 = ?1", 0);
	int64_t logins = count_of(db, "SELECT count(*) FROM sessions WHERE started_at >= ?1", today);

	if (online < 0 || logins < 0) {
		api_error(reply, 500, NULL, "database error reading sessions");
		return;
	}
	api_ok(reply, 200, json_pack("{s:I, s:I, s:I, s:I, s:o, s:o}", "now", (json_int_t)now,
				     "today_from", (json_int_t)today, "guests_online", (json_int_t)online,
				     "logins_today", (json_int_t)logins,
				     "revenue_today", revenue_since(db, today, now + 1),
				     "traffic_24h", traffic_by_hour(db, now)));
}

const struct api_route report_dashboard_routes[] = {
	{ "GET", "/api/v1/reports/dashboard", dashboard, ROLE_AUDITOR },
	{ 0 },
};
