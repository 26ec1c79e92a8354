/* Prepared statements kept for reuse. Parsing and planning a statement
 * costs more than running most of ours, so a login or an accounting request
 * used to spend about 40% of its time in sqlite3_prepare. db_prepare keeps
 * each statement on its connection (SQLite's own list of a connection's
 * statements) and hands it out again once db_release has reset it; the
 * connection owns the cache, so there is nothing else to free but db_close.
 *
 * Use:  db_prepare(db, "SELECT ...", &st); bind; step ...; db_release(st);
 * A statement is handed out again as soon as it is not being stepped
 * through: between db_prepare and the first step, do not prepare the same
 * text again (nested code running the very same SQL mid-iteration is fine:
 * it gets a second statement). */
#ifndef SPOTGATE_STMT_CACHE_H
#define SPOTGATE_STMT_CACHE_H

#include <sqlite3.h>

/* Like sqlite3_prepare_v2(db, sql, -1, out, NULL), reusing a released
 * statement of the same text when there is one. Returns an SQLite code. */
int db_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out);

/* Resets a statement from db_prepare for the next caller (bindings cleared);
 * any other statement is finalized, so it also replaces sqlite3_finalize.
 * NULL is ignored. */
void db_release(sqlite3_stmt *st);

/* Finalizes every statement of the connection, then closes it. */
int db_close(sqlite3 *db);

#endif
