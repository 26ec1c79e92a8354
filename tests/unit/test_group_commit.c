/* app: the writes of one loop turn commit together, answers wait for it,
 * a failed commit tells every waiter and leaves nothing behind. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "app/group_commit.h"
#include "store/db.h"

static char dir[64], path[128];

struct fixture {
	h2o_evloop_t *loop;
	sqlite3 *db, *reader;	/* reader: another connection, sees only what is committed */
	struct group_commit *gc;
	int calls[8];
	int ncalls;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	strcpy(dir, "/tmp/sg-gc-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(sqlite3_open(path, &f->db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(f->db,
				      "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; "
				      "CREATE TABLE p (id INTEGER PRIMARY KEY); "
				      "CREATE TABLE c (pid INTEGER REFERENCES p (id) DEFERRABLE INITIALLY DEFERRED)",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_open(path, &f->reader), SQLITE_OK);
	f->loop = h2o_evloop_create();
	f->gc = group_commit_new(f->loop, f->db);
	assert_non_null(f->gc);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[160];

	group_commit_free(f->gc);
	db_close(f->db);
	db_close(f->reader);
	h2o_evloop_destroy(f->loop);
	free(f);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* records (index, committed) as index * 10 + committed */
struct call {
	struct fixture *f;
	int index;
};

static void record(void *arg, bool committed)
{
	struct call *c = arg;

	c->f->calls[c->f->ncalls++] = c->index * 10 + committed;
}

static long long count(sqlite3 *db, const char *table)
{
	return db_count(db, table);
}

static void test_turn_commits_then_answers(void **state)
{
	struct fixture *f = *state;
	struct call a = { f, 1 }, b = { f, 2 };

	assert_false(group_commit_active(f->gc));
	assert_int_equal(group_commit_join(f->gc), 0);
	assert_int_equal(group_commit_join(f->gc), 0);	/* a second request joins the same group */
	assert_true(group_commit_active(f->gc));
	assert_int_equal(db_run(f->db, "INSERT INTO p VALUES (1)"), 0);
	assert_int_equal(group_commit_after(f->gc, record, &a), 0);
	assert_int_equal(db_run(f->db, "INSERT INTO p VALUES (2)"), 0);
	assert_int_equal(group_commit_after(f->gc, record, &b), 0);

	/* nothing is durable, nobody answered */
	assert_int_equal(count(f->reader, "p"), 0);
	assert_int_equal(f->ncalls, 0);

	/* the end of the loop's turn */
	h2o_evloop_run(f->loop, 0);
	assert_false(group_commit_active(f->gc));
	assert_int_equal(count(f->reader, "p"), 2);
	assert_int_equal(f->ncalls, 2);
	assert_int_equal(f->calls[0], 11);
	assert_int_equal(f->calls[1], 21);
}

static void test_no_group_answers_at_once(void **state)
{
	struct fixture *f = *state;
	struct call a = { f, 3 };

	assert_int_equal(group_commit_after(f->gc, record, &a), 0);
	assert_int_equal(f->ncalls, 1);
	assert_int_equal(f->calls[0], 31);
	/* without a group commit object (unit tests of other modules): the same */
	assert_int_equal(group_commit_join(NULL), -ENODEV);
	assert_false(group_commit_active(NULL));
	assert_int_equal(group_commit_after(NULL, record, &a), 0);
	assert_int_equal(f->ncalls, 2);
	group_commit_flush(NULL);
}

static int insert_orphan(sqlite3 *db, void *arg)
{
	(void)arg;
	return db_run(db, "INSERT INTO c VALUES (99)");
}

static int insert_and_fail(sqlite3 *db, void *arg)
{
	(void)arg;
	db_run(db, "INSERT INTO p VALUES (7)");
	return -EINVAL;
}

static void test_handler_failure_rolls_back_its_own_part(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(group_commit_join(f->gc), 0);
	assert_int_equal(db_run(f->db, "INSERT INTO p VALUES (5)"), 0);
	/* a handler's own transaction nests as a savepoint */
	assert_int_equal(db_transaction(f->db, insert_and_fail, NULL), -EINVAL);
	group_commit_flush(f->gc);
	assert_int_equal(count(f->reader, "p"), 1);
}

static void test_failed_commit_tells_every_waiter(void **state)
{
	struct fixture *f = *state;
	struct call a = { f, 4 }, b = { f, 5 };

	assert_int_equal(group_commit_join(f->gc), 0);
	assert_int_equal(db_run(f->db, "INSERT INTO p VALUES (9)"), 0);
	assert_int_equal(group_commit_after(f->gc, record, &a), 0);
	/* a deferred foreign key: only COMMIT finds it wrong */
	assert_int_equal(db_transaction(f->db, insert_orphan, NULL), 0);
	assert_int_equal(group_commit_after(f->gc, record, &b), 0);
	h2o_evloop_run(f->loop, 0);
	assert_int_equal(f->ncalls, 2);
	assert_int_equal(f->calls[0], 40);
	assert_int_equal(f->calls[1], 50);
	assert_false(group_commit_active(f->gc));
	assert_true(sqlite3_get_autocommit(f->db));	/* rolled back, not left open */
	assert_int_equal(count(f->reader, "p"), 0);
	assert_int_equal(count(f->reader, "c"), 0);
}

static void timed(void *arg, double seconds)
{
	struct fixture *f = arg;

	assert_true(seconds >= 0);
	f->calls[f->ncalls++] = 1;
}

static void test_every_commit_timed(void **state)
{
	struct fixture *f = *state;

	group_commit_time(f->gc, timed, f);
	assert_int_equal(group_commit_join(f->gc), 0);
	assert_int_equal(db_run(f->db, "INSERT INTO p VALUES (1)"), 0);
	group_commit_flush(f->gc);
	assert_int_equal(f->ncalls, 1);
	/* outside a group too (an admin's change); a read or a rollback is none */
	assert_int_equal(sqlite3_exec(f->db, "BEGIN; INSERT INTO p VALUES (2); COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(f->db, "SELECT * FROM p", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(f->db, "BEGIN; INSERT INTO p VALUES (3); ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(f->ncalls, 2);
}

static long long file_size(const char *name)
{
	struct stat st;

	return stat(name, &st) == 0 ? (long long)st.st_size : -1;
}

/* records the database file's size when answered */
static void record_size(void *arg, bool committed)
{
	struct fixture *f = arg;

	assert_true(committed);
	f->calls[f->ncalls++] = (int)(file_size(path) / 1024);
}

static void test_checkpoint_after_the_answers(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(sqlite3_exec(f->db, "CREATE TABLE big (b)", NULL, NULL, NULL), SQLITE_OK);
	/* a group that fills the WAL past 1000 pages: the checkpoint that copies
	 * them into the database comes once its answer is out */
	assert_int_equal(group_commit_join(f->gc), 0);
	for (int i = 0; i < 1100; i++)
		assert_int_equal(db_run(f->db, "INSERT INTO big VALUES (randomblob(3000))"), 0);
	assert_int_equal(group_commit_after(f->gc, record_size, f), 0);
	h2o_evloop_run(f->loop, 0);
	assert_int_equal(f->ncalls, 1);
	assert_true(f->calls[0] < 1024);	/* KiB: the answer went out before the copy */
	assert_true(file_size(path) > 1100 * 3000);	/* copied: only a checkpoint writes it */

	/* outside a group (an admin's change) it is done in the commit, as
	 * SQLite's own automatic checkpoint would */
	assert_int_equal(sqlite3_exec(f->db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	for (int i = 0; i < 1100; i++)
		assert_int_equal(db_run(f->db, "INSERT INTO big VALUES (randomblob(3000))"), 0);
	assert_int_equal(sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_true(file_size(path) > 2200 * 3000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_turn_commits_then_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_group_answers_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_handler_failure_rolls_back_its_own_part, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_commit_tells_every_waiter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_every_commit_timed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checkpoint_after_the_answers, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
