/* Admin users (the admin_users table): who may log in to the admin API, with
 * which role, and for operators which location. Passwords are hashed here
 * (auth/password.h) and never leave this module in clear. */
#ifndef SPOTGATE_AUTH_USERS_H
#define SPOTGATE_AUTH_USERS_H

#include <sqlite3.h>
#include <stdint.h>

#include "auth/password.h"

#define ADMIN_USERNAME_MAX 64

struct admin_user {
	int64_t id;
	char username[ADMIN_USERNAME_MAX + 1];
	char role[16];			/* "admin", "operator" or "auditor" */
	int64_t location_id;		/* operators only; 0 otherwise */
	int disabled;
	int64_t created_at;
	int64_t password_changed_at;
	char password[PASSWORD_HASH_LEN];	/* the stored hash */
};

/* 1-64 characters of letters, digits and . _ @ - (no spaces, no ':'). */
int admin_username_valid(const char *name);

/* Lookups by name (case-insensitive) or id; -ENOENT when there is none. */
int admin_user_get(sqlite3 *db, const char *username, struct admin_user *out);
int admin_user_get_id(sqlite3 *db, int64_t id, struct admin_user *out);

/* Adds u (username, role, location_id) with password hashed; fills u->id.
 * -EEXIST when the name is taken, -ENOENT when the location does not exist. */
int admin_user_add(sqlite3 *db, struct admin_user *u, const char *password, int64_t now);
/* Saves role, location_id and disabled of u->id. -ENOENT for a bad location. */
int admin_user_update(sqlite3 *db, const struct admin_user *u);
int admin_user_set_password(sqlite3 *db, int64_t id, const char *password, int64_t now);
int admin_user_remove(sqlite3 *db, int64_t id);

/* Users ordered by name; calls fn for each of limit rows from offset. */
int admin_user_list(sqlite3 *db, int64_t offset, int64_t limit, int64_t *total,
		    void (*fn)(const struct admin_user *u, void *arg), void *arg);

/* How many users have role admin (and are not disabled when enabled_only). */
int64_t admin_user_count_admins(sqlite3 *db, int enabled_only);

/* At first start: when no admin user exists, creates "admin" with a
 * generated password written into password (size > PASSWORD_GENERATED_LEN),
 * fills created and returns 1; returns 0 when an admin exists, -errno on errors. */
int admin_user_bootstrap(sqlite3 *db, int64_t now, struct admin_user *created, char *password,
			 size_t size);

#endif
