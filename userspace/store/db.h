/* The SQLite store: opening (WAL, foreign keys, busy timeout), and bringing
 * the schema up to date from the embedded migrations. */
#ifndef SPOTGATE_DB_H
#define SPOTGATE_DB_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "store/migrations.h"
#include "store/stmt_cache.h"

/* The most SQLite's page cache holds per connection (cache_size). */
#define DB_PAGE_CACHE_KIB 65536
#define DB_PAGE_CACHE_BYTES ((size_t)DB_PAGE_CACHE_KIB << 10)

/* Opens (creating it and its directory's file if needed) and migrates the
 * database. A database whose schema is newer than the newest migration is
 * refused before anything is written to it. Returns 0 or -errno with a
 * message in err. */
int db_open(const char *path, sqlite3 **out, char *err, size_t errlen);

/* Applies the migrations newer than the database's version, each in its own
 * transaction together with its schema_version row, with foreign keys off; one
 * that leaves more rows referring to missing rows than there were is rolled
 * back. The connection's foreign_keys setting is as it was afterwards. */
int db_migrate(sqlite3 *db, const struct migration *list, int count, char *err, size_t errlen);

/* The highest applied version, 0 for a new database, -errno on error. */
int db_schema_version(sqlite3 *db);

/* Runs one statement without parameters (BEGIN, COMMIT, ...), prepared once
 * per connection. 0 or -EIO; sqlite3_errmsg(db) says why. */
int db_run(sqlite3 *db, const char *sql);

/* Runs fn inside BEGIN IMMEDIATE ... COMMIT; rolls back when fn returns < 0.
 * Inside an open transaction it nests as a SAVEPOINT instead. */
int db_transaction(sqlite3 *db, int (*fn)(sqlite3 *db, void *arg), void *arg);

/* count(*) of a table, or -1 when the table does not exist. */
long long db_count(sqlite3 *db, const char *table);

/* The rowid SQLite would give the table's next row (INTEGER PRIMARY KEY
 * without AUTOINCREMENT: the largest plus one), for rows whose content names
 * their own id. table is one of ours, never input. 0 or -EIO. */
int db_next_rowid(sqlite3 *db, const char *table, int64_t *id);

#endif
