#include "store/sites.h"

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

static bool repeated(struct sites_log *log, const struct site_visit *v)
{
	for (size_t i = 0; i < sizeof(log->recent) / sizeof(log->recent[0]); i++) {
		struct site_visit *r = &log->recent[i];

		if (r->at && v->at - r->at < SITES_REPEAT_SECONDS && strcmp(r->mac, v->mac) == 0 &&
		    strcmp(r->name, v->name) == 0)
			return true;
	}
	return false;
}

void sites_log_add(struct sites_log *log, const char *mac, const char *name, int64_t at)
{
	struct site_visit v = { .at = at };
	size_t len;

	snprintf(v.mac, sizeof(v.mac), "%s", mac);
	for (len = 0; name[len] && len < sizeof(v.name) - 1; len++)
		v.name[len] = (char)tolower((unsigned char)name[len]);
	v.name[len] = '\0';
	if (len && v.name[len - 1] == '.')
		v.name[len - 1] = '\0';
	if (!v.name[0] || repeated(log, &v))
		return;
	log->recent[log->recent_next++ % (sizeof(log->recent) / sizeof(log->recent[0]))] = v;
	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 256;
		struct site_visit *grown = realloc(log->pending, cap * sizeof(*grown));

		if (!grown)
			return;	/* out of memory: this visit goes unlogged */
		log->pending = grown;
		log->cap = cap;
	}
	log->pending[log->n++] = v;
}

static int write_pending(sqlite3 *db, void *arg)
{
	struct sites_log *log = arg;
	sqlite3_stmt *st;
	int rc = 0;

	if (db_prepare(db, "INSERT INTO sites_visited (mac, name, seen_at) VALUES (?, ?, ?)", &st) !=
	    SQLITE_OK)
		return -EIO;
	for (size_t i = 0; i < log->n && rc == 0; i++) {
		sqlite3_bind_text(st, 1, log->pending[i].mac, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, log->pending[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, log->pending[i].at);
		rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
		sqlite3_reset(st);
	}
	db_release(st);
	return rc;
}

int sites_log_flush(struct sites_log *log, sqlite3 *db)
{
	int rc;

	if (log->n == 0)
		return 0;
	rc = db_transaction(db, write_pending, log);
	if (rc == 0)
		log->n = 0;
	return rc;
}

void sites_log_free(struct sites_log *log)
{
	free(log->pending);
	memset(log, 0, sizeof(*log));
}

int sites_prune(sqlite3 *db, int64_t before, int64_t *deleted)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM sites_visited WHERE seen_at < ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, before);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	*deleted = sqlite3_changes(db);
	return rc;
}

int sites_list(sqlite3 *db, const struct sites_query *q, json_t *items, int64_t *total)
{
	static const char *const where =
		" FROM sites_visited WHERE seen_at >= ?1 AND seen_at < ?2 AND (?3 IS NULL OR mac = ?3)"
		" AND (?4 IS NULL OR instr(name, ?4) > 0)";
	char sql[512];
	sqlite3_stmt *st;

	for (int pass = 0; pass < 2; pass++) {
		snprintf(sql, sizeof(sql), pass ? "SELECT mac, name, seen_at%s ORDER BY seen_at DESC, id DESC LIMIT ?5 OFFSET ?6"
						: "SELECT count(*)%s", where);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_int64(st, 1, q->from);
		sqlite3_bind_int64(st, 2, q->to);
		if (q->mac)
			sqlite3_bind_text(st, 3, q->mac, -1, SQLITE_STATIC);
		if (q->search)
			sqlite3_bind_text(st, 4, q->search, -1, SQLITE_STATIC);
		if (pass == 0) {
			*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		} else {
			sqlite3_bind_int64(st, 5, q->limit);
			sqlite3_bind_int64(st, 6, q->offset);
			while (sqlite3_step(st) == SQLITE_ROW)
				json_array_append_new(items, json_pack("{s:s, s:s, s:I}", "mac", (const char *)sqlite3_column_text(st, 0),
								       "name", (const char *)sqlite3_column_text(st, 1),
								       "seen_at", (json_int_t)sqlite3_column_int64(st, 2)));
		}
		db_release(st);
	}
	return 0;
}
