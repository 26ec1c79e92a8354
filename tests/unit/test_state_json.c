/* account and session states as JSON: every field reads back exactly, so
 * the state just written can be kept in memory (store/parse_cache.h) in
 * place of parsing it again on the next request. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "billing_json/account_json.h"

static void test_account_reads_back_exactly(void **state)
{
	struct account a, b;
	char err[256];
	json_t *o;
	(void)state;

	memset(&a, 0, sizeof(a));	/* padding too: compared with memcmp */
	a.status = ACCOUNT_SUSPENDED;
	a.created = 1790000001;
	a.valid_from = 1790000002;
	a.valid_until = 1790000003;
	a.first_login = 1790000004;
	a.use_until = 1790000005;
	a.purge_delay = 86400 * 30;
	a.nbuckets = 2;
	a.buckets[0] = (struct bucket){ .id = 11, .kind = BUCKET_FREE, .plan_id = 3, .plan_version = 2,
					.time_left = BUCKET_UNLIMITED, .data_left = 123456789, .valid_from = 17,
					.valid_until = 18, .cyclic = true,
					.refill = { .mode = REFILL_OVERWRITE,
						    .period = { .unit = PERIOD_MONTH, .count = 3, .aligned = true },
						    .anchor = 19, .time_amount = 3600, .data_amount = BUCKET_UNLIMITED,
						    .applied_index = 4, .last_index = -1 } };
	a.buckets[1] = (struct bucket){ .id = 12, .kind = BUCKET_PAID, .plan_id = 4, .plan_version = 1,
					.time_left = 7200, .data_left = BUCKET_UNLIMITED };
	a.fairuse = (struct fairuse_state){ .anchor = 21, .period_index = 22, .used_bytes = 23 };
	a.ledger = (struct postpaid_ledger){ .since = 31, .until = 32, .seconds = 33, .bytes = 34, .amount = 35,
					     .sessions = 36 };

	o = account_state_to_json(&a);
	memset(&b, 0x5a, sizeof(b));
	assert_int_equal(account_state_from_json(o, &b, err, sizeof(err)), 0);
	json_decref(o);
	assert_memory_equal(&a, &b, sizeof(a));
}

static void test_session_reads_back_exactly(void **state)
{
	struct session s, t;
	char err[256];
	json_t *o;
	(void)state;

	memset(&s, 0, sizeof(s));
	s.id = 41;
	s.account_id = 42;
	s.started = 1790000010;
	s.last = 1790000020;
	s.bucket = 1;
	s.rate = 2;
	s.throttled = true;
	s.open = (struct usage_record){ .session_id = 41, .account_id = 42, .plan_id = 43, .plan_version = 44,
					.bucket_id = 45, .rate = 2, .start = 1790000015, .stop = 1790000020,
					.seconds = 5, .bytes_up = 46, .bytes_down = 47, .charge = 48,
					.currency = "EUR", .cause = CDR_STOP, .stop_cause = STOP_IDLE_TIMEOUT };
	s.seconds = 50;
	s.bytes_up = 51;
	s.bytes_down = 52;
	s.charge = 53;

	o = session_state_to_json(&s);
	memset(&t, 0x5a, sizeof(t));
	assert_int_equal(session_state_from_json(o, &t, err, sizeof(err)), 0);
	json_decref(o);
	assert_memory_equal(&s, &t, sizeof(s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_account_reads_back_exactly),
		cmocka_unit_test(test_session_reads_back_exactly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
