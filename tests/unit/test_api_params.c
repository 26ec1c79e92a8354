/* api params: each bad input names its field and what is allowed. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "api/params.h"

static const char *error_field(struct api_reply *r)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), "field"));
}

static const char *error_message(struct api_reply *r)
{
	return json_string_value(json_object_get(json_object_get(r->json, "error"), "message"));
}

static void test_body_fields(void **state)
{
	static const struct {
		const char *body;
		const char *field;
		int kind;	/* 0 string, 1 int 0..100, 2 bool, 3 enum */
		int required;
		int rc;
		const char *message;
	} cases[] = {
		{ "{\"name\":\"cafe\"}", "name", 0, 1, 0, NULL },
		{ "{}", "name", 0, 1, -EINVAL, "name is required" },
		{ "{}", "name", 0, 0, 1, NULL },
		{ "{\"name\":\"\"}", "name", 0, 1, -EINVAL, "name must not be empty" },
		{ "{\"name\":5}", "name", 0, 1, -EINVAL, "name must be a string" },
		{ "{\"name\":\"abcdefghijklmnopq\"}", "name", 0, 1, -EINVAL, "name is too long: 17 characters, at most 16" },
		{ "{\"price\":100}", "price", 1, 1, 0, NULL },
		{ "{\"price\":-1}", "price", 1, 1, -EINVAL, "price must be between 0 and 100, not -1" },
		{ "{\"price\":1.5}", "price", 1, 1, -EINVAL, "price must be a whole number" },
		{ "{\"price\":\"7\"}", "price", 1, 1, -EINVAL, "price must be a whole number" },
		{ "{\"pin\":true}", "pin", 2, 1, 0, NULL },
		{ "{\"pin\":1}", "pin", 2, 1, -EINVAL, "pin must be true or false" },
		{ "{\"set\":\"digits\"}", "set", 3, 1, 0, NULL },
		{ "{\"set\":\"emoji\"}", "set", 3, 1, -EINVAL, "set must be one of digits, upper, not \"emoji\"" },
	};
	static const char *const sets[] = { "digits", "upper", NULL };
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct api_call call = { .body = json_loads(cases[i].body, 0, NULL) };
		struct api_reply reply = { 0 };
		const char *s;
		int64_t n;
		int b, e, rc = 0;

		switch (cases[i].kind) {
		case 0: rc = param_string(&call, &reply, cases[i].field, cases[i].required, 16, &s); break;
		case 1: rc = param_int(&call, &reply, cases[i].field, cases[i].required, 0, 100, &n); break;
		case 2: rc = param_bool(&call, &reply, cases[i].field, cases[i].required, &b); break;
		case 3: rc = param_enum(&call, &reply, cases[i].field, cases[i].required, sets, &e); break;
		}
		if (rc != cases[i].rc)
			fail_msg("case %zu: rc %d, expected %d", i, rc, cases[i].rc);
		if (cases[i].message) {
			assert_int_equal(reply.status, 400);
			assert_string_equal(error_field(&reply), cases[i].field);
			assert_string_equal(error_message(&reply), cases[i].message);
		}
		api_reply_free(&reply);
		json_decref(call.body);
	}
}

static void test_pages(void **state)
{
	static const struct { const char *query; int rc; int64_t page, per_page; } cases[] = {
		{ "", 0, 1, 50 },
		{ "page=3&per_page=20", 0, 3, 20 },
		{ "page=0", -EINVAL, 0, 0 },
		{ "per_page=1001", -EINVAL, 0, 0 },
		{ "page=two", -EINVAL, 0, 0 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct api_call call = { .query = cases[i].query, .query_len = strlen(cases[i].query) };
		struct api_reply reply = { 0 };
		struct page page;

		assert_int_equal(param_page(&call, &reply, 50, 1000, &page), cases[i].rc);
		if (cases[i].rc == 0) {
			assert_int_equal(page.page, cases[i].page);
			assert_int_equal(page.per_page, cases[i].per_page);
		} else {
			assert_int_equal(reply.status, 400);
		}
		api_reply_free(&reply);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_body_fields),
		cmocka_unit_test(test_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
