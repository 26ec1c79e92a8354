/* metrics: the Prometheus text writer (HELP/TYPE lines, labels and their
 * escaping, values), histograms, the registry and the admin API counters,
 * and commit timing through SQLite's hooks. */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "metrics/metrics.h"

static char *render_one(void (*fn)(struct metrics_out *o))
{
	struct metrics_out o;
	size_t len;
	char *text;

	metrics_out_init(&o);
	fn(&o);
	text = metrics_out_take(&o, &len);
	assert_non_null(text);
	assert_int_equal(strlen(text), len);
	return text;
}

static void write_family(struct metrics_out *o)
{
	metrics_family(o, "spotgate_things_total", "counter", "Things, counted.");
	metrics_sample(o, NULL, 3, NULL);
	metrics_sample(o, NULL, 12345678901234.0, "kind", "big", NULL);
	metrics_sample(o, NULL, 0.25, "kind", "a", "where", "b", NULL);
}

static void test_family_and_samples(void **state)
{
	char *text = render_one(write_family);
	(void)state;

	assert_string_equal(text,
			    "# HELP spotgate_things_total Things, counted.\n"
			    "# TYPE spotgate_things_total counter\n"
			    "spotgate_things_total 3\n"
			    "spotgate_things_total{kind=\"big\"} 12345678901234\n"
			    "spotgate_things_total{kind=\"a\",where=\"b\"} 0.25\n");
	free(text);
}

static void write_escapes(struct metrics_out *o)
{
	metrics_family(o, "spotgate_x", "gauge", "Back\\slash and\nnewline \"quoted\".");
	metrics_sample(o, NULL, NAN, "v", "a\"b\\c\nd", NULL);
	metrics_sample(o, NULL, INFINITY, "v", "", NULL);
	metrics_sample(o, NULL, -INFINITY, "v", "n", NULL);
	metrics_sample(o, NULL, -2, "v", "neg", NULL);
}

static void test_escaping_and_special_values(void **state)
{
	char *text = render_one(write_escapes);
	(void)state;

	/* HELP escapes \ and newline but not "; label values escape all three */
	assert_string_equal(text,
			    "# HELP spotgate_x Back\\\\slash and\\nnewline \"quoted\".\n"
			    "# TYPE spotgate_x gauge\n"
			    "spotgate_x{v=\"a\\\"b\\\\c\\nd\"} NaN\n"
			    "spotgate_x{v=\"\"} +Inf\n"
			    "spotgate_x{v=\"n\"} -Inf\n"
			    "spotgate_x{v=\"neg\"} -2\n");
	free(text);
}

static const double bounds[] = { 0.01, 0.1, 1 };

static void write_histogram(struct metrics_out *o)
{
	struct metrics_histogram h;

	metrics_histogram_init(&h, bounds, 3);
	metrics_histogram_observe(&h, 0.005);
	metrics_histogram_observe(&h, 0.01);	/* le is inclusive */
	metrics_histogram_observe(&h, 0.5);
	metrics_histogram_observe(&h, 7);	/* only in +Inf */
	metrics_write_histogram(o, "spotgate_poll_duration_seconds", "Poll time.", &h);
}

static void test_histogram(void **state)
{
	char *text = render_one(write_histogram);
	(void)state;

	assert_string_equal(text,
			    "# HELP spotgate_poll_duration_seconds Poll time.\n"
			    "# TYPE spotgate_poll_duration_seconds histogram\n"
			    "spotgate_poll_duration_seconds_bucket{le=\"0.01\"} 2\n"
			    "spotgate_poll_duration_seconds_bucket{le=\"0.1\"} 2\n"
			    "spotgate_poll_duration_seconds_bucket{le=\"1\"} 3\n"
			    "spotgate_poll_duration_seconds_bucket{le=\"+Inf\"} 4\n"
			    "spotgate_poll_duration_seconds_sum 7.5149999999999997\n"
			    "spotgate_poll_duration_seconds_count 4\n");
	free(text);
}

static void collect_guests(struct metrics_out *o, void *arg)
{
	metrics_family(o, "spotgate_guests_online", "gauge", "Guests online now.");
	metrics_sample(o, NULL, *(int *)arg, NULL);
}

static void test_registry_and_api_counters(void **state)
{
	struct metrics m;
	int guests = 42;
	size_t len;
	char *text;
	(void)state;

	metrics_init(&m);
	assert_int_equal(metrics_register(&m, collect_guests, &guests), 0);
	metrics_api_request(&m, "GET", 200);
	metrics_api_request(&m, "HEAD", 204);
	metrics_api_request(&m, "POST", 201);
	metrics_api_request(&m, "DELETE", 403);
	metrics_api_request(&m, "PATCH", 999);
	m.logins[LOGIN_RATE_LIMITED] = 5;

	text = metrics_render(&m, &len);
	assert_non_null(text);
	assert_non_null(strstr(text, "spotgate_guests_online 42\n"));
	assert_non_null(strstr(text, "spotgate_admin_api_requests_total{method_class=\"read\",status_class=\"2xx\"} 2\n"));
	assert_non_null(strstr(text, "spotgate_admin_api_requests_total{method_class=\"write\",status_class=\"2xx\"} 1\n"));
	assert_non_null(strstr(text, "spotgate_admin_api_requests_total{method_class=\"write\",status_class=\"4xx\"} 1\n"));
	assert_non_null(strstr(text, "spotgate_admin_api_requests_total{method_class=\"write\",status_class=\"other\"} 1\n"));
	assert_non_null(strstr(text, "spotgate_admin_logins_total{result=\"rate_limited\"} 5\n"));
	assert_non_null(strstr(text, "# TYPE spotgate_db_commit_duration_seconds histogram\n"));
	/* the core collector first, then ours, in registration order */
	assert_true(strstr(text, "spotgate_admin_logins_total") < strstr(text, "spotgate_guests_online"));
	free(text);

	while (m.ncollectors < METRICS_MAX_COLLECTORS)
		assert_int_equal(metrics_register(&m, collect_guests, &guests), 0);
	assert_int_equal(metrics_register(&m, collect_guests, &guests), -ENOSPC);
}

static void test_commit_timing(void **state)
{
	struct metrics m;
	char *text;
	size_t len;
	(void)state;

	metrics_init(&m);
	metrics_commit_timed(&m, 0.0003);
	metrics_commit_timed(&m, 0.002);
	assert_int_equal(m.db_commit.count, 2);
	text = metrics_render(&m, &len);
	assert_non_null(strstr(text, "spotgate_db_commit_duration_seconds_bucket{le=\"0.0005\"} 1\n"));
	assert_non_null(strstr(text, "spotgate_db_commit_duration_seconds_bucket{le=\"0.0025\"} 2\n"));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_family_and_samples),
		cmocka_unit_test(test_escaping_and_special_values),
		cmocka_unit_test(test_histogram),
		cmocka_unit_test(test_registry_and_api_counters),
		cmocka_unit_test(test_commit_timing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
