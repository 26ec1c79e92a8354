/* Re-signing a finished request for another server (radius_client/resign.h):
 * the same Identifier and secret give back the very octets of packets built
 * independently (Python hashlib/hmac, the vectors of test_radius_auth.c); a
 * new Identifier or secret gives a packet that verifies with that secret. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "radius/radius.h"
#include "radius_client/resign.h"

static const char secret[] = "xyzzy5461";
#define SECRET secret, sizeof(secret) - 1

/* RFC 2865 §7.1 */
static const uint8_t rfc71_request[] = {
	0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5, 0xcb,
	0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x02, 0x12, 0x0d, 0xbe, 0x70, 0x8d,
	0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee, 0x04, 0x06, 0xc0, 0xa8,
	0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
};
/* RFC 2865 §7.2 (CHAP) */
static const uint8_t rfc72_request[] = {
	0x01, 0x01, 0x00, 0x47, 0x2a, 0xee, 0x86, 0xf0, 0x8d, 0x0d, 0x55, 0x96, 0x9c, 0xa5, 0x97, 0x8e,
	0x0d, 0x33, 0x67, 0xa2, 0x01, 0x08, 0x66, 0x6c, 0x6f, 0x70, 0x73, 0x79, 0x03, 0x13, 0x16, 0xe9,
	0x75, 0x57, 0xc3, 0x16, 0x18, 0x58, 0x95, 0xf2, 0x93, 0xff, 0x63, 0x44, 0x07, 0x72, 0x75, 0x04,
	0x06, 0xc0, 0xa8, 0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x14, 0x06, 0x06, 0x00, 0x00, 0x00,
	0x02, 0x07, 0x06, 0x00, 0x00, 0x00, 0x01,
};
/* Accounting-Request id 7: Acct-Status-Type Start, Acct-Session-Id "5f3a0001",
 * User-Name "nemo", NAS-IP-Address 192.168.1.16; authenticator by Python hashlib. */
static const uint8_t acct_request[] = {
	0x04, 0x07, 0x00, 0x30, 0x7c, 0x84, 0xa5, 0x8a, 0xc3, 0x64, 0xb1, 0xfc, 0x13, 0xc5, 0x44, 0xa7,
	0xbd, 0xb9, 0xae, 0x31, 0x28, 0x06, 0x00, 0x00, 0x00, 0x01, 0x2c, 0x0a, 0x35, 0x66, 0x33, 0x61,
	0x30, 0x30, 0x30, 0x31, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x04, 0x06, 0xc0, 0xa8, 0x01, 0x10,
};
static const uint8_t disconnect_request[] = {
	0x28, 0x09, 0x00, 0x36, 0xca, 0x11, 0x98, 0x13, 0x00, 0xaf, 0x1b, 0x4d, 0x8b, 0x08, 0x7c, 0x8b,
	0x9d, 0xa2, 0x62, 0xe0, 0x50, 0x12, 0x47, 0x61, 0x8f, 0xa8, 0x76, 0x49, 0x87, 0x18, 0xc6, 0xf2,
	0x99, 0x06, 0x60, 0x73, 0x8e, 0x61, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x2c, 0x0a, 0x35, 0x66,
	0x33, 0x61, 0x30, 0x30, 0x30, 0x31,
};
/* Access-Request id 3, authenticator 00..0f, Message-Authenticator first,
 * User-Name "nemo"; by Python hmac. */
static const uint8_t ma_request[] = {
	0x01, 0x03, 0x00, 0x2c, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b,
	0x0c, 0x0d, 0x0e, 0x0f, 0x50, 0x12, 0x27, 0x35, 0x2c, 0x54, 0x45, 0xbf, 0x30, 0x21, 0xf5, 0x81,
	0x54, 0x4e, 0xbe, 0x50, 0x7c, 0xe9, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f,
};

static void decode(const void *buf, size_t len, struct radius_packet *pkt)
{
	assert_int_equal(radius_decode(buf, len, pkt), 0);
}

/* Same Identifier, same secret: the same octets. */
static void test_identity(void **state)
{
	static const struct {
		const uint8_t *pkt;
		size_t len;
	} vectors[] = {
		{ acct_request, sizeof(acct_request) },
		{ disconnect_request, sizeof(disconnect_request) },
		{ ma_request, sizeof(ma_request) },
	};
	uint8_t out[RADIUS_MAX_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		struct radius_packet tmpl;
		int len;

		decode(vectors[i].pkt, vectors[i].len, &tmpl);
		len = radius_request_resign(&tmpl, tmpl.id, SECRET, out, sizeof(out));
		assert_int_equal(len, (int)vectors[i].len);
		assert_memory_equal(out, vectors[i].pkt, vectors[i].len);
	}
}

/* Another Identifier and secret: verifies with the new secret only, and the
 * attributes after Message-Authenticator are unchanged. */
static void test_new_id_and_secret(void **state)
{
	static const char other[] = "another-secret";
	uint8_t out[RADIUS_MAX_LEN];
	struct radius_packet tmpl, pkt;
	int len;

	(void)state;
	decode(disconnect_request, sizeof(disconnect_request), &tmpl);
	len = radius_request_resign(&tmpl, 200, other, strlen(other), out, sizeof(out));
	assert_int_equal(len, (int)sizeof(disconnect_request));
	decode(out, (size_t)len, &pkt);
	assert_int_equal(pkt.id, 200);
	assert_int_equal(pkt.ma_off, 22);
	assert_int_equal(radius_verify_request(&pkt, other, strlen(other), 0), 0);
	assert_int_equal(radius_verify_request(&pkt, SECRET, 0), -EACCES);
	assert_memory_equal(out + 38, disconnect_request + 38, sizeof(disconnect_request) - 38);

	decode(acct_request, sizeof(acct_request), &tmpl);
	len = radius_request_resign(&tmpl, 8, other, strlen(other), out, sizeof(out));
	decode(out, (size_t)len, &pkt);
	assert_int_equal(radius_verify_request(&pkt, other, strlen(other), 0), 0);
	assert_int_equal(pkt.ma_off, 0);	/* none added where there was none */
}

/* RFC 2865 §7.2 CHAP request: gains Message-Authenticator first, keeps its
 * authenticator (the CHAP challenge) and every attribute in order. */
static void test_chap_access_request(void **state)
{
	uint8_t out[RADIUS_MAX_LEN];
	struct radius_packet tmpl, pkt;
	int len;

	(void)state;
	decode(rfc72_request, sizeof(rfc72_request), &tmpl);
	len = radius_request_resign(&tmpl, 42, SECRET, out, sizeof(out));
	assert_int_equal(len, (int)sizeof(rfc72_request) + 18);
	decode(out, (size_t)len, &pkt);
	assert_int_equal(pkt.id, 42);
	assert_int_equal(pkt.ma_off, 22);
	assert_memory_equal(pkt.authenticator, tmpl.authenticator, RADIUS_AUTH_LEN);
	assert_memory_equal(out + 38, rfc72_request + 20, sizeof(rfc72_request) - 20);
	assert_int_equal(radius_verify_request(&pkt, SECRET, RADIUS_REQUIRE_MA), 0);
}

static void test_refused(void **state)
{
	uint8_t out[RADIUS_MAX_LEN], reply[64];
	struct radius_packet tmpl, req, rep;
	struct radius_builder b;
	int len;

	(void)state;
	/* User-Password was hidden for one secret and authenticator */
	decode(rfc71_request, sizeof(rfc71_request), &tmpl);
	assert_int_equal(radius_request_resignable(&tmpl), -EINVAL);
	assert_int_equal(radius_request_resign(&tmpl, 1, SECRET, out, sizeof(out)), -EINVAL);

	/* replies are no requests */
	decode(acct_request, sizeof(acct_request), &req);
	radius_reply_init(&b, reply, sizeof(reply), RADIUS_ACCOUNTING_RESPONSE, &req);
	len = radius_finish(&b, SECRET);
	decode(reply, (size_t)len, &rep);
	assert_int_equal(radius_request_resign(&rep, 1, SECRET, out, sizeof(out)), -EINVAL);

	/* a buffer too small, an empty secret */
	assert_int_equal(radius_request_resign(&req, 1, SECRET, out, 30), -ENOSPC);
	assert_int_equal(radius_request_resign(&req, 1, "", 0, out, sizeof(out)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_new_id_and_secret),
		cmocka_unit_test(test_chap_access_request),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
