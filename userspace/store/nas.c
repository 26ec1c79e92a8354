#include "store/nas.h"
#include "store/stmt_cache.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

const char *const nas_vendor_names[] = { "generic", "mikrotik", "chilli", NULL };

static int vendor_from_name(const char *name)
{
	for (int i = 0; nas_vendor_names[i]; i++)
		if (strcmp(name, nas_vendor_names[i]) == 0)
			return i;
	return NAS_GENERIC;
}

#define NAS_COLUMNS \
	"id, address, name, secret, vendor, coa_port, require_message_authenticator, " \
	"limit_proxy_state, created_at"

static void read_row(sqlite3_stmt *st, struct nas_client *nas)
{
	char err[128];

	memset(nas, 0, sizeof(*nas));
	nas->id = sqlite3_column_int64(st, 0);
	/* written canonical by nas_add, so it parses */
	cidr_parse((const char *)sqlite3_column_text(st, 1), &nas->address, err, sizeof(err));
	snprintf(nas->name, sizeof(nas->name), "%s", sqlite3_column_text(st, 2));
	snprintf(nas->secret, sizeof(nas->secret), "%s", sqlite3_column_text(st, 3));
	nas->vendor = (enum nas_vendor)vendor_from_name((const char *)sqlite3_column_text(st, 4));
	nas->coa_port = (uint16_t)sqlite3_column_int(st, 5);
	nas->require_message_authenticator = sqlite3_column_int(st, 6);
	nas->limit_proxy_state = sqlite3_column_int(st, 7);
	nas->created_at = sqlite3_column_int64(st, 8);
}

int nas_add(sqlite3 *db, struct nas_client *nas)
{
	sqlite3_stmt *st;
	char address[64];
	int rc;

	cidr_format(&nas->address, address, sizeof(address));
	if (db_prepare(db,
		       "INSERT INTO nas_clients (address, name, secret, vendor, coa_port, "
		       "require_message_authenticator, limit_proxy_state) VALUES (?, ?, ?, ?, ?, ?, ?) "
		       "RETURNING id, created_at", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, address, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, nas->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, nas->secret, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, nas_vendor_names[nas->vendor], -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, nas->coa_port);
	sqlite3_bind_int(st, 6, nas->require_message_authenticator);
	sqlite3_bind_int(st, 7, nas->limit_proxy_state);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		nas->id = sqlite3_column_int64(st, 0);
		nas->created_at = sqlite3_column_int64(st, 1);
		rc = 0;
	} else {
		rc = sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EIO;
	}
	db_release(st);
	return rc;
}

int nas_get(sqlite3 *db, int64_t id, struct nas_client *out)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT " NAS_COLUMNS " FROM nas_clients WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int nas_find_address(sqlite3 *db, const char *address, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT id FROM nas_clients WHERE address = ?", &st) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, address, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int nas_delete(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM nas_clients WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	if (rc == 0 && sqlite3_changes(db) == 0)
		return -ENOENT;
	return rc;
}

int nas_list(sqlite3 *db, int64_t offset, int64_t limit, int64_t *total,
	     void (*fn)(const struct nas_client *nas, void *arg), void *arg)
{
	sqlite3_stmt *st;
	struct nas_client nas;

	if (db_prepare(db, "SELECT count(*) FROM nas_clients", &st) != SQLITE_OK)
		return -EIO;
	*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_release(st);

	if (db_prepare(db, "SELECT " NAS_COLUMNS " FROM nas_clients ORDER BY id LIMIT ? OFFSET ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	while (sqlite3_step(st) == SQLITE_ROW) {
		read_row(st, &nas);
		fn(&nas, arg);
	}
	db_release(st);
	return 0;
}
