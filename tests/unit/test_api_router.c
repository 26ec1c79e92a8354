/* api: routing by method and pattern, errors as JSON, query decoding. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "api/api.h"

static void test_status_route_and_errors(void **state)
{
	struct api_call call = { .method = "DELETE", .path = "/api/v1/status" };
	struct api_reply reply = { 0 };
	(void)state;

	api_dispatch(&call, &reply);
	assert_int_equal(reply.status, 405);
	api_reply_free(&reply);

	call = (struct api_call){ .method = "GET", .path = "/api/v1/nothing-here" };
	api_dispatch(&call, &reply);
	assert_int_equal(reply.status, 404);
	assert_non_null(strstr(json_string_value(json_object_get(json_object_get(reply.json, "error"), "message")),
			       "/api/v1/nothing-here"));
	api_reply_free(&reply);
}

static void test_error_shape(void **state)
{
	struct api_reply reply = { 0 };
	json_t *err;
	(void)state;

	api_error(&reply, 400, "price", "must be %s", "zero or more");
	err = json_object_get(reply.json, "error");
	assert_int_equal(reply.status, 400);
	assert_string_equal(json_string_value(json_object_get(err, "message")), "must be zero or more");
	assert_string_equal(json_string_value(json_object_get(err, "field")), "price");
	api_reply_free(&reply);
}

static void test_query(void **state)
{
	static const struct { const char *query, *name; int rc; const char *value; } cases[] = {
		{ "a=1&b=two", "b", 0, "two" },
		{ "a=1&b=two", "a", 0, "1" },
		{ "ab=1&a=2", "a", 0, "2" },
		{ "q=hello+world%21", "q", 0, "hello world!" },
		{ "q=%2B1", "q", 0, "+1" },
		{ "flag&x=1", "flag", 0, "" },
		{ "x=1", "y", -ENOENT, NULL },
		{ "x=%00", "x", -EINVAL, NULL },
		{ "x=0123456789abcdef", "x", -E2BIG, NULL },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct api_call call = { .query = cases[i].query, .query_len = strlen(cases[i].query) };
		char buf[16];

		assert_int_equal(api_query(&call, cases[i].name, buf, sizeof(buf)), cases[i].rc);
		if (cases[i].value)
			assert_string_equal(buf, cases[i].value);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_route_and_errors),
		cmocka_unit_test(test_error_shape),
		cmocka_unit_test(test_query),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
