#include "store/garden.h"
#include "store/stmt_cache.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *const garden_kind_names[] = { "cidr", "domain", NULL };

#define GARDEN_COLUMNS "id, kind, value, note, created_at"

static void read_row(sqlite3_stmt *st, struct garden_entry *e)
{
	const unsigned char *kind = sqlite3_column_text(st, 1);

	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->kind = kind && strcmp((const char *)kind, "domain") == 0 ? GARDEN_DOMAIN : GARDEN_CIDR;
	snprintf(e->value, sizeof(e->value), "%s", sqlite3_column_text(st, 2));
	snprintf(e->note, sizeof(e->note), "%s", sqlite3_column_text(st, 3));
	e->created_at = sqlite3_column_int64(st, 4);
}

int garden_add(sqlite3 *db, struct garden_entry *e)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "INSERT INTO garden_entries (kind, value, note) VALUES (?, ?, ?) "
		       "RETURNING id, created_at", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, garden_kind_names[e->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->note, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		e->id = sqlite3_column_int64(st, 0);
		e->created_at = sqlite3_column_int64(st, 1);
		rc = 0;
	} else {
		rc = sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EIO;
	}
	db_release(st);
	return rc;
}

int garden_remove(sqlite3 *db, int64_t id, struct garden_entry *removed)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM garden_entries WHERE id = ? RETURNING "
		       GARDEN_COLUMNS, &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (removed)
			read_row(st, removed);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	db_release(st);
	return rc;
}

int garden_each(sqlite3 *db, void (*fn)(const struct garden_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st;
	struct garden_entry e;
	int rc;

	if (db_prepare(db, "SELECT " GARDEN_COLUMNS " FROM garden_entries ORDER BY kind, value", &st) != SQLITE_OK)
		return -EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &e);
		fn(&e, arg);
	}
	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}
