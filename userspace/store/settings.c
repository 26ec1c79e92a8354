#include "store/settings.h"
#include "store/stmt_cache.h"

#include <errno.h>
#include <stdio.h>

int settings_get(sqlite3 *db, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT value FROM settings WHERE key = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(buf, size, "%s", (const char *)sqlite3_column_text(st, 0));
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int settings_set(sqlite3 *db, const char *key, const char *value)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
		       "SET value = excluded.value, updated_at = strftime('%s', 'now')", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}
