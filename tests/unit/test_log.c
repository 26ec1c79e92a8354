/* Log lines: written at once, or batched until a flush or a warning. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/log.h"

/* stderr goes to a temporary file while a test logs, and back to the terminal
 * while it checks, so that cmocka's reports are seen; written() reads it whole */
static int saved_stderr = -1;
static FILE *sink;

static void capture(void)
{
	dup2(fileno(sink), STDERR_FILENO);
}

static void report(void)
{
	dup2(saved_stderr, STDERR_FILENO);
}

static int setup(void **state)
{
	(void)state;
	sink = tmpfile();
	saved_stderr = dup(STDERR_FILENO);
	if (!sink || saved_stderr < 0)
		return -1;
	capture();
	log_set_level(LOG_INFO);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	log_batch(false);
	report();
	close(saved_stderr);
	fclose(sink);
	return 0;
}

/* what was logged so far; the checks that follow it report to the terminal */
static char *written(void)
{
	long n = lseek(fileno(sink), 0, SEEK_END);
	char *text = calloc(1, (size_t)n + 1);

	report();
	assert_non_null(text);
	assert_int_equal(pread(fileno(sink), text, (size_t)n, 0), n);
	return text;
}

static void expect_written(const char *want)
{
	char *text = written();

	assert_string_equal(text, want);
	free(text);
	capture();
}

static void test_unbatched_lines_go_out_at_once(void **state)
{
	(void)state;
	log_info("radius", "access accepted user=%s", "ABC");
	expect_written("info radius: access accepted user=ABC\n");
	log_debug("radius", "not at this level");
	log_error("db", "commit failed");
	expect_written("info radius: access accepted user=ABC\nerror db: commit failed\n");
}

static void test_batched_lines_wait_for_the_flush(void **state)
{
	(void)state;
	log_batch(true);
	log_info("radius", "one");
	log_info("radius", "two");
	expect_written("");
	log_flush();
	expect_written("info radius: one\ninfo radius: two\n");
	log_flush();	/* nothing new */
	expect_written("info radius: one\ninfo radius: two\n");
}

static void test_a_warning_goes_out_at_once_with_what_came_before(void **state)
{
	(void)state;
	log_batch(true);
	log_info("aaa", "first");
	log_warn("radius", "accounting for an unknown session");
	expect_written("info aaa: first\nwarn radius: accounting for an unknown session\n");
	log_info("aaa", "after");
	expect_written("info aaa: first\nwarn radius: accounting for an unknown session\n");
	log_batch(false);	/* turning it off flushes */
	expect_written("info aaa: first\nwarn radius: accounting for an unknown session\ninfo aaa: after\n");
}

static void test_a_full_batch_is_written_before_it_overflows(void **state)
{
	enum { LINES = 3000 };	/* ~100 KB: more than the batch holds */
	char *text, *p, want[64];
	(void)state;

	log_batch(true);
	for (int i = 0; i < LINES; i++)
		log_info("test", "line number %05d of the batch", i);
	text = written();
	assert_true(strlen(text) > 0);		/* some went out already */
	free(text);
	capture();
	log_flush();
	text = written();
	p = text;
	for (int i = 0; i < LINES; i++) {	/* every line, once, in order */
		int n = snprintf(want, sizeof(want), "info test: line number %05d of the batch\n", i);

		assert_memory_equal(p, want, (size_t)n);
		p += n;
	}
	assert_int_equal(*p, '\0');
	free(text);
}

static void test_a_long_message_is_cut_and_still_one_line(void **state)
{
	char *big = malloc(5000), *text;
	size_t n;
	(void)state;

	memset(big, 'x', 4999);
	big[4999] = '\0';
	log_info("test", "%s", big);
	text = written();
	n = strlen(text);
	assert_true(n > 1000 && n < 2048);
	assert_ptr_equal(strchr(text, '\n'), text + n - 1);	/* one line */
	free(text);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_unbatched_lines_go_out_at_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_batched_lines_wait_for_the_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_warning_goes_out_at_once_with_what_came_before, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_a_full_batch_is_written_before_it_overflows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_long_message_is_cut_and_still_one_line, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
