/* store/wal_vfs: a commit's WAL frames reach the file as one write, before the
 * commit returns, where a plain connection and a crashed process's successor see them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"
#include "store/wal_vfs.h"

static char dir[64];
static char path[128];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/sg-walvfs-XXXXXX");
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
		cmocka_unit_test_setup_teardown(test_commit_is_one_write_and_visible, setup, teardown),
		cmocka_unit_test_setup_teardown(test_committed_survives_a_crash, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
