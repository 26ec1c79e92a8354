#include "store/account.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing_json/account_json.h"
#include "store/db.h"

int account_new_bucket_id(sqlite3 *db, int64_t *id)
{
	if (db_run(db, "INSERT INTO bucket_ids DEFAULT VALUES") != 0)
		return -EIO;
	*id = sqlite3_last_insert_rowid(db);
	return 0;
}

static void bind_nullable_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void bind_nullable_int(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

int account_insert(sqlite3 *db, struct account_row *row)
{
	return account_insert_cached(NULL, db, row);
}

int account_insert_cached(struct parse_cache *cache, sqlite3 *db, struct account_row *row)
{
	sqlite3_stmt *st;
	char *state = account_state_text(&row->state);
	int rc;

	if (!state)
		return -ENOMEM;
	if (db_prepare(db,
		       "INSERT INTO accounts (location_id, kind, username, password, first_name, last_name, "
		       "plan_id, plan_version, status, state, valid_until, purge_at, created_at, id) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK) {
		free(state);
		return -EIO;
	}
	sqlite3_bind_int64(st, 1, row->location_id ? row->location_id : 1);
	sqlite3_bind_text(st, 2, row->kind, -1, SQLITE_STATIC);
	bind_nullable_text(st, 3, row->username);
	bind_nullable_text(st, 4, row->password);
	sqlite3_bind_text(st, 5, row->first_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, row->last_name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, row->plan_id);
	sqlite3_bind_int(st, 8, (int)row->plan_version);
	sqlite3_bind_text(st, 9, account_status_name(row->state.status), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, state, -1, SQLITE_STATIC);
	bind_nullable_int(st, 11, account_validity_end(&row->state));
	bind_nullable_int(st, 12, account_purge_at(&row->state));
	sqlite3_bind_int64(st, 13, row->created_at);
	bind_nullable_int(st, 14, row->id);	/* NULL: SQLite picks the next */
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE) {
		free(state);
		return sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EIO;
	}
	row->id = row->state.id = sqlite3_last_insert_rowid(db);
	/* a new account is loaded again at once (the login that made it) */
	parse_cache_put(cache, row->id, 0, state, &row->state);
	free(state);
	return 0;
}

int account_save_state(sqlite3 *db, const struct account_row *row)
{
	return account_save_state_cached(NULL, db, row);
}

/* The columns derived from the state, by a statement that writes only when one of
 * them changed: an UPDATE naming purge_at moves the row's entry in accounts_purge
 * even when the value stays, and they rarely change. */
static int save_derived(sqlite3 *db, const struct account_row *row)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "UPDATE accounts SET status = ?1, valid_until = ?2, purge_at = ?3 WHERE id = ?4 "
		       "AND (status IS NOT ?1 OR valid_until IS NOT ?2 OR purge_at IS NOT ?3)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, account_status_name(row->state.status), -1, SQLITE_STATIC);
	bind_nullable_int(st, 2, account_validity_end(&row->state));
	bind_nullable_int(st, 3, account_purge_at(&row->state));
	sqlite3_bind_int64(st, 4, row->id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

int account_save_state_cached(struct parse_cache *cache, sqlite3 *db, const struct account_row *row)
{
	/* A state as it was loaded (a login that changed nothing) keeps the text it
	 * came from, unwritten; the stored text is compared all the same, so one
	 * edited meanwhile is put right. */
	const char *same = parse_cache_text(cache, row->id, 0, &row->state);
	char *state = same ? NULL : account_state_text(&row->state);
	sqlite3_stmt *st;
	int rc;

	if (!same && !state)
		return -ENOMEM;
	if (db_prepare(db, "UPDATE accounts SET state = ?1 WHERE id = ?2 AND state IS NOT ?1", &st) != SQLITE_OK) {
		free(state);
		return -EIO;
	}
	sqlite3_bind_text(st, 1, same ? same : state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, row->id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	if (rc == 0)
		rc = save_derived(db, row);
	/* the state reads back as exactly this (test_account_json checks the
	 * round trip), so the next load need not parse it */
	if (rc == 0 && state)
		parse_cache_put(cache, row->id, 0, state, &row->state);
	free(state);
	return rc;
}

static void copy_text(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(dst, size, "%s", t ? (const char *)t : "");
}

int account_load(sqlite3 *db, int64_t id, struct account_row *row)
{
	return account_load_cached(NULL, db, id, row);
}

static int parse_state(const char *text, struct account *out)
{
	char err[256];
	json_t *state = text ? json_loads(text, 0, NULL) : NULL;
	int rc = state ? account_state_from_json(state, out, err, sizeof(err)) : -EIO;

	json_decref(state);
	return rc;
}

int account_load_cached(struct parse_cache *cache, sqlite3 *db, int64_t id, struct account_row *row)
{
	sqlite3_stmt *st;
	const char *text;
	int rc = 0;

	if (db_prepare(db,
		       "SELECT id, location_id, kind, username, password, first_name, last_name, plan_id, "
		       "plan_version, created_at, state FROM accounts WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_release(st);
		return rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	memset(row, 0, sizeof(*row));
	row->id = sqlite3_column_int64(st, 0);
	row->location_id = sqlite3_column_int64(st, 1);
	copy_text(row->kind, sizeof(row->kind), st, 2);
	copy_text(row->username, sizeof(row->username), st, 3);
	copy_text(row->password, sizeof(row->password), st, 4);
	copy_text(row->first_name, sizeof(row->first_name), st, 5);
	copy_text(row->last_name, sizeof(row->last_name), st, 6);
	row->plan_id = sqlite3_column_int64(st, 7);
	row->plan_version = (uint32_t)sqlite3_column_int(st, 8);
	row->created_at = sqlite3_column_int64(st, 9);
	text = (const char *)sqlite3_column_text(st, 10);
	rc = 0;
	if (!parse_cache_get(cache, row->id, 0, text, &row->state) && (rc = parse_state(text, &row->state)) == 0)
		parse_cache_put(cache, row->id, 0, text, &row->state);
	db_release(st);
	row->state.id = row->id;
	return rc ? -EIO : 0;
}

int account_find(sqlite3 *db, const char *username, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT id FROM accounts WHERE username = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, username, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int account_list(sqlite3 *db, const struct account_query *q, json_t *items, int64_t *total)
{
	static const char *const where =
		" FROM accounts a JOIN plans p ON p.id = a.plan_id WHERE (?1 IS NULL OR a.username LIKE ?1"
		" OR a.first_name || ' ' || a.last_name LIKE ?1) AND (?4 = 0 OR p.location_id = ?4)";
	char sql[512], pattern[160];
	sqlite3_stmt *st;

	if (q->search)
		snprintf(pattern, sizeof(pattern), "%%%s%%", q->search);
	for (int pass = 0; pass < 2; pass++) {
		snprintf(sql, sizeof(sql), pass == 0 ? "SELECT count(*)%s" :
			 "SELECT a.id, a.kind, coalesce(a.username, ''), trim(a.first_name || ' ' || a.last_name), "
			 "a.plan_id, p.name, a.status, a.valid_until, a.created_at, p.location_id%s ORDER BY a.id DESC LIMIT ?2 OFFSET ?3",
			 where);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			return -EIO;
		if (q->search)
			sqlite3_bind_text(st, 1, pattern, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, q->location_id);
		if (pass == 0) {
			*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		} else {
			sqlite3_bind_int64(st, 2, q->limit);
			sqlite3_bind_int64(st, 3, q->offset);
			while (sqlite3_step(st) == SQLITE_ROW)
				json_array_append_new(items, json_pack(
					"{s:I, s:s, s:s, s:s, s:I, s:s, s:s, s:o, s:I, s:I}",
					"id", (json_int_t)sqlite3_column_int64(st, 0),
					"kind", (const char *)sqlite3_column_text(st, 1),
					"username", (const char *)sqlite3_column_text(st, 2),
					"name", (const char *)sqlite3_column_text(st, 3),
					"plan", (json_int_t)sqlite3_column_int64(st, 4),
					"plan_name", (const char *)sqlite3_column_text(st, 5),
					"status", (const char *)sqlite3_column_text(st, 6),
					"valid_until", sqlite3_column_type(st, 7) == SQLITE_NULL
						? json_null() : json_integer(sqlite3_column_int64(st, 7)),
					"created_at", (json_int_t)sqlite3_column_int64(st, 8),
					"location", (json_int_t)sqlite3_column_int64(st, 9)));
		}
		db_release(st);
	}
	return 0;
}

/* One statement on a device's row: ?1 = mac, ?2 = account_id, ?3 = now; *changes
 * is how many rows it wrote. */
static int device_exec(sqlite3 *db, const char *sql, const char *mac, int64_t account_id, int64_t now,
		       int *changes)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, mac, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, account_id);
	sqlite3_bind_int64(st, 3, now);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	*changes = sqlite3_changes(db);
	db_release(st);
	return rc;
}

int device_bind(sqlite3 *db, int64_t account_id, const char *mac, int64_t now)
{
	int changes, rc;

	/* a device coming back to its account: only last_seen changes, and an
	 * update that names nothing indexed leaves the indexes alone */
	rc = device_exec(db, "UPDATE account_devices SET last_seen = ?3 WHERE mac = ?1 AND account_id = ?2", mac,
			 account_id, now, &changes);
	if (rc || changes > 0)
		return rc;
	return device_bind_new_account(db, account_id, mac, now);
}

int device_bind_new_account(sqlite3 *db, int64_t account_id, const char *mac, int64_t now)
{
	int changes;

	/* the MAC may still be another account's: it moves over */
	return device_exec(db,
			   "INSERT INTO account_devices (mac, account_id, bound_at, last_seen) VALUES (?1, ?2, ?3, ?3) "
			   "ON CONFLICT (mac) DO UPDATE SET account_id = ?2, bound_at = CASE WHEN account_id = ?2 "
			   "THEN bound_at ELSE ?3 END, last_seen = ?3",
			   mac, account_id, now, &changes);
}

int device_unbind(sqlite3 *db, int64_t account_id, const char *mac)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM account_devices WHERE account_id = ? AND mac = ?", &st) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, account_id);
	sqlite3_bind_text(st, 2, mac, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	if (rc == 0 && sqlite3_changes(db) == 0)
		return -ENOENT;
	return rc;
}

int device_account(sqlite3 *db, const char *mac, int64_t *account_id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT account_id FROM account_devices WHERE mac = ?", &st) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, mac, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*account_id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

json_t *device_list(sqlite3 *db, int64_t account_id)
{
	json_t *list = json_array();
	sqlite3_stmt *st;

	if (db_prepare(db,
		       "SELECT mac, bound_at, last_seen FROM account_devices WHERE account_id = ? ORDER BY bound_at", &st) != SQLITE_OK)
		return list;
	sqlite3_bind_int64(st, 1, account_id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:s, s:I, s:I}", "mac", (const char *)sqlite3_column_text(st, 0),
						      "bound_at", (json_int_t)sqlite3_column_int64(st, 1),
						      "last_seen", (json_int_t)sqlite3_column_int64(st, 2)));
	db_release(st);
	return list;
}
