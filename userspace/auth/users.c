#include "auth/users.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "store/stmt_cache.h"

#define USER_COLUMNS "id, username, role, coalesce(location_id, 0), disabled, created_at, " \
		     "password_changed_at, password"

int admin_username_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > ADMIN_USERNAME_MAX)
		return 0;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._@-", *p))
			return 0;
	return 1;
}

static void copy_text(char *dst, size_t size, sqlite3_stmt *st, int col)
{
	const unsigned char *v = sqlite3_column_text(st, col);

	snprintf(dst, size, "%s", v ? (const char *)v : "");
}

static void read_row(sqlite3_stmt *st, struct admin_user *u)
{
	u->id = sqlite3_column_int64(st, 0);
	copy_text(u->username, sizeof(u->username), st, 1);
	copy_text(u->role, sizeof(u->role), st, 2);
	u->location_id = sqlite3_column_int64(st, 3);
	u->disabled = sqlite3_column_int(st, 4);
	u->created_at = sqlite3_column_int64(st, 5);
	u->password_changed_at = sqlite3_column_int64(st, 6);
	copy_text(u->password, sizeof(u->password), st, 7);
}

static int get_one(sqlite3 *db, const char *sql, const char *name, int64_t id, struct admin_user *out)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int admin_user_get(sqlite3 *db, const char *username, struct admin_user *out)
{
	return get_one(db, "SELECT " USER_COLUMNS " FROM admin_users WHERE username = ?", username, 0,
		       out);
}

int admin_user_get_id(sqlite3 *db, int64_t id, struct admin_user *out)
{
	return get_one(db, "SELECT " USER_COLUMNS " FROM admin_users WHERE id = ?", NULL, id, out);
}

static int location_exists(sqlite3 *db, int64_t id)
{
	sqlite3_stmt *st;
	int found;

	if (db_prepare(db, "SELECT 1 FROM locations WHERE id = ?", &st) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	found = sqlite3_step(st) == SQLITE_ROW;
	db_release(st);
	return found;
}

static void bind_location(sqlite3_stmt *st, int col, int64_t location_id)
{
	if (location_id > 0)
		sqlite3_bind_int64(st, col, location_id);
	else
		sqlite3_bind_null(st, col);
}

int admin_user_add(sqlite3 *db, struct admin_user *u, const char *password, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (u->location_id > 0 && !location_exists(db, u->location_id))
		return -ENOENT;
	rc = password_hash(password, strlen(password), u->password, sizeof(u->password));
	if (rc)
		return rc;
	if (db_prepare(db,
		       "INSERT INTO admin_users (username, role, location_id, password, disabled, "
		       "created_at, password_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, u->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->role, -1, SQLITE_STATIC);
	bind_location(st, 3, u->location_id);
	sqlite3_bind_text(st, 4, u->password, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, u->disabled ? 1 : 0);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_int64(st, 7, now);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc == SQLITE_CONSTRAINT)
		return -EEXIST;
	if (rc != SQLITE_DONE)
		return -EIO;
	u->id = sqlite3_last_insert_rowid(db);
	u->created_at = u->password_changed_at = now;
	return 0;
}

static int exec_id(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE)
		return -EIO;
	return sqlite3_changes(db) ? 0 : -ENOENT;
}

int admin_user_update(sqlite3 *db, const struct admin_user *u)
{
	sqlite3_stmt *st;
	int rc;

	if (u->location_id > 0 && !location_exists(db, u->location_id))
		return -ENOENT;
	if (db_prepare(db,
		       "UPDATE admin_users SET role = ?, location_id = ?, disabled = ? WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, u->role, -1, SQLITE_STATIC);
	bind_location(st, 2, u->location_id);
	sqlite3_bind_int(st, 3, u->disabled ? 1 : 0);
	sqlite3_bind_int64(st, 4, u->id);
	rc = sqlite3_step(st);
	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int admin_user_set_password(sqlite3 *db, int64_t id, const char *password, int64_t now)
{
	char hash[PASSWORD_HASH_LEN];
	sqlite3_stmt *st;
	int rc = password_hash(password, strlen(password), hash, sizeof(hash));

	if (rc)
		return rc;
	if (db_prepare(db,
		       "UPDATE admin_users SET password = ?, password_changed_at = ? WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, id);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE)
		return -EIO;
	return sqlite3_changes(db) ? 0 : -ENOENT;
}

int admin_user_remove(sqlite3 *db, int64_t id)
{
	return exec_id(db, "DELETE FROM admin_users WHERE id = ?", id);
}

int admin_user_list(sqlite3 *db, int64_t offset, int64_t limit, int64_t *total,
		    void (*fn)(const struct admin_user *u, void *arg), void *arg)
{
	sqlite3_stmt *st;
	struct admin_user u;
	int rc;

	if (db_prepare(db, "SELECT count(*) FROM admin_users", &st) != SQLITE_OK)
		return -EIO;
	*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_release(st);
	if (db_prepare(db, "SELECT " USER_COLUMNS " FROM admin_users ORDER BY username LIMIT ? OFFSET ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &u);
		fn(&u, arg);
	}
	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int64_t admin_user_count_admins(sqlite3 *db, int enabled_only)
{
	sqlite3_stmt *st;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db,
			       enabled_only ? "SELECT count(*) FROM admin_users WHERE role = 'admin' AND disabled = 0"
					    : "SELECT count(*) FROM admin_users WHERE role = 'admin'",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_release(st);
	return n;
}

int admin_user_bootstrap(sqlite3 *db, int64_t now, struct admin_user *created, char *password,
			 size_t size)
{
	struct admin_user u = { .username = "admin", .role = "admin" };
	int64_t admins = admin_user_count_admins(db, 0);
	int rc;

	if (admins < 0)
		return -EIO;
	if (admins > 0)
		return 0;
	rc = password_generate(password, size);
	if (rc)
		return rc;
	/* a non-admin user may already be called "admin": pick another name */
	for (int i = 1; (rc = admin_user_add(db, &u, password, now)) == -EEXIST && i < 100; i++)
		snprintf(u.username, sizeof(u.username), "admin%d", i);
	if (rc)
		return rc;
	*created = u;
	return 1;
}
