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

static int is_cached(sqlite3_stmt *st)
{
	const char *text = sqlite3_sql(st);

	return text && strncmp(text, "/*sg:", 5) == 0;
}

int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out)
{
	char tag[TAG_LEN + 1];
	sqlite3_stmt *st;
	int cached = 0, rc;

	snprintf(tag, sizeof(tag), TAG_FMT, fnv1a(sql));
	for (st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st)) {
		const char *text = sqlite3_sql(st);

		if (!text || memcmp(text, tag, 5) != 0)
			continue;
		cached++;
		/* a busy one is being stepped through by a caller further up */
		if (memcmp(text, tag, TAG_LEN) == 0 && !sqlite3_stmt_busy(st) &&
		    strcmp(text + TAG_LEN, sql) == 0) {
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
	while ((st = sqlite3_next_stmt(db, NULL)))
		sqlite3_finalize(st);
	return sqlite3_close(db);
}
