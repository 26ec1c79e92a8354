/* the sites-visited log: repeats folded, names normalised, flush and prune. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "store/db.h"
#include "store/sites.h"

static void test_fold_flush_list_prune(void **state)
{
	char dir[] = "/tmp/sg-sites-XXXXXX", path[64], err[256], cmd[96];
	struct sites_log log = { 0 };
	struct sites_query q = { .from = 0, .to = INT64_MAX, .limit = 100 };
	int64_t total, deleted;
	json_t *items = json_array();
	sqlite3 *db;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(db_open(path, &db, err, sizeof(err)), 0);

	sites_log_add(&log, "02:00:00:00:01:01", "WWW.Example.COM.", 1000);
	sites_log_add(&log, "02:00:00:00:01:01", "www.example.com", 1030);	/* a repeat: folded */
	sites_log_add(&log, "02:00:00:00:01:02", "www.example.com", 1030);	/* another device */
	sites_log_add(&log, "02:00:00:00:01:01", "www.example.com", 1061);	/* a minute later: a visit */
	sites_log_add(&log, "02:00:00:00:01:01", "", 1070);			/* nothing asked */
	assert_int_equal(log.n, 3);
	assert_int_equal(sites_log_flush(&log, db), 0);
	assert_int_equal(log.n, 0);

	assert_int_equal(sites_list(db, &q, items, &total), 0);
	assert_int_equal(total, 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 2), "name")), "www.example.com");
	json_array_clear(items);
	q.mac = "02:00:00:00:01:02";
	assert_int_equal(sites_list(db, &q, items, &total), 0);
	assert_int_equal(total, 1);

	assert_int_equal(sites_prune(db, 1050, &deleted), 0);
	assert_int_equal(deleted, 2);
	json_decref(items);
	sites_log_free(&log);
	db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_flush_list_prune),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
