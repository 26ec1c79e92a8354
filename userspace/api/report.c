/* /api/v1/reports: usage per day, plan or location, revenue, top users and
 * session history, over [from, to). Days are the location's calendar days
 * (its UTC offset at each record's stop time). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/locations.h"
#include "api/params.h"
#include "billing/tz.h"
#include "store/stmt_cache.h"

struct span {
	int64_t from, to;
};

/* ?from=&to= (epoch seconds); the last 30 days by default */
static int read_span(struct api_call *call, struct api_reply *reply, struct span *s)
{
	s->to = time(NULL) + 1;
	s->from = s->to - 30 * 86400;
	if (query_int(call, reply, "from", 0, 0, INT64_MAX, &s->from) < 0 ||
	    query_int(call, reply, "to", 0, 0, INT64_MAX, &s->to) < 0)
		return -EINVAL;
	if (s->to <= s->from) {
		api_error(reply, 400, "to", "to must be after from");
		return -EINVAL;
	}
	return 0;
}

static json_t *span_json(const struct span *s)
{
	return json_pack("{s:I, s:I}", "from", (json_int_t)s->from, "to", (json_int_t)s->to);
}

/* GET /api/v1/reports/usage?group=day|plan|location */
static void usage(struct api_call *call, struct api_reply *reply)
{
	static const char *const groups[] = { "day", "plan", "location", NULL };
	static const char *const keys[] = {
		/* the day's key is computed per row below */
		"0",
		"p.name",
		"l.name",
	};
	char group[16] = "day", sql[1024];
	struct span s;
	sqlite3_stmt *st;
	json_t *rows = json_array();
	int g = 0;

	if (read_span(call, reply, &s)) {
		json_decref(rows);
		return;
	}
	api_query(call, "group", group, sizeof(group));
	for (g = 0; groups[g] && strcmp(groups[g], group) != 0; g++)
		;
	if (!groups[g]) {
		json_decref(rows);
		api_error(reply, 400, "group", "group must be day, plan or location, not \"%s\"", group);
		return;
	}
	snprintf(sql, sizeof(sql),
		 "SELECT %s, u.stop_at, u.seconds, u.bytes_up, u.bytes_down, u.charge, u.currency, u.session_id "
		 "FROM usage_records u JOIN plans p ON p.id = u.plan_id JOIN locations l ON l.id = p.location_id "
		 "WHERE u.stop_at >= ? AND u.stop_at < ? ORDER BY u.stop_at",
		 keys[g]);
	if (sqlite3_prepare_v2(call->app->db, sql, -1, &st, NULL) != SQLITE_OK) {
		json_decref(rows);
		api_error(reply, 500, NULL, "database error reading usage");
		return;
	}
	sqlite3_bind_int64(st, 1, s.from);
	sqlite3_bind_int64(st, 2, s.to);
	/* aggregate in C so days follow the location's zone */
	json_t *by_key = json_object();
	while (sqlite3_step(st) == SQLITE_ROW) {
		char key[96];
		json_t *row;

		if (g == 0) {
			struct civil c;

			tz_to_local(call->app->zone, sqlite3_column_int64(st, 1), &c);
			snprintf(key, sizeof(key), "%04d-%02d-%02d", c.year, c.month, c.day);
		} else {
			snprintf(key, sizeof(key), "%s", sqlite3_column_text(st, 0));
		}
		row = json_object_get(by_key, key);
		if (!row) {
			row = json_pack("{s:s, s:I, s:I, s:I, s:I, s:s, s:o}", "key", key, "seconds", (json_int_t)0,
					"bytes_up", (json_int_t)0, "bytes_down", (json_int_t)0, "charge", (json_int_t)0,
					"currency", (const char *)sqlite3_column_text(st, 6), "sessions", json_object());
			json_object_set_new(by_key, key, row);
			json_array_append(rows, row);
		}
		json_object_set_new(row, "seconds", json_integer(json_integer_value(json_object_get(row, "seconds")) +
							      sqlite3_column_int64(st, 2)));
		json_object_set_new(row, "bytes_up", json_integer(json_integer_value(json_object_get(row, "bytes_up")) +
							       sqlite3_column_int64(st, 3)));
		json_object_set_new(row, "bytes_down",
				    json_integer(json_integer_value(json_object_get(row, "bytes_down")) +
						 sqlite3_column_int64(st, 4)));
		json_object_set_new(row, "charge", json_integer(json_integer_value(json_object_get(row, "charge")) +
							     sqlite3_column_int64(st, 5)));
		char sid[24];
		snprintf(sid, sizeof(sid), "%lld", (long long)sqlite3_column_int64(st, 7));
		json_object_set_new(json_object_get(row, "sessions"), sid, json_true());
	}
	db_release(st);
	/* the set of sessions becomes their count */
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row)
		json_object_set_new(row, "sessions", json_integer((json_int_t)json_object_size(json_object_get(row, "sessions"))));
	json_decref(by_key);
	api_ok(reply, 200, json_pack("{s:s, s:o, s:o}", "group", groups[g], "span", span_json(&s), "rows", rows));
}

/* GET /api/v1/reports/revenue: tickets sold (prepaid tickets at their first
 * login, quick tickets and accounts at creation) and postpaid charges */
static void revenue(struct api_call *call, struct api_reply *reply)
{
	static const char *const sql =
		"SELECT 'vouchers', pv.currency, count(*), coalesce(sum(pv.price), 0) FROM vouchers v "
		"JOIN plan_versions pv ON pv.plan_id = v.plan_id AND pv.version = v.plan_version "
		"WHERE v.first_used_at >= ?1 AND v.first_used_at < ?2 AND pv.payment = 'prepaid' GROUP BY pv.currency "
		"UNION ALL "
		"SELECT 'accounts', pv.currency, count(*), coalesce(sum(pv.price), 0) FROM accounts a "
		"JOIN plan_versions pv ON pv.plan_id = a.plan_id AND pv.version = a.plan_version "
		"WHERE a.kind <> 'voucher' AND a.created_at >= ?1 AND a.created_at < ?2 AND pv.payment = 'prepaid' "
		"GROUP BY pv.currency "
		"UNION ALL "
		"SELECT 'postpaid', currency, count(DISTINCT session_id), coalesce(sum(charge), 0) FROM usage_records "
		"WHERE stop_at >= ?1 AND stop_at < ?2 AND charge <> 0 GROUP BY currency";
	struct span s;
	sqlite3_stmt *st;
	json_t *rows;

	if (read_span(call, reply, &s))
		return;
	if (sqlite3_prepare_v2(call->app->db, sql, -1, &st, NULL) != SQLITE_OK) {
		api_error(reply, 500, NULL, "database error reading revenue");
		return;
	}
	sqlite3_bind_int64(st, 1, s.from);
	sqlite3_bind_int64(st, 2, s.to);
	rows = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(rows, json_pack("{s:s, s:s, s:I, s:I}", "source", (const char *)sqlite3_column_text(st, 0),
						      "currency", (const char *)sqlite3_column_text(st, 1),
						      "count", (json_int_t)sqlite3_column_int64(st, 2),
						      "amount", (json_int_t)sqlite3_column_int64(st, 3)));
	db_release(st);
	api_ok(reply, 200, json_pack("{s:o, s:o}", "span", span_json(&s), "rows", rows));
}

/* GET /api/v1/reports/top-users?by=bytes|time&limit=N */
static void top_users(struct api_call *call, struct api_reply *reply)
{
	char by[8] = "bytes", sql[512];
	int64_t limit = 10;
	struct span s;
	sqlite3_stmt *st;
	json_t *rows;

	if (read_span(call, reply, &s) || query_int(call, reply, "limit", 0, 1, 1000, &limit) < 0)
		return;
	api_query(call, "by", by, sizeof(by));
	if (strcmp(by, "bytes") != 0 && strcmp(by, "time") != 0) {
		api_error(reply, 400, "by", "by must be bytes or time, not \"%s\"", by);
		return;
	}
	snprintf(sql, sizeof(sql),
		 "SELECT u.account_id, coalesce(a.username, ''), sum(u.seconds), sum(u.bytes_up + u.bytes_down), "
		 "count(DISTINCT u.session_id) FROM usage_records u LEFT JOIN accounts a ON a.id = u.account_id "
		 "WHERE u.stop_at >= ? AND u.stop_at < ? GROUP BY u.account_id ORDER BY %s DESC LIMIT ?",
		 strcmp(by, "time") == 0 ? "sum(u.seconds)" : "sum(u.bytes_up + u.bytes_down)");
	if (sqlite3_prepare_v2(call->app->db, sql, -1, &st, NULL) != SQLITE_OK) {
		api_error(reply, 500, NULL, "database error reading usage");
		return;
	}
	sqlite3_bind_int64(st, 1, s.from);
	sqlite3_bind_int64(st, 2, s.to);
	sqlite3_bind_int64(st, 3, limit);
	rows = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(rows, json_pack("{s:I, s:s, s:I, s:I, s:I}",
			"account", (json_int_t)sqlite3_column_int64(st, 0), "username", (const char *)sqlite3_column_text(st, 1),
			"seconds", (json_int_t)sqlite3_column_int64(st, 2), "bytes", (json_int_t)sqlite3_column_int64(st, 3),
			"sessions", (json_int_t)sqlite3_column_int64(st, 4)));
	db_release(st);
	api_ok(reply, 200, json_pack("{s:s, s:o, s:o}", "by", by, "span", span_json(&s), "rows", rows));
}

/* GET /api/v1/reports/sessions?online=1&account=&page= : session history */
static void sessions(struct api_call *call, struct api_reply *reply)
{
	struct page page;
	struct span s;
	int64_t online = 0, account = 0, total = 0, location;
	sqlite3_stmt *st;
	json_t *items;
	static const char *const where =
		" FROM sessions s JOIN accounts a ON a.id = s.account_id JOIN plans p ON p.id = a.plan_id"
		" WHERE s.started_at < ?2 AND coalesce(s.stopped_at, ?2) >= ?1 AND (?3 = 0 OR s.stopped_at IS NULL)"
		" AND (?4 = 0 OR s.account_id = ?4) AND (?7 = 0 OR p.location_id = ?7)";
	char sql[768];

	if (read_span(call, reply, &s) || param_page(call, reply, 50, 1000, &page) ||
	    query_int(call, reply, "online", 0, 0, 1, &online) < 0 ||
	    query_int(call, reply, "account", 0, 1, INT64_MAX, &account) < 0 ||
	    api_query_location(call, reply, &location))
		return;
	snprintf(sql, sizeof(sql), "SELECT count(*)%s", where);
	if (sqlite3_prepare_v2(call->app->db, sql, -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, s.from);
		sqlite3_bind_int64(st, 2, s.to);
		sqlite3_bind_int(st, 3, (int)online);
		sqlite3_bind_int64(st, 4, account);
		sqlite3_bind_int64(st, 7, location);
		if (sqlite3_step(st) == SQLITE_ROW)
			total = sqlite3_column_int64(st, 0);
		db_release(st);
	}
	snprintf(sql, sizeof(sql),
		 "SELECT s.id, s.account_id, coalesce(a.username, ''), coalesce(s.mac, ''), coalesce(s.ip, ''), "
		 "coalesce(s.nas_id, 0), s.started_at, s.stopped_at, coalesce(s.stop_cause, ''), s.seconds, s.bytes_up, "
		 "s.bytes_down, s.charge%s ORDER BY s.id DESC LIMIT ?5 OFFSET ?6", where);
	if (sqlite3_prepare_v2(call->app->db, sql, -1, &st, NULL) != SQLITE_OK) {
		api_error(reply, 500, NULL, "database error reading sessions");
		return;
	}
	sqlite3_bind_int64(st, 1, s.from);
	sqlite3_bind_int64(st, 2, s.to);
	sqlite3_bind_int(st, 3, (int)online);
	sqlite3_bind_int64(st, 4, account);
	sqlite3_bind_int64(st, 7, location);
	sqlite3_bind_int64(st, 5, page.per_page);
	sqlite3_bind_int64(st, 6, (page.page - 1) * page.per_page);
	items = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I, s:I, s:o, s:s, s:I, s:I, s:I, s:I}",
			"id", (json_int_t)sqlite3_column_int64(st, 0), "account", (json_int_t)sqlite3_column_int64(st, 1),
			"username", (const char *)sqlite3_column_text(st, 2), "mac", (const char *)sqlite3_column_text(st, 3),
			"ip", (const char *)sqlite3_column_text(st, 4), "nas", (json_int_t)sqlite3_column_int64(st, 5),
			"started_at", (json_int_t)sqlite3_column_int64(st, 6),
			"stopped_at", sqlite3_column_type(st, 7) == SQLITE_NULL ? json_null() : json_integer(sqlite3_column_int64(st, 7)),
			"stop_cause", (const char *)sqlite3_column_text(st, 8), "seconds", (json_int_t)sqlite3_column_int64(st, 9),
			"bytes_up", (json_int_t)sqlite3_column_int64(st, 10), "bytes_down", (json_int_t)sqlite3_column_int64(st, 11),
			"charge", (json_int_t)sqlite3_column_int64(st, 12)));
	db_release(st);
	api_ok(reply, 200, page_result(items, total, &page));
}

const struct api_route report_routes[] = {
	{ "GET", "/api/v1/reports/usage", usage, ROLE_AUDITOR },
	{ "GET", "/api/v1/reports/revenue", revenue, ROLE_AUDITOR },
	{ "GET", "/api/v1/reports/top-users", top_users, ROLE_AUDITOR },
	{ "GET", "/api/v1/reports/sessions", sessions, ROLE_AUDITOR | ROLE_OPERATOR },
	{ 0 },
};
