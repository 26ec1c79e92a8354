/* Admin login sessions (the admin_sessions table). The browser's cookie
 * holds a random token; the table keeps its SHA-256, the user, a CSRF token
 * the client must echo in X-CSRF-Token on unsafe requests, and the times
 * that end it: idle (no request for idle seconds) or absolute (expires_at). */
#ifndef SPOTGATE_AUTH_SESSIONS_H
#define SPOTGATE_AUTH_SESSIONS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define SESSION_TOKEN_LEN 64		/* 32 random bytes as base64url: 43 + NUL */

struct admin_session {
	char token[SESSION_TOKEN_LEN];	/* only after create; never stored */
	char csrf[SESSION_TOKEN_LEN];
	int64_t user_id;
	int64_t created_at;
	int64_t expires_at;
	int64_t last_seen;
};

/* Starts a session for user_id from ip, ending at now + lifetime at the
 * latest. Returns 0 or -errno. */
int admin_session_create(sqlite3 *db, int64_t user_id, const char *ip, int64_t now,
			 int64_t lifetime, struct admin_session *out);

/* Finds the session of token. -ENOENT when there is none, -ETIMEDOUT when it
 * has expired (idle for idle seconds, or past expires_at; it is deleted).
 * Records activity (last_seen) when the stored value is older than a tenth
 * of idle, so a busy client does not write on every request. */
int admin_session_find(sqlite3 *db, const char *token, int64_t now, int64_t idle,
		       struct admin_session *out);

int admin_session_delete(sqlite3 *db, const char *token);
/* Ends every session of a user (password changed, disabled, removed). */
int admin_session_delete_user(sqlite3 *db, int64_t user_id);
/* Deletes expired sessions. */
int admin_session_purge(sqlite3 *db, int64_t now, int64_t idle);

/* The value of cookie name in a Cookie header ("a=1; b=2") into buf;
 * -ENOENT when absent or empty, -E2BIG when longer than size. */
int cookie_value(const char *header, const char *name, char *buf, size_t size);

#endif
