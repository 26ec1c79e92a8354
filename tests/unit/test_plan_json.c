/* plans as JSON: round trip, strict fields with paths, unit price. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "billing_json/plan_json.h"

static void test_round_trip(void **state)
{
	const char *text =
		"{\"name\":\"Week\",\"code\":\"W1\",\"measure\":\"both\",\"time_amount\":36000,"
		"\"data_amount\":5000000000,\"price\":1500,\"speed_down\":10000000,\"speed_up\":2000000,"
		"\"validity\":{\"mode\":\"from-first-use\",\"duration\":\"7d\"},"
		"\"fair_use\":{\"action\":\"throttle\",\"threshold_bytes\":1000000000,"
		"\"period\":{\"unit\":\"day\",\"count\":1,\"aligned\":true},\"speed_down\":1000000,\"speed_up\":500000},"
		"\"schedules\":[{\"days\":[\"sat\",\"sun\"],\"from\":\"22:00\",\"to\":\"06:00\",\"speed_down\":20000000},"
		"{\"start_date\":\"2026-12-24\",\"end_date\":\"2026-12-26\",\"price_per_hour\":0}],"
		"\"idle_timeout\":600,\"max_devices\":2,\"quick_ticket\":true}";
	json_t *in = json_loads(text, 0, NULL), *out, *again;
	struct plan p, q;
	char field[96], err[256];
	(void)state;

	plan_defaults(&p, "EUR");
	assert_int_equal(plan_from_json(in, &p, field, sizeof(field), err, sizeof(err)), 0);
	assert_int_equal(p.measure, PLAN_MEASURE_BOTH);
	assert_int_equal(p.validity.mode, VALIDITY_FROM_FIRST_USE);
	assert_int_equal(p.validity.duration.unit, DURATION_DAYS);
	assert_int_equal(p.validity.duration.count, 7);
	assert_int_equal(p.nschedules, 2);
	assert_int_equal(p.schedules[0].weekdays, SCHEDULE_WEEKEND);
	assert_int_equal(p.schedules[0].minute_from, 22 * 60);
	assert_int_equal(p.schedules[0].minute_to, 6 * 60);
	assert_true(p.schedules[0].has_speed);
	assert_false(p.schedules[0].has_price);
	assert_true(p.schedules[1].has_price);
	assert_int_equal(p.schedules[1].start_date, 20261224);
	assert_int_equal(p.fairuse.action, FAIRUSE_THROTTLE);
	assert_true(p.fairuse.period.aligned);

	out = plan_to_json(&p);
	plan_defaults(&q, "USD");
	assert_int_equal(plan_from_json(out, &q, field, sizeof(field), err, sizeof(err)), 0);
	again = plan_to_json(&q);
	assert_true(json_equal(out, again));
	assert_string_equal(json_string_value(json_object_get(json_object_get(out, "validity"), "duration")), "7d");
	json_decref(in);
	json_decref(out);
	json_decref(again);
}

static void test_unit_price(void **state)
{
	/* 15 minutes at 1.00 is 4.00 an hour; 1 hour from a unit price of 3.00 is 3.00 */
	json_t *quarter = json_loads("{\"name\":\"q\",\"time_amount\":900,\"price\":100}", 0, NULL);
	json_t *hour = json_loads("{\"name\":\"h\",\"time_amount\":3600,\"unit_price\":300}", 0, NULL);
	struct plan p;
	char field[96], err[256];
	json_t *out;
	(void)state;

	plan_defaults(&p, "EUR");
	assert_int_equal(plan_from_json(quarter, &p, field, sizeof(field), err, sizeof(err)), 0);
	out = plan_to_json(&p);
	assert_int_equal(json_integer_value(json_object_get(out, "unit_price")), 400);
	json_decref(out);

	plan_defaults(&p, "EUR");
	assert_int_equal(plan_from_json(hour, &p, field, sizeof(field), err, sizeof(err)), 0);
	assert_int_equal(p.price, 300);
	json_decref(quarter);
	json_decref(hour);
}

static void test_errors_name_the_field(void **state)
{
	static const struct { const char *json, *field, *message; } cases[] = {
		{ "{\"nmae\":\"x\"}", "nmae", "unknown field" },
		{ "{\"name\":\"\"}", "name", "must not be empty" },
		{ "{\"price\":\"5.00\"}", "price", "must be a whole number" },
		{ "{\"payment\":\"credit\"}", "payment", "must be one of prepaid, postpaid" },
		{ "{\"measure\":\"vibes\"}", "measure", "must be one of time, traffic, both, unlimited" },
		{ "{\"validity\":{\"mode\":\"from-first-use\",\"duration\":\"1 day\"}}", "validity.duration", "30min, 12h, 1d" },
		{ "{\"validity\":{\"mode\":\"sometimes\"}}", "validity.mode", "must be one of always" },
		{ "{\"cyclic\":{\"unit\":\"fortnight\"}}", "cyclic.unit", "must be one of none, day, week, month, year" },
		{ "{\"fair_use\":{\"period\":{\"unit\":\"month\",\"cnt\":1}}}", "fair_use.period.cnt", "unknown field" },
		{ "{\"schedules\":[{\"from\":\"25:00\"}]}", "schedules[0].from", "time of day" },
		{ "{\"schedules\":[{}, {\"days\":[\"funday\"]}]}", "schedules[1].days", "mon, tue" },
		{ "{\"schedules\":[{\"start_date\":\"26-1-1\"}]}", "schedules[0].start_date", "YYYY-MM-DD" },
		{ "{\"schedules\":[{},{},{},{},{}]}", "schedules", "at most 4" },
		{ "{\"max_devices\":-1}", "max_devices", "between 0 and 1000" },
		{ "{\"unit_price\":100,\"measure\":\"unlimited\"}", "unit_price", "needs a time or traffic amount" },
		{ "[1]", "", "a plan must be a JSON object" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		json_t *in = json_loads(cases[i].json, JSON_DECODE_ANY, NULL);
		struct plan p;
		char field[96] = "", err[256] = "";

		assert_non_null(in);
		plan_defaults(&p, "EUR");
		if (plan_from_json(in, &p, field, sizeof(field), err, sizeof(err)) != -EINVAL)
			fail_msg("case %zu accepted", i);
		if (strcmp(field, cases[i].field) != 0 || !strstr(err, cases[i].message))
			fail_msg("case %zu: field \"%s\" err \"%s\"", i, field, err);
		json_decref(in);
	}
}

/* plan_validate()'s problems named by the JSON path a client sent */
static void test_validation_names_json_fields(void **state)
{
	static const struct { const char *json, *field, *message; } cases[] = {
		{ "\"fair_use\":{\"action\":\"throttle\",\"threshold_bytes\":1000,\"period\":{\"unit\":\"day\"}}",
		  "fair_use.speed_down", "fair_use.speed_down: a throttle needs" },
		{ "\"fair_use\":{\"action\":\"block\",\"period\":{\"unit\":\"day\"}}",
		  "fair_use.threshold_bytes", "fair_use.threshold_bytes: must be greater than 0" },
		{ "\"fair_use\":{\"action\":\"block\",\"threshold_bytes\":1000}", "fair_use.period.unit",
		  "must be day, week, month or year" },
		{ "\"schedules\":[{\"from\":\"08:00\",\"to\":\"18:00\",\"price_per_hour\":100}]",
		  "schedules[0].price_per_hour", "a prepaid plan has no usage price" },
		{ "\"schedules\":[{\"speed_down\":1},{\"days\":[\"sat\"]}]", "schedules[1].speed_down",
		  "changes neither price nor speed" },
		{ "\"schedules\":[{\"start_date\":\"2026-03-02\",\"end_date\":\"2026-03-01\",\"speed_up\":1}]",
		  "schedules[0].end_date", "before start_date" },
		{ "\"price_per_10mb\":5", "price_per_10mb", "not a usage price" },
		{ "\"start_cost\":5", "start_cost", "only postpaid" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512], field[96] = "", err[256] = "";
		json_t *in;
		struct plan p;

		snprintf(text, sizeof(text), "{\"name\":\"x\",\"code\":\"x\",\"time_amount\":3600,\"price\":100,%s}",
			 cases[i].json);
		in = json_loads(text, 0, NULL);
		assert_non_null(in);
		plan_defaults(&p, "EUR");
		assert_int_equal(plan_from_json(in, &p, field, sizeof(field), err, sizeof(err)), 0);
		assert_int_equal(plan_json_validate(&p, field, sizeof(field), err, sizeof(err)), -EINVAL);
		if (strcmp(field, cases[i].field) != 0 || !strstr(err, cases[i].message) ||
		    strncmp(err, field, strlen(field)) != 0)
			fail_msg("case %zu: field \"%s\" err \"%s\"", i, field, err);
		json_decref(in);
	}
}

static void test_durations(void **state)
{
	static const struct { const char *text; int rc; enum duration_unit unit; uint32_t count; } cases[] = {
		{ "30min", 0, DURATION_MINUTES, 30 }, { "12h", 0, DURATION_HOURS, 12 },
		{ "1d", 0, DURATION_DAYS, 1 },        { "2w", 0, DURATION_WEEKS, 2 },
		{ "3mo", 0, DURATION_MONTHS, 3 },     { "3m", -EINVAL, 0, 0 },
		{ "d", -EINVAL, 0, 0 },               { "-1d", -EINVAL, 0, 0 },
		{ "1.5h", -EINVAL, 0, 0 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct duration d = { 0 };
		char buf[16];

		assert_int_equal(duration_parse(cases[i].text, &d), cases[i].rc);
		if (cases[i].rc)
			continue;
		assert_int_equal(d.unit, cases[i].unit);
		assert_int_equal(d.count, cases[i].count);
		duration_format(&d, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unit_price),
		cmocka_unit_test(test_errors_name_the_field),
		cmocka_unit_test(test_validation_names_json_fields),
		cmocka_unit_test(test_durations),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
