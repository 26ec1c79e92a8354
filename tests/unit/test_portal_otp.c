/* OTP rules: resend cooldown, per-number and per-device limits, expiry,
 * attempts, code format and randomness, phone numbers to E.164. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "portal/otp.h"

static void test_may_send(void **state)
{
	static const struct {
		struct otp_history h;
		int64_t now;
		enum otp_send want;
		int64_t wait;
	} rows[] = {
		{ { 0, 0, 0 }, 1000, OTP_SEND_OK, 0 },
		{ { 990, 1, 1 }, 1000, OTP_SEND_COOLDOWN, 50 },
		{ { 940, 1, 1 }, 1000, OTP_SEND_OK, 0 },	/* exactly 60 s later */
		{ { 941, 1, 1 }, 1000, OTP_SEND_COOLDOWN, 1 },
		{ { 100, OTP_PER_NUMBER_HOUR, 1 }, 1000, OTP_SEND_NUMBER_LIMIT, 0 },
		{ { 100, 1, OTP_PER_MAC_HOUR }, 1000, OTP_SEND_MAC_LIMIT, 0 },
		/* the device limit wins over the cooldown */
		{ { 999, 1, OTP_PER_MAC_HOUR }, 1000, OTP_SEND_MAC_LIMIT, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t wait = -1;

		assert_int_equal(otp_may_send(&rows[i].h, rows[i].now, &wait), rows[i].want);
		assert_int_equal(wait, rows[i].wait);
	}
}

static void test_verify(void **state)
{
	unsigned char key[32] = { 1, 2, 3 };
	struct otp_challenge c = { .expires_at = 1300 };
	char right[OTP_HASH_HEX], wrong[OTP_HASH_HEX];

	(void)state;
	otp_hash(key, sizeof(key), "+4915112345678", "123456", c.code_hash);
	otp_hash(key, sizeof(key), "+4915112345678", "123456", right);
	otp_hash(key, sizeof(key), "+4915112345678", "123457", wrong);
	assert_string_equal(c.code_hash, right);
	assert_int_equal(strlen(right), 64);
	assert_int_equal(otp_verify(&c, right, 1000), OTP_OK);
	assert_int_equal(otp_verify(&c, wrong, 1000), OTP_WRONG);
	assert_int_equal(otp_verify(&c, right, 1300), OTP_EXPIRED);
	c.attempts = OTP_MAX_ATTEMPTS - 1;
	assert_int_equal(otp_verify(&c, right, 1000), OTP_OK);
	c.attempts = OTP_MAX_ATTEMPTS;
	assert_int_equal(otp_verify(&c, right, 1000), OTP_NO_ATTEMPTS);
	c.attempts = 0;
	c.used = 1;
	assert_int_equal(otp_verify(&c, right, 1000), OTP_EXPIRED);
	/* the same code for another number is another hash */
	otp_hash(key, sizeof(key), "+4915112345679", "123456", wrong);
	assert_string_not_equal(wrong, right);
	/* and another key too */
	key[0] = 9;
	otp_hash(key, sizeof(key), "+4915112345678", "123456", wrong);
	assert_string_not_equal(wrong, right);
}

static void test_generate(void **state)
{
	unsigned counts[10] = { 0 };
	char code[OTP_DIGITS + 1];

	(void)state;
	for (int i = 0; i < 10000; i++) {
		assert_int_equal(otp_generate(code), 0);
		assert_true(otp_well_formed(code));
		for (int k = 0; k < OTP_DIGITS; k++)
			counts[code[k] - '0']++;
	}
	/* 60,000 digits: each about 6,000 (a loose bound; bias would show as ~6,300) */
	for (int d = 0; d < 10; d++)
		assert_in_range(counts[d], 5600, 6400);
	assert_false(otp_well_formed("12345"));
	assert_false(otp_well_formed("1234567"));
	assert_false(otp_well_formed("12a456"));
	assert_false(otp_well_formed(""));
}

static void test_phone(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{ "+49 151 1234-5678", "+4915112345678" },
		{ "0049 (151) 12345678", "+4915112345678" },
		{ "+44 7700 900123", "+447700900123" },
		{ "+1.202.555.0143", "+12025550143" },
		{ "0151 12345678", NULL },	/* no country code */
		{ "+0151 12345678", NULL },
		{ "+49 151", NULL },		/* too short */
		{ "+49 151 1234 5678 9012 3", NULL },	/* more than 15 digits */
		{ "+49 151 1234x5678", NULL },
		{ "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char out[32];
		int rc = phone_e164(rows[i].in, out, sizeof(out));

		if (rows[i].want) {
			assert_int_equal(rc, 0);
			assert_string_equal(out, rows[i].want);
		} else {
			assert_int_not_equal(rc, 0);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_may_send),
		cmocka_unit_test(test_verify),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_phone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
