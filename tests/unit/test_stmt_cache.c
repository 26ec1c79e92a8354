/* store: prepared statements are kept on the connection and handed out
 * again once released; busy ones never; db_close finalizes them all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "store/db.h"

static sqlite3 *memory_db(void)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1), (2), (3)", NULL, NULL,
				      NULL), SQLITE_OK);
	return db;
}

static int statements(sqlite3 *db)
{
	int n = 0;

	for (sqlite3_stmt *st = sqlite3_next_stmt(db, NULL); st; st = sqlite3_next_stmt(db, st))
		n++;
	return n;
}

static void test_released_statement_is_reused(void **state)
{
	sqlite3 *db = memory_db();
	sqlite3_stmt *a, *b;
	(void)state;

	assert_int_equal(db_prepare(db, "SELECT x FROM t WHERE x = ?", &a), SQLITE_OK);
	sqlite3_bind_int(a, 1, 2);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 2);
	db_release(a);

	assert_int_equal(db_prepare(db, "SELECT x FROM t WHERE x = ?", &b), SQLITE_OK);
	assert_ptr_equal(a, b);
	/* reset, bindings cleared: the old 2 is gone, NULL matches nothing */
	assert_int_equal(sqlite3_step(b), SQLITE_DONE);
	db_release(b);
	assert_int_equal(statements(db), 1);
	assert_int_equal(db_close(db), SQLITE_OK);
}

static void test_busy_statement_is_not_handed_out(void **state)
{
	sqlite3 *db = memory_db();
	sqlite3_stmt *outer, *inner;
	int rows = 0;
	(void)state;

	/* the same SQL run again while a caller steps through its rows */
	assert_int_equal(db_prepare(db, "SELECT x FROM t ORDER BY x", &outer), SQLITE_OK);
	while (sqlite3_step(outer) == SQLITE_ROW) {
		assert_int_equal(db_prepare(db, "SELECT x FROM t ORDER BY x", &inner), SQLITE_OK);
		assert_ptr_not_equal(inner, outer);
		assert_int_equal(sqlite3_step(inner), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(inner, 0), 1);
		db_release(inner);
		rows++;
	}
	assert_int_equal(rows, 3);
	db_release(outer);
	assert_int_equal(statements(db), 2);
	assert_int_equal(db_close(db), SQLITE_OK);
}

static void test_other_statements_are_finalized(void **state)
{
	sqlite3 *db = memory_db();
	sqlite3_stmt *own, *cached;
	(void)state;

	/* a statement prepared the ordinary way is never taken for a cached one */
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM t", -1, &own, NULL), SQLITE_OK);
	assert_int_equal(db_prepare(db, "SELECT count(*) FROM t", &cached), SQLITE_OK);
	assert_ptr_not_equal(own, cached);
	db_release(own);	/* finalizes it */
	db_release(cached);	/* keeps it */
	assert_int_equal(statements(db), 1);
	db_release(NULL);
	assert_int_equal(db_close(db), SQLITE_OK);
}

static void test_different_text_different_statement(void **state)
{
	sqlite3 *db = memory_db();
	sqlite3_stmt *a, *b;
	(void)state;

	assert_int_equal(db_prepare(db, "SELECT 1", &a), SQLITE_OK);
	db_release(a);
	assert_int_equal(db_prepare(db, "SELECT 2", &b), SQLITE_OK);
	assert_ptr_not_equal(a, b);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 2);
	db_release(b);
	assert_int_not_equal(db_prepare(db, "SELEKT nonsense", &a), SQLITE_OK);
	assert_int_equal(db_close(db), SQLITE_OK);
}

/* One buffer, two texts: the statement follows the text, not the pointer; and a new
 * connection at a closed one's address gets nothing of the old one's. */
static void test_same_buffer_other_text(void **state)
{
	char sql[32];
	sqlite3 *db = memory_db();
	sqlite3_stmt *a, *b;
	(void)state;

	snprintf(sql, sizeof(sql), "SELECT 1");
	assert_int_equal(db_prepare(db, sql, &a), SQLITE_OK);
	db_release(a);
	snprintf(sql, sizeof(sql), "SELECT 2");
	assert_int_equal(db_prepare(db, sql, &b), SQLITE_OK);
	assert_int_equal(sqlite3_step(b), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(b, 0), 2);
	db_release(b);
	assert_int_equal(db_prepare(db, sql, &a), SQLITE_OK);
	assert_ptr_equal(a, b);	/* found again */
	db_release(a);
	assert_int_equal(db_close(db), SQLITE_OK);

	db = memory_db();
	assert_int_equal(db_prepare(db, sql, &a), SQLITE_OK);
	assert_int_equal(sqlite3_step(a), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(a, 0), 2);
	db_release(a);
	assert_int_equal(db_close(db), SQLITE_OK);
}

static void test_db_run(void **state)
{
	sqlite3 *db = memory_db();
	(void)state;

	assert_int_equal(db_run(db, "BEGIN IMMEDIATE"), 0);
	assert_int_equal(db_run(db, "INSERT INTO t VALUES (4)"), 0);
	assert_int_equal(db_run(db, "ROLLBACK"), 0);
	assert_int_equal(db_count(db, "t"), 3);
	assert_int_equal(db_run(db, "INSERT INTO nowhere VALUES (1)"), -5 /* -EIO */);
	assert_int_equal(db_close(db), SQLITE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_released_statement_is_reused),
		cmocka_unit_test(test_busy_statement_is_not_handed_out),
		cmocka_unit_test(test_other_statements_are_finalized),
		cmocka_unit_test(test_different_text_different_statement),
		cmocka_unit_test(test_same_buffer_other_text),
		cmocka_unit_test(test_db_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
