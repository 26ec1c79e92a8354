#define _GNU_SOURCE
#include "auth/audit.h"
#include "store/stmt_cache.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int audit_write(sqlite3 *db, const struct audit_entry *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "INSERT INTO audit_log (at, username, role, peer, method, path, status, summary) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, e->at);
	sqlite3_bind_text(st, 2, e->username ? e->username : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->role ? e->role : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->peer ? e->peer : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->method, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, e->path, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, e->status);
	sqlite3_bind_text(st, 8, e->summary ? e->summary : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int secret_key(const char *key)
{
	size_t len = strlen(key);

	return strcasestr(key, "password") || strcasestr(key, "secret") || strcasestr(key, "token") ||
	       strcasecmp(key, "pin") == 0 || (len > 4 && strcasecmp(key + len - 4, "_pin") == 0);
}

/* a copy of v with secrets masked, recursively */
static json_t *mask(json_t *v)
{
	const char *key;
	json_t *item, *out;
	size_t i;

	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach(v, key, item)
			json_object_set_new(out, key, secret_key(key) ? json_string("***") : mask(item));
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, item)
			json_array_append_new(out, mask(item));
		return out;
	}
	return json_deep_copy(v);
}

char *audit_summary(json_t *body, json_t *extra)
{
	json_t *o = json_object();
	char *text;

	if (body && json_object_size(body))
		json_object_set_new(o, "body", mask(body));
	if (extra)
		json_object_set_new(o, "result", mask(extra));
	text = json_object_size(o) ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : strdup("");
	json_decref(o);
	if (text && strlen(text) > AUDIT_SUMMARY_MAX)
		strcpy(text + AUDIT_SUMMARY_MAX - 3, "...");
	return text;
}

static void bind_filter(sqlite3_stmt *st, const struct audit_filter *f)
{
	if (f->username)
		sqlite3_bind_text(st, 1, f->username, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->from);
	sqlite3_bind_int64(st, 3, f->to);
}

#define AUDIT_WHERE " WHERE (?1 IS NULL OR username = ?1) AND (?2 = 0 OR at >= ?2) AND (?3 = 0 OR at < ?3)"

int audit_list(sqlite3 *db, const struct audit_filter *f, int64_t offset, int64_t limit,
	       int64_t *total, void (*fn)(const struct audit_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT count(*) FROM audit_log" AUDIT_WHERE, &st) != SQLITE_OK)
		return -EIO;
	bind_filter(st, f);
	*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_release(st);
	if (db_prepare(db,
		       "SELECT id, at, username, role, peer, method, path, status, summary "
		       "FROM audit_log" AUDIT_WHERE " ORDER BY id DESC LIMIT ?4 OFFSET ?5", &st) != SQLITE_OK)
		return -EIO;
	bind_filter(st, f);
	sqlite3_bind_int64(st, 4, limit);
	sqlite3_bind_int64(st, 5, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e = {
			.id = sqlite3_column_int64(st, 0),
			.at = sqlite3_column_int64(st, 1),
			.username = (const char *)sqlite3_column_text(st, 2),
			.role = (const char *)sqlite3_column_text(st, 3),
			.peer = (const char *)sqlite3_column_text(st, 4),
			.method = (const char *)sqlite3_column_text(st, 5),
			.path = (const char *)sqlite3_column_text(st, 6),
			.status = sqlite3_column_int(st, 7),
			.summary = (const char *)sqlite3_column_text(st, 8),
		};
		fn(&e, arg);
	}
	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

static int64_t count_failures(sqlite3 *db, const char *column_sql, const char *value, int64_t since)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db, column_sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, since);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_release(st);
	return n;
}

int audit_login_failures(sqlite3 *db, const char *peer, const char *username, int64_t since,
			 int64_t *by_peer, int64_t *by_user)
{
	/* the WHERE repeats the partial indexes' conditions so SQLite uses them */
	*by_peer = count_failures(db,
				  "SELECT count(*) FROM audit_log WHERE path = '/api/v1/session' "
				  "AND status = 401 AND peer = ? AND at >= ?",
				  peer, since);
	*by_user = !username || !*username ? 0 :
		   count_failures(db,
				  "SELECT count(*) FROM audit_log WHERE path = '/api/v1/session' "
				  "AND status = 401 AND username = ? AND at >= ?",
				  username, since);
	return *by_peer < 0 || *by_user < 0 ? -EIO : 0;
}
