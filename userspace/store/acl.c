#include "store/acl.h"
#include "store/stmt_cache.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *const acl_list_names[] = { "allow", "deny", NULL };
const char *const acl_kind_names[] = { "mac", "cidr", NULL };

static int index_of(const char *const *names, const unsigned char *text)
{
	for (int i = 0; names[i]; i++)
		if (text && strcmp((const char *)text, names[i]) == 0)
			return i;
	return 0;
}

static void read_row(sqlite3_stmt *st, struct acl_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->list = (enum acl_list)index_of(acl_list_names, sqlite3_column_text(st, 1));
	e->kind = (enum acl_kind)index_of(acl_kind_names, sqlite3_column_text(st, 2));
	snprintf(e->value, sizeof(e->value), "%s", sqlite3_column_text(st, 3));
	snprintf(e->note, sizeof(e->note), "%s", sqlite3_column_text(st, 4));
	e->created_at = sqlite3_column_int64(st, 5);
}

#define ACL_COLUMNS "id, list, kind, value, note, created_at"

int acl_put(sqlite3 *db, struct acl_entry *e)
{
	sqlite3_stmt *st;
	int rc, moved = 0;

	/* what list was it on before? */
	if (db_prepare(db, "SELECT list FROM acl_entries WHERE kind = ? AND value = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, acl_kind_names[e->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, e->value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		moved = strcmp((const char *)sqlite3_column_text(st, 0), acl_list_names[e->list]) != 0;
	db_release(st);

	if (db_prepare(db,
		       "INSERT INTO acl_entries (list, kind, value, note) VALUES (?, ?, ?, ?) "
		       "ON CONFLICT (kind, value) DO UPDATE SET list = excluded.list, "
		       "note = excluded.note RETURNING id, created_at", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, acl_list_names[e->list], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, acl_kind_names[e->kind], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->value, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->note, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		e->id = sqlite3_column_int64(st, 0);
		e->created_at = sqlite3_column_int64(st, 1);
		rc = moved;
	} else {
		rc = -EIO;
	}
	db_release(st);
	return rc;
}

int acl_remove(sqlite3 *db, int64_t id, struct acl_entry *removed)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM acl_entries WHERE id = ? RETURNING "
		       ACL_COLUMNS, &st) != SQLITE_OK)
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

int acl_each(sqlite3 *db, void (*fn)(const struct acl_entry *e, void *arg), void *arg)
{
	sqlite3_stmt *st;
	struct acl_entry e;
	int rc;

	if (db_prepare(db, "SELECT " ACL_COLUMNS " FROM acl_entries ORDER BY list, kind, value", &st) != SQLITE_OK)
		return -EIO;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &e);
		fn(&e, arg);
	}
	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}
