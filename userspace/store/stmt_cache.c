#include "store/stmt_cache.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A cached statement's text starts with this tag, holding a hash of the
 * caller's text: it tells our statements from anyone else's on the same
 * connection and turns most comparisons into one memcmp. */
#define TAG_FMT "/*sg:%08x*/ "
#define TAG_LEN 16

/* Past this many cached statements (a caller passing texts it builds at run
 * time), new ones are prepared uncached and finalized on release. */
#define CACHE_MAX 512

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 16777619u;
	return h;
}

/* The last statement found for each (connection, text pointer): callers pass string
 * literals, so the next call with the same pointer finds it at once; the text is still
 * compared, for a caller that builds different texts in one buffer. Per thread, so no
 * lock; a slot is only a hint, cleared when its connection closes. */
#define HINT_SLOTS 1024
static __thread struct hint {
	sqlite3 *db;
	const char *sql;
	sqlite3_stmt *st;
} hints[HINT_SLOTS];

static struct hint *hint_of(sqlite3 *db, const char *sql)
{
	uint64_t k = ((uint64_t)(uintptr_t)sql ^ ((uint64_t)(uintptr_t)db >> 4)) * 0x9E3779B97F4A7C15ull;

	return &hints[k >> 54];	/* the top 10 bits: HINT_SLOTS */
}

static int is_cached(sqlite3_stmt *st)
{
	const char *text = sqlite3_sql(st);

	return text && strncmp(text, "/*sg:", 5) == 0;
}

int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out)
{
	struct hint *h = hint_of(db, sql);
	char tag[TAG_LEN + 1];
	sqlite3_stmt *st;
	int cached = 0, rc;

	if (h->db == db && h->sql == sql && !sqlite3_stmt_busy(h->st) &&
	    strcmp(sqlite3_sql(h->st) + TAG_LEN, sql) == 0) {
		*out = h->st;
		return SQLITE_OK;
	}
	snprintf(tag, sizeof(tag), TAG_FMT, fnv1a(sql));
	for (st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st)) {
		const char *text = sqlite3_sql(st);

		if (!text || memcmp(text, tag, 5) != 0)
			continue;
		cached++;
		/* a busy one is being stepped through by a caller further up */
		if (memcmp(text, tag, TAG_LEN) == 0 && !sqlite3_stmt_busy(st) &&
		    strcmp(text + TAG_LEN, sql) == 0) {
			*h = (struct hint){ db, sql, st };
			*out = st;
			return SQLITE_OK;
		}
	}
	if (cached >= CACHE_MAX)
		return sqlite3_prepare_v2(db, sql, -1, out, NULL);

	size_t len = strlen(sql);
	char *text = malloc(TAG_LEN + len + 1);

	if (!text) {
		*out = NULL;
		return SQLITE_NOMEM;
	}
	memcpy(text, tag, TAG_LEN);
	memcpy(text + TAG_LEN, sql, len + 1);
	rc = sqlite3_prepare_v3(db, text, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
	free(text);
	if (rc == SQLITE_OK && *out)
		*h = (struct hint){ db, sql, *out };
	return rc;
}

void db_release(sqlite3_stmt *st)
{
	if (!st)
		return;
	if (!is_cached(st)) {
		sqlite3_finalize(st);
		return;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
}

int db_close(sqlite3 *db)
{
	sqlite3_stmt *st;

	if (!db)
		return SQLITE_OK;
	for (int i = 0; i < HINT_SLOTS; i++)
		if (hints[i].db == db)
			hints[i] = (struct hint){ 0 };
	while ((st = sqlite3_next_stmt(db, NULL)))
		sqlite3_finalize(st);
	return sqlite3_close(db);
}
