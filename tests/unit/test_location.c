/* store/location: each field's validation (table-driven), and the rows:
 * add, find by id or name, rename, and removal refused while anything
 * still belongs to the location. */
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

#include "store/db.h"
#include "store/location.h"
#include "store/stmt_cache.h"

struct field_case {
	const char *value;
	int rc;			/* 0, -EINVAL or -ENOENT */
	const char *says;	/* in the message when refused */
};

static void run_cases(int (*check)(const char *, char *, size_t), const struct field_case *cases, size_t n,
		      const char *field)
{
	for (size_t i = 0; i < n; i++) {
		char err[512] = "";
		int rc = check(cases[i].value, err, sizeof(err));

		if (rc != cases[i].rc)
			fail_msg("%s \"%s\": rc %d, want %d (%s)", field, cases[i].value, rc, cases[i].rc, err);
		if (rc) {
			/* the message names the field, for a person and for the API's "field" */
			if (strncmp(err, field, strlen(field)) != 0 || !strstr(err, cases[i].says))
				fail_msg("%s \"%s\": message \"%s\" should start with %s and say \"%s\"", field,
					 cases[i].value, err, field, cases[i].says);
		}
	}
}

static char long_name[LOCATION_NAME_MAX + 2];
static char long_venue[LOCATION_VENUE_MAX + 2];

static void test_name(void **state)
{
	(void)state;
	memset(long_name, 'x', sizeof(long_name) - 1);
	const struct field_case cases[] = {
		{ "cafe", 0, NULL },
		{ "Café Central", 0, NULL },
		{ "Hotel 7", 0, NULL },
		{ "12a", 0, NULL },
		{ long_name + 1, 0, NULL },			/* 64 characters */
		{ "", -EINVAL, "1 to 64" },
		{ long_name, -EINVAL, "not 65" },
		{ " lobby", -EINVAL, "space" },
		{ "lobby ", -EINVAL, "space" },
		{ "a\tb", -EINVAL, "control" },
		{ "a\x7f", -EINVAL, "control" },
		{ "123", -EINVAL, "location id" },		/* would be read as location 123 */
	};
	run_cases(location_check_name, cases, sizeof(cases) / sizeof(cases[0]), "name");
}

static void test_timezone(void **state)
{
	(void)state;
	const struct field_case cases[] = {
		{ "UTC", 0, NULL },
		{ "Europe/Berlin", 0, NULL },
		{ "America/Argentina/Buenos_Aires", 0, NULL },
		{ "Mars/Olympus", -EINVAL, "Mars/Olympus" },
		{ "", -EINVAL, "IANA" },
		{ "Europe", -EINVAL, "not a time zone" },	/* a directory of zones */
		{ "../../etc/passwd", -EINVAL, "not a time zone" },
		{ "/etc/localtime", -EINVAL, "not a time zone" },
		{ "Europe/Berlin;rm", -EINVAL, "not a time zone" },
	};
	run_cases(location_check_timezone, cases, sizeof(cases) / sizeof(cases[0]), "timezone");
}

static char portal_dir[64];

static int check_template_in_dir(const char *t, char *err, size_t errlen)
{
	return location_check_template(t, portal_dir, err, errlen);
}

static int check_template_unreachable(const char *t, char *err, size_t errlen)
{
	return location_check_template(t, NULL, err, errlen);
}

static void test_template(void **state)
{
	char path[160], cmd[96];
	FILE *f;
	(void)state;

	strcpy(portal_dir, "/tmp/sg-loc-portal-XXXXXX");
	assert_non_null(mkdtemp(portal_dir));
	snprintf(path, sizeof(path), "%s/cafe", portal_dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/cafe/layout.html", portal_dir);
	assert_non_null(f = fopen(path, "w"));
	fclose(f);
	snprintf(path, sizeof(path), "%s/empty", portal_dir);	/* a directory, but no template */
	assert_int_equal(mkdir(path, 0755), 0);

	const struct field_case in_dir[] = {
		{ "", 0, NULL },			/* [portal] template */
		{ "cafe", 0, NULL },
		{ "missing", -ENOENT, "missing" },
		{ "empty", -ENOENT, "is not in" },
		{ "../cafe", -EINVAL, "directory name" },
		{ ".hidden", -EINVAL, "directory name" },
		{ "a/b", -EINVAL, "directory name" },
		{ "café", -EINVAL, "directory name" },
		{ "x y", -EINVAL, "directory name" },
	};
	run_cases(check_template_in_dir, in_dir, sizeof(in_dir) / sizeof(in_dir[0]), "template");

	/* without the portal's files at hand only the name is checked */
	const struct field_case unreachable[] = {
		{ "hotel-2.v1_de", 0, NULL },
		{ "missing", 0, NULL },
		{ "..", -EINVAL, "directory name" },
		{ "0123456789012345678901234567890123456789012345678901234567890123", -EINVAL, "at most 63" },
	};
	run_cases(check_template_unreachable, unreachable, sizeof(unreachable) / sizeof(unreachable[0]), "template");

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", portal_dir);
	assert_int_equal(system(cmd), 0);
}

static void test_currency_and_venue(void **state)
{
	(void)state;
	const struct field_case currencies[] = {
		{ "", 0, NULL },
		{ "EUR", 0, NULL },
		{ "CHF", 0, NULL },
		{ "eur", -EINVAL, "ISO 4217" },
		{ "EURO", -EINVAL, "ISO 4217" },
		{ "E1R", -EINVAL, "ISO 4217" },
	};
	run_cases(location_check_currency, currencies, sizeof(currencies) / sizeof(currencies[0]), "currency");

	memset(long_venue, 'v', sizeof(long_venue) - 1);
	const struct field_case venues[] = {
		{ "", 0, NULL },
		{ "Café Central – Guest Wi-Fi", 0, NULL },
		{ long_venue + 1, 0, NULL },		/* 128 characters */
		{ long_venue, -EINVAL, "at most 128" },
		{ "two\nlines", -EINVAL, "control" },
	};
	run_cases(location_check_venue, venues, sizeof(venues) / sizeof(venues[0]), "venue_name");
}

static void test_validate_names_the_first_bad_field(void **state)
{
	static const struct {
		struct location loc;
		const char *field;
	} cases[] = {
		{ { .name = "cafe", .timezone = "Europe/Vienna", .currency = "EUR" }, NULL },
		{ { .name = "", .timezone = "Mars/Olympus" }, "name" },
		{ { .name = "cafe", .timezone = "Mars/Olympus", .currency = "eur" }, "timezone" },
		{ { .name = "cafe", .timezone = "UTC", .venue_name = "a\rb" }, "venue_name" },
		{ { .name = "cafe", .timezone = "UTC", .template = "../x" }, "template" },
		{ { .name = "cafe", .timezone = "UTC", .currency = "eur" }, "currency" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *field = NULL;
		char err[512];
		int rc = location_validate(&cases[i].loc, NULL, &field, err, sizeof(err));

		if (!cases[i].field) {
			assert_int_equal(rc, 0);
			continue;
		}
		assert_int_not_equal(rc, 0);
		assert_non_null(field);
		assert_string_equal(field, cases[i].field);
	}
}

/* --- rows --------------------------------------------------------------------------- */

static void exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static void count_item(const struct location *loc, void *arg)
{
	(void)loc;
	(*(int *)arg)++;
}

static void test_rows(void **state)
{
	char dir[] = "/tmp/sg-loc-XXXXXX", path[64], err[256], cmd[256];
	struct location cafe = { .name = "cafe", .timezone = "Europe/Berlin", .venue_name = "Cafe Central",
				 .currency = "CHF" };
	struct location hotel = { .name = "hotel", .timezone = "UTC" }, got;
	struct location_usage u;
	int64_t id, total;
	int seen = 0;
	sqlite3 *db;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/t.db", dir);
	assert_int_equal(db_open(path, &db, err, sizeof(err)), 0);

	/* the migration's default location */
	assert_int_equal(location_get(db, LOCATION_DEFAULT, &got), 0);
	assert_string_equal(got.name, "default");
	assert_string_equal(got.template, "");

	assert_int_equal(location_add(db, &cafe), 0);
	assert_true(cafe.id > 1 && cafe.created_at > 0);
	assert_int_equal(location_add(db, &(struct location){ .name = "cafe", .timezone = "UTC" }), -EEXIST);
	assert_int_equal(location_add(db, &hotel), 0);

	/* by id or by name */
	assert_int_equal(location_find(db, "cafe", &id), 0);
	assert_int_equal(id, cafe.id);
	snprintf(path, sizeof(path), "%lld", (long long)hotel.id);
	assert_int_equal(location_find(db, path, &id), 0);
	assert_int_equal(id, hotel.id);
	assert_int_equal(location_find(db, "nowhere", &id), -ENOENT);
	assert_int_equal(location_find(db, "999", &id), -ENOENT);
	assert_int_equal(location_get(db, cafe.id, &got), 0);
	assert_string_equal(got.timezone, "Europe/Berlin");
	assert_string_equal(got.venue_name, "Cafe Central");
	assert_string_equal(got.currency, "CHF");

	/* renaming onto a taken name is refused; the rest saves */
	got.id = hotel.id;
	assert_int_equal(location_update(db, &got), -EEXIST);
	snprintf(hotel.name, sizeof(hotel.name), "Hotel Adler");
	snprintf(hotel.template, sizeof(hotel.template), "adler");
	assert_int_equal(location_update(db, &hotel), 0);
	assert_int_equal(location_find(db, "Hotel Adler", &id), 0);
	assert_int_equal(location_update(db, &(struct location){ .id = 999, .name = "x", .timezone = "UTC" }),
			 -ENOENT);
	/* the schema refuses what validation would */
	assert_int_not_equal(sqlite3_exec(db, "UPDATE locations SET currency = 'chf' WHERE id = 2", NULL, NULL, NULL),
			     SQLITE_OK);

	assert_int_equal(location_list(db, 0, 0, 100, &total, count_item, &seen), 0);
	assert_int_equal(total, 3);
	assert_int_equal(seen, 3);
	seen = 0;
	assert_int_equal(location_list(db, cafe.id, 0, 100, &total, count_item, &seen), 0);
	assert_int_equal(total, 1);
	assert_int_equal(seen, 1);

	/* removal: never location 1; not while something belongs to it */
	assert_int_equal(location_delete(db, LOCATION_DEFAULT, &u), -EPERM);
	assert_int_equal(location_delete(db, 999, &u), -ENOENT);
	snprintf(cmd, sizeof(cmd), "INSERT INTO plans (location_id, name, created_at) VALUES (%lld, 'Hour', 0)",
		 (long long)cafe.id);
	exec(db, cmd);
	exec(db, "UPDATE plans SET retired_at = 1");	/* retired plans still belong to it */
	assert_int_equal(location_delete(db, cafe.id, &u), -EBUSY);
	assert_int_equal(u.plans, 1);
	assert_int_equal(u.operators, 0);
	snprintf(cmd, sizeof(cmd), "INSERT INTO admin_users (username, role, location_id, password, created_at, "
		 "password_changed_at) VALUES ('desk', 'operator', %lld, 'x', 0, 0)", (long long)hotel.id);
	exec(db, cmd);
	assert_int_equal(location_delete(db, hotel.id, &u), -EBUSY);
	assert_int_equal(u.operators, 1);
	assert_int_equal(u.plans, 0);
	exec(db, "DELETE FROM admin_users");

	/* unused: gone, with its portal settings */
	snprintf(cmd, sizeof(cmd), "INSERT INTO portal_settings VALUES (%lld, 'access_code', 'x', 0)",
		 (long long)hotel.id);
	exec(db, cmd);
	assert_int_equal(location_delete(db, hotel.id, &u), 0);
	assert_int_equal(location_get(db, hotel.id, &got), -ENOENT);
	assert_int_equal(db_count(db, "portal_settings"), 0);
	assert_int_equal(location_get(db, cafe.id, &got), 0);

	db_close(db);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_timezone),
		cmocka_unit_test(test_template),
		cmocka_unit_test(test_currency_and_venue),
		cmocka_unit_test(test_validate_names_the_first_bad_field),
		cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
