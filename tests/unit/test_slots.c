/* dataplane: counter slots are handed out once each, freed ones go to the back of
 * the queue, slot 0 ("none") never, and a rebuilt table keeps what was claimed. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dataplane/slots.h"

static struct sg_mac mac(uint8_t n)
{
	return (struct sg_mac){ { 0x02, 0, 0, 0, 0, n } };
}

static uint32_t take(struct slot_table *t, uint8_t n)
{
	struct sg_mac m = mac(n);
	uint32_t s = 0;

	assert_int_equal(slots_take(t, &m, &s), 0);
	return s;
}

static void test_take_and_put_in_queue_order(void **state)
{
	struct slot_table t;
	struct sg_mac m = mac(9);
	uint32_t s;
	(void)state;

	assert_int_equal(slots_init(&t, 4), 0);	/* slots 1..3 */
	slots_ready(&t);
	assert_int_equal(slots_used(&t), 0);
	assert_int_equal(take(&t, 1), 1);
	assert_int_equal(take(&t, 2), 2);
	slots_put(&t, 1);
	assert_int_equal(take(&t, 3), 3);	/* the freed 1 waits behind 3 */
	assert_int_equal(take(&t, 4), 1);
	assert_int_equal(slots_used(&t), 3);
	assert_int_equal(slots_take(&t, &m, &s), -ENOSPC);

	m = mac(4);
	assert_true(slots_owned(&t, 1, &m));
	m = mac(1);
	assert_false(slots_owned(&t, 1, &m));	/* 1's old owner */
	assert_false(slots_owned(&t, 0, &m));
	assert_false(slots_owned(&t, 7, &m));

	/* giving back what is not taken changes nothing */
	slots_put(&t, 1);
	slots_put(&t, 1);
	slots_put(&t, 0);
	slots_put(&t, 99);
	assert_int_equal(slots_used(&t), 2);
	assert_int_equal(take(&t, 5), 1);
	assert_int_equal(slots_take(&t, &m, &s), -ENOSPC);
	slots_destroy(&t);
}

static void test_rebuilt_from_claims(void **state)
{
	static const struct {
		uint32_t slot;
		int want;
	} claims[] = {
		{ 3, 0 },
		{ 3, -EEXIST },		/* a second entry on the same slot */
		{ 0, -ERANGE },		/* "none" */
		{ 6, -ERANGE },		/* past the end */
		{ 5, 0 },
	};
	struct slot_table t;
	(void)state;

	assert_int_equal(slots_init(&t, 6), 0);	/* slots 1..5 */
	for (size_t i = 0; i < sizeof(claims) / sizeof(claims[0]); i++) {
		struct sg_mac m = mac((uint8_t)(10 + i));

		assert_int_equal(slots_claim(&t, claims[i].slot, &m), claims[i].want);
	}
	slots_ready(&t);
	assert_int_equal(slots_used(&t), 2);
	assert_int_equal(take(&t, 1), 1);	/* the rest, lowest first */
	assert_int_equal(take(&t, 2), 2);
	assert_int_equal(take(&t, 3), 4);
	slots_destroy(&t);

	assert_int_equal(slots_init(&t, 1), -EINVAL);	/* no room beside "none" */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take_and_put_in_queue_order),
		cmocka_unit_test(test_rebuilt_from_claims),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
