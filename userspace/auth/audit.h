/* The audit log (audit_log table): who changed what, when and from where.
 * Written for every state-changing admin API request that succeeded and for
 * every failed login; the failed logins are also what login rate limiting
 * counts. Summaries never hold passwords or secrets (audit_summary masks
 * them). */
#ifndef SPOTGATE_AUTH_AUDIT_H
#define SPOTGATE_AUTH_AUDIT_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>

#define AUDIT_SUMMARY_MAX 1000

struct audit_entry {
	int64_t id;
	int64_t at;
	const char *username;		/* "local" for the Unix socket */
	const char *role;
	const char *peer;		/* the client's address, or "local" */
	const char *method;
	const char *path;
	int status;
	const char *summary;
};

int audit_write(sqlite3 *db, const struct audit_entry *e);

/* The request body as compact JSON with every value under a key that names a
 * secret (password, secret, token, pin) replaced by "***", cut to
 * AUDIT_SUMMARY_MAX bytes. extra (may be NULL) is added as "result". malloc'd. */
char *audit_summary(json_t *body, json_t *extra);

struct audit_filter {
	const char *username;		/* NULL = everyone */
	int64_t from, to;		/* at >= from, at < to; 0 = open */
};

/* Newest first. */
int audit_list(sqlite3 *db, const struct audit_filter *f, int64_t offset, int64_t limit,
	       int64_t *total, void (*fn)(const struct audit_entry *e, void *arg), void *arg);

/* Failed logins since a time: from peer, and for username (when not NULL). */
int audit_login_failures(sqlite3 *db, const char *peer, const char *username, int64_t since,
			 int64_t *by_peer, int64_t *by_user);

#endif
