/* store: migrations in order, recorded once; newer schemas refused untouched; the
 * WAL's writes gathered per commit, on the file before the commit returns. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"
#include "store/migrations.h"
#include "store/wal_vfs.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/sg-db-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/test.db", dir);
	return 0;
}

static int teardown(void **state)
{
	char cmd[160];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static int scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int v = -1;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static void test_open_applies_all(void **state)
{
	sqlite3 *db;
	char err[512];
	(void)state;

	assert_int_equal(db_open(path, &db, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db), migrations[migrations_count - 1].version);
	assert_int_equal(db_count(db, "schema_version"), migrations_count);
	assert_int_equal(db_count(db, "no_such_table"), -1);
	db_close(db);

	/* opening again applies nothing new */
	assert_int_equal(db_open(path, &db, err, sizeof(err)), 0);
	assert_int_equal(db_count(db, "schema_version"), migrations_count);
	db_close(db);
}

static void test_pragmas(void **state)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char err[512];
	(void)state;

	assert_int_equal(db_open(path, &db, err, sizeof(err)), 0);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	db_close(db);
}

static void test_migrate_order_and_failure(void **state)
{
	static const struct migration list[] = {
		{ 1, "0001_a", "CREATE TABLE a (x INTEGER);" },
		{ 2, "0002_b", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1);" },
		{ 3, "0003_broken", "CREATE TABLE c (z INTEGER); THIS IS NOT SQL;" },
	};
	sqlite3 *db;
	char err[512];
	(void)state;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(db_migrate(db, list, 2, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db), 2);
	assert_int_equal(db_count(db, "a"), 1);
	assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 0);	/* as the caller had it */
	/* a failing migration leaves nothing of itself behind */
	assert_int_equal(db_migrate(db, list, 3, err, sizeof(err)), -EIO);
	assert_non_null(strstr(err, "0003_broken"));
	assert_int_equal(db_schema_version(db), 2);
	assert_int_equal(db_count(db, "c"), -1);
	db_close(db);
}

static void test_newer_schema_refused_untouched(void **state)
{
	sqlite3 *db;
	char err[512];
	struct stat before, after;
	(void)state;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
				      "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER);"
				      "INSERT INTO schema_version VALUES (9999, '9999_future', 0);",
				      NULL, NULL, NULL), SQLITE_OK);
	db_close(db);
	assert_int_equal(stat(path, &before), 0);

	assert_int_equal(db_open(path, &db, err, sizeof(err)), -EPROTO);
	assert_null(db);
	assert_non_null(strstr(err, "schema version 9999 is newer"));
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_size, after.st_size);
	assert_int_equal(before.st_mtime, after.st_mtime);
}

static int insert_then(sqlite3 *db, void *arg)
{
	sqlite3_exec(db, "INSERT INTO settings (key, value) VALUES ('t', 'v')", NULL, NULL, NULL);
	return *(int *)arg;
}

/* A database migrated up to (not including) version, with plan 7 version 1 and
 * then the rows in sql; the last migrations are then the test's. */
static sqlite3 *before_version(int version, const char *sql)
{
	int n = 0;
	sqlite3 *db;
	char err[512];

	while (n < migrations_count && migrations[n].version < version)
		n++;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_migrate(db, migrations, n, err, sizeof(err)), 0);
	assert_int_equal(sqlite3_exec(db,
		"INSERT INTO plans (id, name, created_at) VALUES (7, 'Day', 0);"
		"INSERT INTO plan_versions (plan_id, version, payment, measure, price, currency, terms, created_at) "
		"VALUES (7, 1, 'prepaid', 'time', 200, 'EUR', '{}', 0);", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* 0011 rebuilds vouchers with the state rule as comparisons: every ticket and index
 * is still there, the rule still holds, and setting a state builds no ephemeral
 * index any more. */
static void test_voucher_state_check_rebuilt(void **state)
{
	sqlite3_stmt *st;
	char err[512];
	(void)state;

	sqlite3 *db = before_version(11,
		"INSERT INTO vouchers (code, pin, plan_id, plan_version, state, created_at, first_used_at) VALUES "
		"('AAA', '1234', 7, 1, 'unused', 10, NULL), ('BBB', NULL, 7, 1, 'active', 11, 12), "
		"('CCC', NULL, 7, 1, 'revoked', 13, NULL);");

	assert_int_equal(db_migrate(db, migrations, migrations_count, err, sizeof(err)), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM vouchers"), 3);
	assert_int_equal(scalar(db, "SELECT first_used_at FROM vouchers WHERE code = 'BBB' AND state = 'active' "
				    "AND pin IS NULL AND plan_id = 7 AND created_at = 11"), 12);
	assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'vouchers' "
				    "AND name IN ('vouchers_batch', 'vouchers_created', 'vouchers_account')"), 3);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE vouchers SET state = 'bogus' WHERE code = 'AAA'", NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO vouchers (code, plan_id, plan_version, created_at) "
					      "VALUES ('AAA', 7, 1, 0)", NULL, NULL, NULL), SQLITE_OK);	/* code unique */
	assert_int_equal(sqlite3_prepare_v2(db, "EXPLAIN UPDATE vouchers SET state = 'active' WHERE id = 1", -1, &st,
					    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		assert_string_not_equal((const char *)sqlite3_column_text(st, 1), "OpenEphemeral");
	sqlite3_finalize(st);
	db_close(db);
}

/* Migrations run with foreign keys off (a table that others refer to can be
 * rebuilt), but one that leaves a reference leading nowhere is rolled back. */
static void test_migration_leaving_a_dangling_reference_refused(void **state)
{
	static const struct migration list[] = {
		{ 1, "0001_a", "CREATE TABLE p (id INTEGER PRIMARY KEY);"
			       "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id) ON DELETE CASCADE);"
			       "INSERT INTO p VALUES (1); INSERT INTO c VALUES (5, 1);" },
		{ 2, "0002_rebuild_p", "CREATE TABLE p_new (id INTEGER PRIMARY KEY, x TEXT);"
				       "INSERT INTO p_new (id) SELECT id FROM p; DROP TABLE p;"
				       "ALTER TABLE p_new RENAME TO p;" },
		{ 3, "0003_lose_p", "DELETE FROM p;" },
	};
	static const struct migration later[] = {
		{ 3, "0003_d", "CREATE TABLE d (x INTEGER);" },
		{ 4, "0004_lose_p", "DELETE FROM p;" },
	};
	sqlite3 *db;
	char err[512];
	(void)state;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_migrate(db, list, 2, err, sizeof(err)), 0);
	assert_int_equal(db_count(db, "c"), 1);	/* dropping the old p cascaded nothing */
	assert_int_equal(db_migrate(db, list, 3, err, sizeof(err)), -EIO);
	assert_non_null(strstr(err, "migration 0003_lose_p failed: c row 5 refers to a missing row of p"));
	assert_int_equal(db_schema_version(db), 2);
	assert_int_equal(db_count(db, "p"), 1);
	assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);

	/* one left by hand with foreign keys off is not a migration's doing */
	assert_int_equal(sqlite3_exec(db, "PRAGMA foreign_keys = OFF; INSERT INTO c VALUES (6, 99); "
				      "PRAGMA foreign_keys = ON", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_migrate(db, later, 1, err, sizeof(err)), 0);
	assert_int_equal(db_schema_version(db), 3);
	assert_int_equal(db_migrate(db, later, 2, err, sizeof(err)), -EIO);
	assert_non_null(strstr(err, "migration 0004_lose_p failed: it leaves 2 rows referring to missing rows, "
				    "1 before it; the first: c row 5 refers to a missing row of p"));
	assert_int_equal(db_count(db, "p"), 1);
	db_close(db);
}

/* 0012 rebuilds accounts with the kind and status rules as comparisons: the rows
 * that refer to an account keep it (nothing cascades), the rules still hold, and
 * an insert builds no ephemeral index. */
static void test_account_checks_rebuilt(void **state)
{
	sqlite3_stmt *st;
	char err[512];
	(void)state;

	sqlite3 *db = before_version(12,
		"INSERT INTO accounts (id, kind, username, plan_id, plan_version, status, state, purge_at, created_at) "
		"VALUES (41, 'voucher', 'AAA', 7, 1, 'active', '{}', 99, 10), "
		"(42, 'user', 'bob', 7, 1, 'suspended', '{}', NULL, 11);"
		"INSERT INTO vouchers (code, plan_id, plan_version, state, account_id, created_at) "
		"VALUES ('AAA', 7, 1, 'active', 41, 5);"
		"INSERT INTO sessions (id, account_id, started_at, updated_at, state) VALUES (3, 41, 10, 10, '{}');"
		"INSERT INTO account_devices (mac, account_id, bound_at) VALUES ('02:00:00:00:00:01', 41, 10);");

	assert_int_equal(db_migrate(db, migrations, migrations_count, err, sizeof(err)), 0);
	assert_int_equal(scalar(db, "SELECT count(*) FROM accounts"), 2);
	assert_int_equal(scalar(db, "SELECT created_at FROM accounts WHERE id = 42 AND kind = 'user' "
				    "AND username = 'bob' AND status = 'suspended' AND purge_at IS NULL"), 11);
	assert_int_equal(scalar(db, "SELECT account_id FROM sessions WHERE id = 3"), 41);
	assert_int_equal(scalar(db, "SELECT account_id FROM account_devices"), 41);
	assert_int_equal(scalar(db, "SELECT account_id FROM vouchers WHERE code = 'AAA'"), 41);
	assert_int_equal(scalar(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'accounts' "
				    "AND name IN ('accounts_purge', 'accounts_location')"), 2);
	assert_int_equal(scalar(db, "PRAGMA foreign_keys"), 1);
	/* the rules and references hold, and deleting an account still takes its sessions */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE accounts SET kind = 'bogus' WHERE id = 42", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE accounts SET status = 'gone' WHERE id = 42", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE accounts SET username = 'AAA' WHERE id = 42", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "INSERT INTO sessions (account_id, started_at, updated_at, state) "
					      "VALUES (77, 0, 0, '{}')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE vouchers SET account_id = NULL; DELETE FROM accounts WHERE id = 41",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_count(db, "sessions"), 0);
	assert_int_equal(sqlite3_prepare_v2(db, "EXPLAIN INSERT INTO accounts (kind, username, plan_id, plan_version, "
					    "status, state, created_at) VALUES ('voucher', 'X', 7, 1, 'active', '{}', 0)",
					    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		assert_string_not_equal((const char *)sqlite3_column_text(st, 1), "OpenEphemeral");
	sqlite3_finalize(st);
	db_close(db);
}

static void test_transaction_rollback(void **state)
{
	sqlite3 *db;
	char err[512];
	int fail = -EINVAL, ok = 0;
	(void)state;

	assert_int_equal(db_open(path, &db, err, sizeof(err)), 0);
	long long n = db_count(db, "settings");
	assert_int_equal(db_transaction(db, insert_then, &fail), -EINVAL);
	assert_int_equal(db_count(db, "settings"), n);
	assert_int_equal(db_transaction(db, insert_then, &ok), 0);
	assert_int_equal(db_count(db, "settings"), n + 1);
	db_close(db);
}

/* n rows of 3,000 bytes in one transaction: about a page each */
static void insert_rows(sqlite3 *db, int n)
{
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE IF NOT EXISTS t (x BLOB); BEGIN", NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < n; i++)
		assert_int_equal(sqlite3_exec(db, "INSERT INTO t VALUES (randomblob(3000))", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
}

/* rows in t, read by a connection on SQLite's default VFS */
static int plain_count(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int n;

	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

static void test_commit_is_one_write_and_visible(void **state)
{
	struct wal_vfs_stats before, after;
	sqlite3 *db;
	char err[512];

	(void)state;
	assert_int_equal(db_open(path, &db, err, sizeof(err)), 0);
	wal_vfs_stats(&before);
	insert_rows(db, 200);
	wal_vfs_stats(&after);
	/* two writes per frame (header, page), gathered into writes of 120 KiB */
	assert_true(after.writes - before.writes >= 400);
	assert_true((after.flushes - before.flushes) * 20 <= after.writes - before.writes);
	/* on the file at once: another connection, on the plain VFS, sees every row */
	assert_int_equal(plain_count(), 200);
	insert_rows(db, 10);
	assert_int_equal(plain_count(), 210);
	db_close(db);
}

/* A process that commits and dies without closing (no checkpoint, no close to
 * flush at): what it committed is in the WAL file for the next one. */
static void test_committed_survives_a_crash(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db;
		char err[512];

		if (db_open(path, &db, err, sizeof(err)) != 0)
			_exit(2);
		insert_rows(db, 50);
		_exit(0);	/* as kill -9 would: nothing closed */
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(plain_count(), 50);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_applies_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pragmas, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_order_and_failure, setup, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused_untouched, setup, teardown),
		cmocka_unit_test_setup_teardown(test_voucher_state_check_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migration_leaving_a_dangling_reference_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_account_checks_rebuilt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transaction_rollback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_is_one_write_and_visible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_committed_survives_a_crash, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
