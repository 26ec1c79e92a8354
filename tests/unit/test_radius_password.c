/* PAP hiding (RFC 2865 §5.2) and CHAP (§5.3, §2.2), with the §7 vectors. */
#define _GNU_SOURCE /* memmem */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "radius/dict.h"
#include "radius/encode.h"
#include "radius/packet.h"
#include "radius/password.h"

static const char secret[] = "xyzzy5461";
#define SECRET secret, sizeof(secret) - 1

/* RFC 2865 §7.1 Access-Request; User-Password "arctangent" at offset 28 */
static const uint8_t rfc71_request[] = {
	0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5, 0xcb,
	0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x02, 0x12, 0x0d, 0xbe, 0x70, 0x8d,
	0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee, 0x04, 0x06, 0xc0, 0xa8,
	0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
};
/* RFC 2865 §7.2 Access-Request with CHAP-Password (ident 0x16) at offset 28 */
static const uint8_t rfc72_request[] = {
	0x01, 0x01, 0x00, 0x47, 0x2a, 0xee, 0x86, 0xf0, 0x8d, 0x0d, 0x55, 0x96, 0x9c, 0xa5, 0x97, 0x8e,
	0x0d, 0x33, 0x67, 0xa2, 0x01, 0x08, 0x66, 0x6c, 0x6f, 0x70, 0x73, 0x79, 0x03, 0x13, 0x16, 0xe9,
	0x75, 0x57, 0xc3, 0x16, 0x18, 0x58, 0x95, 0xf2, 0x93, 0xff, 0x63, 0x44, 0x07, 0x72, 0x75, 0x04,
	0x06, 0xc0, 0xa8, 0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x14, 0x06, 0x06, 0x00, 0x00, 0x00,
	0x02, 0x07, 0x06, 0x00, 0x00, 0x00, 0x01,
};
/* MD5(0x16 "rabbit" <§7.2 Request Authenticator>), by Python hashlib */
static const uint8_t chap_rabbit_ra[16] = {
	0x1d, 0xeb, 0x7b, 0x09, 0xe5, 0x02, 0x35, 0x25, 0x8e, 0x15, 0x7a, 0x0d, 0xbd, 0xad, 0xcc, 0x91,
};
/* MD5(0x05 "rabbit" "challenge-01"), by Python hashlib */
static const uint8_t chap_rabbit_challenge[16] = {
	0x73, 0xc1, 0x7e, 0x15, 0xde, 0xc7, 0x60, 0x15, 0x22, 0x69, 0x7c, 0xa3, 0x1d, 0x0d, 0xce, 0xc3,
};
/* "0123456789abcdefg" hidden with authenticator 00..0f, by Python hashlib:
 * the second block is chained on the first block's ciphertext. */
static const uint8_t hidden17[32] = {
	0x70, 0x30, 0xd8, 0xdb, 0xfa, 0x23, 0x7c, 0xcb, 0x6b, 0xf0, 0x0b, 0x53, 0x09, 0xec, 0xfc, 0x0d,
	0x14, 0x47, 0x27, 0x3e, 0xe8, 0x0f, 0xae, 0xcb, 0x43, 0x82, 0x5d, 0x64, 0x7b, 0x1e, 0x88, 0xed,
};
static const uint8_t ra_seq[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };

static void test_rfc71_password(void **state)
{
	struct radius_packet pkt;
	char pw[RADIUS_PASSWORD_MAX + 1];
	uint8_t hidden[RADIUS_PASSWORD_MAX];
	size_t len;

	(void)state;
	assert_int_equal(radius_decode(rfc71_request, sizeof(rfc71_request), &pkt), 0);
	assert_int_equal(radius_get_user_password(&pkt, SECRET, pw, &len), 0);
	assert_string_equal(pw, "arctangent");
	assert_int_equal(len, 10);

	assert_int_equal(radius_password_hide("arctangent", 10, pkt.authenticator, SECRET, hidden, &len), 0);
	assert_int_equal(len, 16);
	assert_memory_equal(hidden, rfc71_request + 28, 16);
}

static void test_hidden17_vector(void **state)
{
	uint8_t hidden[RADIUS_PASSWORD_MAX];
	char pw[RADIUS_PASSWORD_MAX + 1];
	size_t len;

	(void)state;
	assert_int_equal(radius_password_hide("0123456789abcdefg", 17, ra_seq, SECRET, hidden, &len), 0);
	assert_int_equal(len, 32);
	assert_memory_equal(hidden, hidden17, 32);
	assert_int_equal(radius_password_unhide(hidden17, 32, ra_seq, SECRET, pw, &len), 0);
	assert_int_equal(len, 17);
	assert_string_equal(pw, "0123456789abcdefg");
}

/* Round trips at every block boundary that matters, through a whole packet. */
static void test_password_roundtrip(void **state)
{
	static const struct {
		size_t len, hidden_len;
	} rows[] = {
		{ 1, 16 }, { 15, 16 }, { 16, 16 }, { 17, 32 }, { 31, 32 }, { 32, 32 },
		{ 33, 48 }, { 127, 128 }, { 128, 128 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char pw[RADIUS_PASSWORD_MAX + 1], got[RADIUS_PASSWORD_MAX + 1];
		uint8_t buf[256];
		struct radius_builder b;
		struct radius_packet pkt;
		struct radius_attr a;
		size_t got_len;
		int len;

		for (size_t k = 0; k < rows[i].len; k++)
			pw[k] = (char)('!' + (k * 7 + i) % 90);
		pw[rows[i].len] = '\0';

		radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, (uint8_t)i, ra_seq);
		radius_add_string(&b, RADIUS_ATTR_USER_NAME, "guest");
		assert_int_equal(radius_add_user_password(&b, pw, rows[i].len, SECRET), 0);
		len = radius_finish(&b, SECRET);
		assert_true(len > 0);

		assert_int_equal(radius_decode(buf, (size_t)len, &pkt), 0);
		assert_int_equal(radius_attr_find(&pkt, RADIUS_ATTR_USER_PASSWORD, &a), 0);
		assert_int_equal(a.len, rows[i].hidden_len);
		/* the clear text is nowhere in the packet */
		if (rows[i].len >= 4)
			assert_null(memmem(buf, (size_t)len, pw, rows[i].len));
		assert_int_equal(radius_get_user_password(&pkt, SECRET, got, &got_len), 0);
		assert_int_equal(got_len, rows[i].len);
		assert_string_equal(got, pw);

		/* a wrong secret yields another password, not an error */
		assert_int_equal(radius_get_user_password(&pkt, "nope", 4, got, &got_len), 0);
		assert_true(got_len != rows[i].len || memcmp(got, pw, got_len) != 0);
	}
}

static void test_password_limits(void **state)
{
	static const uint8_t zeros[160];
	uint8_t hidden[RADIUS_PASSWORD_MAX];
	char pw[RADIUS_PASSWORD_MAX + 1];
	size_t len;
	static const size_t bad_lens[] = { 0, 1, 15, 17, 33, 144 };
	struct radius_builder b;
	uint8_t buf[256];
	struct radius_packet pkt;

	(void)state;
	assert_int_equal(radius_password_hide(zeros, 129, ra_seq, SECRET, hidden, &len), -EMSGSIZE);
	assert_int_equal(radius_password_hide("x", 1, ra_seq, "", 0, hidden, &len), -EINVAL);
	/* empty password: one block of padding */
	assert_int_equal(radius_password_hide("", 0, ra_seq, SECRET, hidden, &len), 0);
	assert_int_equal(len, 16);
	assert_int_equal(radius_password_unhide(hidden, 16, ra_seq, SECRET, pw, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(pw, "");

	for (size_t i = 0; i < sizeof(bad_lens) / sizeof(bad_lens[0]); i++)
		assert_int_equal(radius_password_unhide(zeros, bad_lens[i], ra_seq, SECRET, pw, &len), -EBADMSG);

	/* hiding needs the random authenticator of an Access-Request */
	radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 1, NULL);
	assert_int_equal(radius_add_user_password(&b, "x", 1, SECRET), -EINVAL);

	/* no User-Password */
	radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, ra_seq);
	len = (size_t)radius_finish(&b, SECRET);
	assert_int_equal(radius_decode(buf, len, &pkt), 0);
	assert_int_equal(radius_get_user_password(&pkt, SECRET, pw, &len), -ENOENT);
}

/* §7.2's packet with the CHAP response replaced by one for a known password
 * (the RFC does not publish flopsy's), and variants around it. */
static void test_chap(void **state)
{
	static const struct {
		const char *name;
		const char *password;
		bool with_challenge;    /* append CHAP-Challenge "challenge-01" */
		const uint8_t *response;
		uint8_t ident;
		int want;
	} rows[] = {
		{ "Request Authenticator as challenge", "rabbit", false, chap_rabbit_ra, 0x16, 0 },
		{ "wrong password", "rabbiT", false, chap_rabbit_ra, 0x16, -EACCES },
		{ "wrong ident", "rabbit", false, chap_rabbit_ra, 0x17, -EACCES },
		{ "CHAP-Challenge attribute", "rabbit", true, chap_rabbit_challenge, 0x05, 0 },
		{ "CHAP-Challenge present but response over the authenticator", "rabbit", true,
		  chap_rabbit_ra, 0x16, -EACCES },
		{ "empty password", "", false, chap_rabbit_ra, 0x16, -EACCES },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint8_t buf[128];
		size_t len = sizeof(rfc72_request);
		struct radius_packet pkt;
		int got;

		memcpy(buf, rfc72_request, len);
		buf[30] = rows[i].ident;
		memcpy(buf + 31, rows[i].response, 16);
		if (rows[i].with_challenge) {
			buf[len] = RADIUS_ATTR_CHAP_CHALLENGE;
			buf[len + 1] = 14;
			memcpy(buf + len + 2, "challenge-01", 12);
			len += 14;
			buf[3] = (uint8_t)len;
		}
		assert_int_equal(radius_decode(buf, len, &pkt), 0);
		got = radius_chap_verify(&pkt, rows[i].password, strlen(rows[i].password));
		if (got != rows[i].want)
			fail_msg("%s: got %d want %d", rows[i].name, got, rows[i].want);
	}
}

static void test_chap_rfc72_and_malformed(void **state)
{
	struct radius_packet pkt;
	uint8_t buf[128], out[16];

	(void)state;
	/* the RFC packet itself decodes and is checked against the RA */
	assert_int_equal(radius_decode(rfc72_request, sizeof(rfc72_request), &pkt), 0);
	assert_int_equal(radius_chap_verify(&pkt, "flopsy", 6), -EACCES);
	assert_int_equal(radius_chap_response(0x16, "rabbit", 6, pkt.authenticator, 16, out), 0);
	assert_memory_equal(out, chap_rabbit_ra, 16);

	/* CHAP-Password of 16 octets instead of 17 */
	memcpy(buf, rfc72_request, sizeof(rfc72_request));
	buf[29] = 18;
	memmove(buf + 46, buf + 47, sizeof(rfc72_request) - 47);
	buf[3] = sizeof(rfc72_request) - 1;
	assert_int_equal(radius_decode(buf, sizeof(rfc72_request) - 1, &pkt), 0);
	assert_int_equal(radius_chap_verify(&pkt, "rabbit", 6), -EBADMSG);

	/* empty CHAP-Challenge */
	memcpy(buf, rfc72_request, sizeof(rfc72_request));
	buf[sizeof(rfc72_request)] = RADIUS_ATTR_CHAP_CHALLENGE;
	buf[sizeof(rfc72_request) + 1] = 2;
	buf[3] = sizeof(rfc72_request) + 2;
	assert_int_equal(radius_decode(buf, sizeof(rfc72_request) + 2, &pkt), 0);
	assert_int_equal(radius_chap_verify(&pkt, "rabbit", 6), -EBADMSG);

	/* no CHAP-Password at all */
	assert_int_equal(radius_decode(rfc71_request, sizeof(rfc71_request), &pkt), 0);
	assert_int_equal(radius_chap_verify(&pkt, "arctangent", 10), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc71_password),
		cmocka_unit_test(test_hidden17_vector),
		cmocka_unit_test(test_password_roundtrip),
		cmocka_unit_test(test_password_limits),
		cmocka_unit_test(test_chap),
		cmocka_unit_test(test_chap_rfc72_and_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
