/* The sites-visited log. DNS answers arrive many a second, so they are
 * collected in memory (a repeat of the same device and name within a minute
 * is one visit) and written in one transaction per flush. */
#ifndef SPOTGATE_STORE_SITES_H
#define SPOTGATE_STORE_SITES_H

#include <jansson.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define SITES_NAME_MAX 256
#define SITES_REPEAT_SECONDS 60

struct site_visit {
	char mac[18];
	char name[SITES_NAME_MAX];
	int64_t at;
};

struct sites_log {
	struct site_visit *pending;
	size_t n, cap;
	struct site_visit recent[256];	/* last visits, to fold repeats */
	unsigned recent_next;
};

/* Queues a visit (the name lower-cased, a trailing dot dropped). */
void sites_log_add(struct sites_log *log, const char *mac, const char *name, int64_t at);
/* Writes what is queued; 0 or -errno (the queue is kept on failure). */
int sites_log_flush(struct sites_log *log, sqlite3 *db);
void sites_log_free(struct sites_log *log);

/* Deletes visits before `before`; *deleted gets how many. */
int sites_prune(sqlite3 *db, int64_t before, int64_t *deleted);

struct sites_query {
	const char *mac;	/* canonical, or NULL */
	const char *search;	/* name contains, or NULL */
	int64_t from, to;
	int64_t offset, limit;
};
int sites_list(sqlite3 *db, const struct sites_query *q, json_t *items, int64_t *total);

#endif
