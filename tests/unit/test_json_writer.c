/* The JSON text writer (billing_json/writer.h): what it writes is the text jansson
 * writes for the same tree (JSON_COMPACT), for every kind of value it takes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "billing_json/writer.h"

static void assert_same_as_jansson(char *text, json_t *tree)
{
	char *want = json_dumps(tree, JSON_COMPACT);

	assert_non_null(text);
	assert_string_equal(text, want);
	free(want);
	free(text);
	json_decref(tree);
}

static void test_integers(void **state)
{
	static const int64_t values[] = { 0, 1, -1, 9, 10, 1790000001, INT64_MAX, INT64_MIN, -1234567890123 };
	struct json_writer w = { 0 };
	json_t *want = json_array();
	(void)state;

	json_writer_open(&w, NULL, '[');
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		json_writer_int(&w, NULL, values[i]);
		json_array_append_new(want, json_integer(values[i]));
	}
	json_writer_close(&w, ']');
	assert_same_as_jansson(json_writer_finish(&w), want);
}

static void test_strings_are_escaped(void **state)
{
	static const char *const values[] = { "", "EUR", "quote\" and \\ backslash", "tab\tnew\nline\r",
					      "\x01\x1f control", "utf-8 \xc3\xa9t\xc3\xa9", "/slash/" };
	struct json_writer w = { 0 };
	json_t *want = json_object();
	char key[8];
	(void)state;

	json_writer_open(&w, NULL, '{');
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		key[0] = 'k';
		key[1] = (char)('0' + i);
		key[2] = '\0';
		json_writer_string(&w, key, values[i]);
		json_object_set_new(want, key, json_string(values[i]));
	}
	json_writer_string(&w, "we\"ird", NULL);	/* NULL: the empty string */
	json_object_set_new(want, "we\"ird", json_string(""));
	json_writer_close(&w, '}');
	assert_same_as_jansson(json_writer_finish(&w), want);
}

static void test_nesting_and_empty_containers(void **state)
{
	struct json_writer w = { 0 };
	json_t *want = json_pack("{s:b, s:[], s:{}, s:[{s:i, s:{s:b}}, {}], s:i}", "on", 1, "none", "empty",
				 "list", "a", 1, "inner", "off", 0, "last", 2);
	(void)state;

	json_writer_open(&w, NULL, '{');
	json_writer_bool(&w, "on", true);
	json_writer_open(&w, "none", '[');
	json_writer_close(&w, ']');
	json_writer_open(&w, "empty", '{');
	json_writer_close(&w, '}');
	json_writer_open(&w, "list", '[');
	json_writer_open(&w, NULL, '{');
	json_writer_int(&w, "a", 1);
	json_writer_open(&w, "inner", '{');
	json_writer_bool(&w, "off", false);
	json_writer_close(&w, '}');
	json_writer_close(&w, '}');
	json_writer_open(&w, NULL, '{');
	json_writer_close(&w, '}');
	json_writer_close(&w, ']');
	json_writer_int(&w, "last", 2);
	json_writer_close(&w, '}');
	assert_same_as_jansson(json_writer_finish(&w), want);
}

/* keys of every length, up to and past the 60 characters written in one piece */
static void test_keys_of_any_length(void **state)
{
	struct json_writer w = { 0 };
	json_t *want = json_object();
	char key[80];
	(void)state;

	json_writer_open(&w, NULL, '{');
	for (size_t len = 1; len < sizeof(key); len++) {
		memset(key, 'a' + (int)(len % 26), len);
		key[len] = '\0';
		json_writer_int(&w, key, (int64_t)len);
		json_object_set_new(want, key, json_integer((json_int_t)len));
	}
	json_writer_close(&w, '}');
	assert_same_as_jansson(json_writer_finish(&w), want);
}

/* past the first buffer: the text grows and stays whole */
static void test_long_text(void **state)
{
	struct json_writer w = { 0 };
	json_t *want = json_array();
	(void)state;

	json_writer_open(&w, NULL, '[');
	for (int i = 0; i < 5000; i++) {
		json_writer_string(&w, NULL, "bucket");
		json_array_append_new(want, json_string("bucket"));
	}
	json_writer_close(&w, ']');
	assert_same_as_jansson(json_writer_finish(&w), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings_are_escaped),
		cmocka_unit_test(test_nesting_and_empty_containers),
		cmocka_unit_test(test_keys_of_any_length),
		cmocka_unit_test(test_long_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
