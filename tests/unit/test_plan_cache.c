/* store: plans kept in memory, and dropped whenever a plan may have changed */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "billing_json/plan_json.h"
#include "store/db.h"
#include "store/plan_cache.h"

struct fixture {
	char dir[32], path[64];
	sqlite3 *db, *other;	/* other: another connection, as an admin's sqlite3 */
	struct plan_cache *cache;
	int64_t plan_id;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct plan p;
	struct plan_meta meta = { .location_id = 1 };
	char err[256];

	strcpy(f->dir, "/tmp/sg-plancache-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof(f->path), "%s/t.db", f->dir);
	assert_int_equal(db_open(f->path, &f->db, err, sizeof(err)), 0);
	assert_int_equal(sqlite3_open(f->path, &f->other), SQLITE_OK);
	plan_defaults(&p, "EUR");
	snprintf(p.name, sizeof(p.name), "Day");
	assert_int_equal(plan_insert(f->db, &p, &meta, 1000), 0);
	f->plan_id = p.id;
	f->cache = plan_cache_new(f->db);
	assert_non_null(f->cache);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char cmd[64];

	plan_cache_free(f->cache);
	db_close(f->db);
	db_close(f->other);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	free(f);
	return system(cmd);
}

/* the plan's name as loaded through the cache; counts what answered it */
static const char *name_of(struct fixture *f, uint32_t version, uint64_t *hits, uint64_t *misses)
{
	static struct plan p;
	struct plan_meta meta;

	assert_int_equal(plan_cache_load(f->cache, f->db, f->plan_id, version, &p, &meta), 0);
	assert_int_equal(meta.location_id, 1);
	plan_cache_stats(f->cache, hits, misses);
	return p.name;
}

static void exec(sqlite3 *db, const char *sql)
{
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static void test_second_load_from_memory(void **state)
{
	struct fixture *f = *state;
	uint64_t hits, misses;
	struct plan p;

	assert_string_equal(name_of(f, 0, &hits, &misses), "Day");
	assert_string_equal(name_of(f, 0, &hits, &misses), "Day");
	assert_int_equal(hits, 1);
	assert_int_equal(misses, 1);
	/* the current version and version 1 are kept apart */
	assert_string_equal(name_of(f, 1, &hits, &misses), "Day");
	assert_int_equal(misses, 2);
	assert_int_equal(plan_cache_load(f->cache, f->db, 999, 0, &p, NULL), -ENOENT);
	/* no cache: straight from the database */
	assert_int_equal(plan_cache_load(NULL, f->db, f->plan_id, 0, &p, NULL), 0);
	assert_string_equal(p.name, "Day");
}

static void test_changes_are_seen(void **state)
{
	/* each way a plan can change, then the name a load gives */
	static const struct {
		const char *what;
		int conn;	/* 0: the cache's connection, 1: another */
		const char *sql;
		const char *name;
	} changes[] = {
		{ "an edit on the connection", 0, "UPDATE plans SET name = 'Week'", "Week" },
		{ "new terms on the connection", 0, "UPDATE plan_versions SET currency = 'USD'", "Week" },
		{ "a commit by another connection", 1, "UPDATE plans SET name = 'Month'", "Month" },
		{ "an edit rolled back", 0, "BEGIN; UPDATE plans SET name = 'Never'; SELECT 1; ROLLBACK", "Month" },
	};
	struct fixture *f = *state;
	uint64_t hits, misses, before;

	for (size_t i = 0; i < sizeof(changes) / sizeof(changes[0]); i++) {
		name_of(f, 0, &hits, &before);
		exec(changes[i].conn ? f->other : f->db, changes[i].sql);
		if (strcmp(name_of(f, 0, &hits, &misses), changes[i].name) != 0 || misses != before + 1)
			fail_msg("%s: not seen", changes[i].what);
	}
}

static void test_rolled_back_edit_not_kept(void **state)
{
	struct fixture *f = *state;
	uint64_t hits, misses;

	/* loaded while the edit is open, then the edit is undone */
	exec(f->db, "BEGIN; UPDATE plans SET name = 'Never'");
	assert_string_equal(name_of(f, 0, &hits, &misses), "Never");
	exec(f->db, "ROLLBACK");
	assert_string_equal(name_of(f, 0, &hits, &misses), "Day");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_second_load_from_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changes_are_seen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rolled_back_edit_not_kept, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
