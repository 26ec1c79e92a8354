#include "store/db.h"
#include "store/wal_vfs.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"

#define DB_STR_(x) #x
#define DB_STR(x) DB_STR_(x)

static int exec(sqlite3 *db, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		snprintf(err, errlen, "%s", msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return -EIO;
	}
	return 0;
}

int db_schema_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int version = 0;

	if (db_count(db, "schema_version") < 0)
		return 0;
	if (db_prepare(db, "SELECT coalesce(max(version), 0) FROM schema_version", &st) != SQLITE_OK)
		return -EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	db_release(st);
	return version;
}

long long db_count(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st;
	char sql[160];
	long long n = -1;

	/* table names cannot be bound; only known names reach here, but check */
	if (db_prepare(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", &st) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	int exists = sqlite3_step(st) == SQLITE_ROW;
	db_release(st);
	if (!exists)
		return -1;

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_release(st);
	return n;
}

int db_next_rowid(sqlite3 *db, const char *table, int64_t *id)
{
	sqlite3_stmt *st;
	char sql[96];
	int rc = -EIO;

	snprintf(sql, sizeof(sql), "SELECT coalesce(max(rowid), 0) + 1 FROM \"%s\"", table);
	if (db_prepare(db, sql, &st) != SQLITE_OK)
		return -EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = 0;
	}
	db_release(st);
	return rc;
}

int db_run(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st) != SQLITE_OK)
		return -EIO;
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

int db_transaction(sqlite3 *db, int (*fn)(sqlite3 *db, void *arg), void *arg)
{
	int rc;

	/* inside a transaction already (the admin API runs each change in one,
	 * with its audit row): nest as a savepoint */
	if (!sqlite3_get_autocommit(db)) {
		if (db_run(db, "SAVEPOINT db_transaction") != 0) {
			log_error("db", "cannot begin savepoint: %s", sqlite3_errmsg(db));
			return -EIO;
		}
		rc = fn(db, arg);
		if (rc < 0)
			db_run(db, "ROLLBACK TO db_transaction");
		db_run(db, "RELEASE db_transaction");
		return rc;
	}
	if (db_run(db, "BEGIN IMMEDIATE") != 0) {
		log_error("db", "cannot begin transaction: %s", sqlite3_errmsg(db));
		return -EBUSY;
	}
	rc = fn(db, arg);
	if (rc < 0) {
		db_run(db, "ROLLBACK");
		return rc;
	}
	if (db_run(db, "COMMIT") != 0) {
		log_error("db", "commit failed: %s", sqlite3_errmsg(db));
		db_run(db, "ROLLBACK");
		return -EIO;
	}
	return rc;
}

static int record_version(sqlite3 *db, const struct migration *m)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "INSERT INTO schema_version (version, name, applied_at) "
		       "VALUES (?, ?, strftime('%s', 'now'))", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int(st, 1, m->version);
	sqlite3_bind_text(st, 2, m->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

/* How many rows refer to a row that is not there (-1: cannot tell), the first
 * of them in why. */
static long long dangling_references(sqlite3 *db, char *why, size_t whylen)
{
	sqlite3_stmt *st;
	long long n = 0;
	int rc;

	if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, NULL) != SQLITE_OK) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (n++ == 0)
			snprintf(why, whylen, "%s row %lld refers to a missing row of %s", sqlite3_column_text(st, 0),
				 (long long)sqlite3_column_int64(st, 1), sqlite3_column_text(st, 2));
	if (rc != SQLITE_DONE) {
		snprintf(why, whylen, "%s", sqlite3_errmsg(db));
		n = -1;
	}
	sqlite3_finalize(st);
	return n;
}

int db_migrate(sqlite3 *db, const struct migration *list, int count, char *err, size_t errlen)
{
	int current = db_schema_version(db);

	if (current < 0) {
		snprintf(err, errlen, "cannot read schema_version: %s", sqlite3_errmsg(db));
		return current;
	}
	if (exec(db,
		 "CREATE TABLE IF NOT EXISTS schema_version ("
		 " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
		 err, errlen) != 0)
		return -EIO;
	if (count == 0 || list[count - 1].version <= current)
		return 0;	/* nothing to do (the list is in ascending order) */

	/* SQLite's way to change a table: foreign keys off (only possible outside
	 * a transaction), so that rebuilding a table referred to deletes nothing,
	 * and the references checked before the commit: a migration may not leave
	 * more of them leading nowhere than there were (rows deleted by hand with
	 * foreign keys off, say, are not its doing) */
	char msg[256];
	long long dangling = dangling_references(db, msg, sizeof(msg)), now = 0;
	int enforced = 1, rc = 0;

	if (dangling < 0) {
		snprintf(err, errlen, "cannot check references: %s", msg);
		return -EIO;
	}
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, -1, &enforced);	/* as the caller has it */
	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, 0, NULL);
	for (int i = 0; i < count && rc == 0; i++) {
		const struct migration *m = &list[i];
		char why[512] = "";

		if (m->version <= current)
			continue;
		if (exec(db, "BEGIN IMMEDIATE", err, errlen) != 0) {
			rc = -EIO;
			break;
		}
		if (exec(db, m->sql, why, sizeof(why)) != 0 ||
		    (now = dangling_references(db, why, sizeof(why))) < 0 || now > dangling ||
		    record_version(db, m) != 0) {
			if (now > dangling && dangling > 0)
				snprintf(err, errlen, "migration %s failed: it leaves %lld rows referring to missing rows, "
					 "%lld before it; the first: %s", m->name, now, dangling, why);
			else
				snprintf(err, errlen, "migration %s failed: %s", m->name, why);
			exec(db, "ROLLBACK", why, sizeof(why));
			rc = -EIO;
		} else if (exec(db, "COMMIT", err, errlen) != 0) {
			exec(db, "ROLLBACK", why, sizeof(why));
			rc = -EIO;
		} else {
			log_info("db", "applied migration version=%d name=%s", m->version, m->name);
		}
	}

	sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_FKEY, enforced, NULL);
	return rc;
}

int db_open(const char *path, sqlite3 **out, char *err, size_t errlen)
{
	int newest = migrations_count ? migrations[migrations_count - 1].version : 0;
	sqlite3 *db;
	int version;

	*out = NULL;
	/* Every request in a group commit is a savepoint (db_transaction), which
	 * first copies each page it changes into the sub-journal. With temp_store =
	 * MEMORY SQLite keeps that journal in 1 KiB pieces, a malloc each; with the
	 * default temp_store, in one piece up to this size, then in a temporary
	 * file, every page copy a pwrite. Vouchers' first uses spilled 64 KiB in
	 * most groups and 120 KiB in a few. Set once, before SQLite starts. */
	static bool configured;
	if (!configured) {
		configured = true;
		sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 1 << 20);
	}
	/* the WAL's writes gathered per commit (store/wal_vfs.h); the default VFS
	 * if it cannot be registered */
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    wal_vfs_register() == SQLITE_OK ? WAL_VFS_NAME : NULL) != SQLITE_OK) {
		snprintf(err, errlen, "%s: cannot open database: %s", path,
			 db ? sqlite3_errmsg(db) : "out of memory");
		db_close(db);
		return -EIO;
	}
	sqlite3_busy_timeout(db, 5000);

	/* Look before writing anything: a newer schema stays exactly as it is. */
	version = db_schema_version(db);
	if (version < 0) {
		snprintf(err, errlen, "%s: not a spotgate database: %s", path, sqlite3_errmsg(db));
		db_close(db);
		return -EINVAL;
	}
	if (version > newest) {
		snprintf(err, errlen,
			 "%s: schema version %d is newer than this spotgated knows (%d); "
			 "run a newer spotgated or point --db at another database",
			 path, version, newest);
		db_close(db);
		return -EPROTO;
	}

	if (exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
		 "PRAGMA cache_size = -" DB_STR(DB_PAGE_CACHE_KIB),
		 err, errlen) != 0 ||
	    db_migrate(db, migrations, migrations_count, err, errlen) != 0) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s", err);
		snprintf(err, errlen, "%s: %s", path, msg);
		db_close(db);
		return -EIO;
	}
	*out = db;
	return 0;
}
