/* store: parsed values are served only for byte-identical text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "store/parse_cache.h"

struct value {
	int64_t a;
	char name[16];
};

static void test_hit_only_for_same_text(void **state)
{
	struct parse_cache *c = parse_cache_new(sizeof(struct value), 8);
	struct value v = { 42, "forty-two" }, out = { 0 };
	(void)state;

	assert_non_null(c);
	assert_false(parse_cache_get(c, 1, 0, "{\"a\":42}", &out));
	parse_cache_put(c, 1, 0, "{\"a\":42}", &v);
	assert_true(parse_cache_get(c, 1, 0, "{\"a\":42}", &out));
	assert_int_equal(out.a, 42);
	assert_string_equal(out.name, "forty-two");

	static const struct {
		int64_t id;
		uint32_t version;
		const char *text;
	} misses[] = {
		{ 1, 0, "{\"a\":43}" },		/* edited in place */
		{ 1, 0, "{\"a\":42} " },	/* longer */
		{ 1, 0, "{\"a\":4" },		/* shorter */
		{ 1, 1, "{\"a\":42}" },		/* another version */
		{ 2, 0, "{\"a\":42}" },		/* another row */
		{ 1, 0, NULL },
	};
	for (size_t i = 0; i < sizeof(misses) / sizeof(misses[0]); i++)
		assert_false(parse_cache_get(c, misses[i].id, misses[i].version, misses[i].text, &out));
	parse_cache_free(c);
}

static void test_collision_replaces(void **state)
{
	struct parse_cache *c = parse_cache_new(sizeof(struct value), 1);
	struct value v1 = { 1, "one" }, v2 = { 2, "two" }, out;
	(void)state;

	parse_cache_put(c, 1, 0, "one", &v1);
	parse_cache_put(c, 2, 0, "two", &v2);	/* one slot: replaces */
	assert_false(parse_cache_get(c, 1, 0, "one", &out));
	assert_true(parse_cache_get(c, 2, 0, "two", &out));
	assert_int_equal(out.a, 2);
	/* the same row again: the new text replaces the old */
	v2.a = 3;
	parse_cache_put(c, 2, 0, "three", &v2);
	assert_false(parse_cache_get(c, 2, 0, "two", &out));
	assert_true(parse_cache_get(c, 2, 0, "three", &out));
	assert_int_equal(out.a, 3);
	parse_cache_free(c);
}

/* As many consecutive rows as slots, from anywhere in the id range: every one stays. */
static void test_consecutive_ids_all_stay(void **state)
{
	struct parse_cache *c = parse_cache_new(sizeof(struct value), 1024);
	struct value v = { 0, "row" }, out;
	(void)state;

	for (int64_t id = 70001; id < 70001 + 1024; id++) {
		v.a = (int)id;
		parse_cache_put(c, id, 0, "row", &v);
	}
	for (int64_t id = 70001; id < 70001 + 1024; id++) {
		assert_true(parse_cache_get(c, id, 0, "row", &out));
		assert_int_equal(out.a, (int)id);
	}
	parse_cache_free(c);
}

/* the text of an entry whose value is unchanged: nothing to write again */
static void test_text_of_an_unchanged_value(void **state)
{
	struct parse_cache *c = parse_cache_new(sizeof(struct value), 8);
	struct value v = { 42, "forty-two" }, changed = v;
	(void)state;

	assert_null(parse_cache_text(c, 1, 0, &v));
	parse_cache_put(c, 1, 0, "{\"a\":42}", &v);
	assert_string_equal(parse_cache_text(c, 1, 0, &v), "{\"a\":42}");
	changed.a = 43;
	assert_null(parse_cache_text(c, 1, 0, &changed));
	assert_null(parse_cache_text(c, 1, 1, &v));	/* another version */
	assert_null(parse_cache_text(c, 2, 0, &v));	/* another row */
	assert_null(parse_cache_text(NULL, 1, 0, &v));
	parse_cache_free(c);
}

static void test_null_cache(void **state)
{
	struct value v = { 0 };
	(void)state;

	parse_cache_put(NULL, 1, 0, "x", &v);
	assert_false(parse_cache_get(NULL, 1, 0, "x", &v));
	parse_cache_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_only_for_same_text),
		cmocka_unit_test(test_collision_replaces),
		cmocka_unit_test(test_consecutive_ids_all_stay),
		cmocka_unit_test(test_text_of_an_unchanged_value),
		cmocka_unit_test(test_null_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
