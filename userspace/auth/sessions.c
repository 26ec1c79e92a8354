#include "auth/sessions.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "auth/password.h"
#include "store/stmt_cache.h"

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int admin_session_create(sqlite3 *db, int64_t user_id, const char *ip, int64_t now,
			 int64_t lifetime, struct admin_session *out)
{
	char hash[65];
	sqlite3_stmt *st;

	*out = (struct admin_session){ .user_id = user_id, .created_at = now,
				       .expires_at = now + lifetime, .last_seen = now };
	if (random_token(32, out->token, sizeof(out->token)) != 0 ||
	    random_token(32, out->csrf, sizeof(out->csrf)) != 0)
		return -EIO;
	sha256_hex(out->token, strlen(out->token), hash);
	if (db_prepare(db,
		       "INSERT INTO admin_sessions (token_hash, user_id, csrf_token, created_at, "
		       "expires_at, last_seen, ip) VALUES (?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, out->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, out->expires_at);
	sqlite3_bind_int64(st, 6, now);
	sqlite3_bind_text(st, 7, ip, -1, SQLITE_STATIC);
	return step_done(st);
}

static int delete_hash(sqlite3 *db, const char *hash)
{
	sqlite3_stmt *st;

	if (db_prepare(db, "DELETE FROM admin_sessions WHERE token_hash = ?", &st) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	return step_done(st);
}

int admin_session_find(sqlite3 *db, const char *token, int64_t now, int64_t idle,
		       struct admin_session *out)
{
	char hash[65];
	sqlite3_stmt *st;
	int rc;
	int64_t refresh = idle / 10 < 1 ? 1 : idle / 10 > 60 ? 60 : idle / 10;

	sha256_hex(token, strlen(token), hash);
	if (db_prepare(db,
		       "SELECT user_id, csrf_token, created_at, expires_at, last_seen "
		       "FROM admin_sessions WHERE token_hash = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = (struct admin_session){
			.user_id = sqlite3_column_int64(st, 0),
			.created_at = sqlite3_column_int64(st, 2),
			.expires_at = sqlite3_column_int64(st, 3),
			.last_seen = sqlite3_column_int64(st, 4),
		};
		snprintf(out->csrf, sizeof(out->csrf), "%s", (const char *)sqlite3_column_text(st, 1));
	}
	db_release(st);
	if (rc == SQLITE_DONE)
		return -ENOENT;
	if (rc != SQLITE_ROW)
		return -EIO;
	if (now >= out->expires_at || now - out->last_seen >= idle) {
		delete_hash(db, hash);
		return -ETIMEDOUT;
	}
	if (now - out->last_seen >= refresh) {
		if (db_prepare(db, "UPDATE admin_sessions SET last_seen = ? WHERE token_hash = ?", &st) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
		if (step_done(st) != 0)
			return -EIO;
		out->last_seen = now;
	}
	return 0;
}

int admin_session_delete(sqlite3 *db, const char *token)
{
	char hash[65];

	sha256_hex(token, strlen(token), hash);
	return delete_hash(db, hash);
}

int admin_session_delete_user(sqlite3 *db, int64_t user_id)
{
	sqlite3_stmt *st;

	if (db_prepare(db, "DELETE FROM admin_sessions WHERE user_id = ?", &st) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, user_id);
	return step_done(st);
}

int admin_session_purge(sqlite3 *db, int64_t now, int64_t idle)
{
	sqlite3_stmt *st;

	if (db_prepare(db, "DELETE FROM admin_sessions WHERE expires_at <= ? OR last_seen <= ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, now - idle);
	return step_done(st);
}

int cookie_value(const char *header, const char *name, char *buf, size_t size)
{
	size_t nlen = strlen(name);
	const char *p = header;

	while (p && *p) {
		size_t len;

		while (*p == ' ' || *p == ';' || *p == '\t')
			p++;
		len = strcspn(p, ";");
		if (len > nlen && strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			size_t vlen = len - nlen - 1;

			while (vlen && (p[nlen + 1 + vlen - 1] == ' ' || p[nlen + 1 + vlen - 1] == '\t'))
				vlen--;
			if (vlen == 0) {	/* a cleared cookie: look on */
				p += len;
				continue;
			}
			if (vlen >= size)
				return -E2BIG;
			memcpy(buf, p + nlen + 1, vlen);
			buf[vlen] = '\0';
			return 0;
		}
		p += len;
	}
	return -ENOENT;
}
