/* Authenticators and Message-Authenticator: RFC 2865 §7 vectors, packets built
 * independently (Python hashlib/hmac) for Accounting and Disconnect requests,
 * and tampering in every place that matters. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "radius/auth.h"
#include "radius/crypto.h"
#include "radius/dict.h"
#include "radius/encode.h"
#include "radius/packet.h"

static const char secret[] = "xyzzy5461";
#define SECRET secret, sizeof(secret) - 1

/* RFC 2865 §7.1 */
static const uint8_t rfc71_request[] = {
	0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5, 0xcb,
	0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x02, 0x12, 0x0d, 0xbe, 0x70, 0x8d,
	0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee, 0x04, 0x06, 0xc0, 0xa8,
	0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
};
static const uint8_t rfc71_accept[] = {
	0x02, 0x00, 0x00, 0x26, 0x86, 0xfe, 0x22, 0x0e, 0x76, 0x24, 0xba, 0x2a, 0x10, 0x05, 0xf6, 0xbf,
	0x9b, 0x55, 0xe0, 0xb2, 0x06, 0x06, 0x00, 0x00, 0x00, 0x01, 0x0f, 0x06, 0x00, 0x00, 0x00, 0x00,
	0x0e, 0x06, 0xc0, 0xa8, 0x01, 0x03,
};
/* RFC 2865 §7.2 (CHAP) */
static const uint8_t rfc72_request[] = {
	0x01, 0x01, 0x00, 0x47, 0x2a, 0xee, 0x86, 0xf0, 0x8d, 0x0d, 0x55, 0x96, 0x9c, 0xa5, 0x97, 0x8e,
	0x0d, 0x33, 0x67, 0xa2, 0x01, 0x08, 0x66, 0x6c, 0x6f, 0x70, 0x73, 0x79, 0x03, 0x13, 0x16, 0xe9,
	0x75, 0x57, 0xc3, 0x16, 0x18, 0x58, 0x95, 0xf2, 0x93, 0xff, 0x63, 0x44, 0x07, 0x72, 0x75, 0x04,
	0x06, 0xc0, 0xa8, 0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x14, 0x06, 0x06, 0x00, 0x00, 0x00,
	0x02, 0x07, 0x06, 0x00, 0x00, 0x00, 0x01,
};
static const uint8_t rfc72_accept[] = {
	0x02, 0x01, 0x00, 0x38, 0x15, 0xef, 0xbc, 0x7d, 0xab, 0x26, 0xcf, 0xa3, 0xdc, 0x34, 0xd9, 0xc0,
	0x3c, 0x86, 0x01, 0xa4, 0x06, 0x06, 0x00, 0x00, 0x00, 0x02, 0x07, 0x06, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06, 0xff, 0xff, 0xff, 0xfe, 0x0a, 0x06, 0x00, 0x00, 0x00, 0x02, 0x0d, 0x06, 0x00, 0x00,
	0x00, 0x01, 0x0c, 0x06, 0x00, 0x00, 0x05, 0xdc,
};
/* Accounting-Request id 7: Acct-Status-Type Start, Acct-Session-Id "5f3a0001",
 * User-Name "nemo", NAS-IP-Address 192.168.1.16; authenticator by Python hashlib. */
static const uint8_t acct_request[] = {
	0x04, 0x07, 0x00, 0x30, 0x7c, 0x84, 0xa5, 0x8a, 0xc3, 0x64, 0xb1, 0xfc, 0x13, 0xc5, 0x44, 0xa7,
	0xbd, 0xb9, 0xae, 0x31, 0x28, 0x06, 0x00, 0x00, 0x00, 0x01, 0x2c, 0x0a, 0x35, 0x66, 0x33, 0x61,
	0x30, 0x30, 0x30, 0x31, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x04, 0x06, 0xc0, 0xa8, 0x01, 0x10,
};
/* Disconnect-Request id 9: Message-Authenticator (over a zero authenticator),
 * User-Name "nemo", Acct-Session-Id "5f3a0001"; by Python hmac/hashlib. */
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

/* RFC 2202's HMAC-MD5 cases: short keys, a key of exactly one block, keys longer
 * than the block (hashed first), an empty message. */
static void test_hmac_md5_rfc2104(void **state)
{
	static const struct {
		uint8_t key_byte;
		size_t key_len;
		const char *key, *data, *want;
	} rows[] = {
		{ 0x0b, 16, NULL, "Hi There", "9294727a3638bb1c13f48ef8158bfc9d" },
		{ 0, 4, "Jefe", "what do ya want for nothing?", "750c783e6ab0b503eaa86e310a5db738" },
		{ 0xaa, 80, NULL, "Test Using Larger Than Block-Size Key - Hash Key First",
		  "6b1ab7fe4bd7bf8f0b62e6ce61b9d0cd" },
		{ 0xaa, 80, NULL, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
		  "6f630fad67cda0ee1fb1f562db3aa53e" },
		{ 0x0c, 16, NULL, "Test With Truncation", "56461ef2342edc00f9bab995690efd4c" },
		{ 'k', 64, NULL, "", "114eeb1da42af605666663c84c40d185" },	/* exactly one block: used as it is */
	};
	uint8_t key[80], out[16];
	char hex[33];

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(key, rows[i].key_byte, sizeof(key));
		if (rows[i].key)
			memcpy(key, rows[i].key, rows[i].key_len);
		assert_int_equal(radius_hmac_md5(out, key, rows[i].key_len, rows[i].data, strlen(rows[i].data)), 0);
		for (int j = 0; j < 16; j++)
			snprintf(hex + 2 * j, 3, "%02x", out[j]);
		assert_string_equal(hex, rows[i].want);
	}
}

/* The RFC's Access-Accept authenticators, computed and verified. */
static void test_rfc_response_authenticator(void **state)
{
	static const struct {
		const uint8_t *req, *acc;
		size_t req_len, acc_len;
	} rows[] = {
		{ rfc71_request, rfc71_accept, sizeof(rfc71_request), sizeof(rfc71_accept) },
		{ rfc72_request, rfc72_accept, sizeof(rfc72_request), sizeof(rfc72_accept) },
	};

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		struct radius_packet req, acc;
		uint8_t out[16], copy[64];

		decode(rows[i].req, rows[i].req_len, &req);
		decode(rows[i].acc, rows[i].acc_len, &acc);
		assert_int_equal(radius_authenticator_compute(rows[i].acc, rows[i].acc_len,
							      req.authenticator, SECRET, out), 0);
		assert_memory_equal(out, acc.authenticator, 16);
		assert_int_equal(radius_verify_reply(&acc, &req, SECRET, 0), 0);
		/* the RFC predates Message-Authenticator: refused when it is required */
		assert_int_equal(radius_verify_reply(&acc, &req, SECRET, RADIUS_REQUIRE_MA), -ENOENT);
		assert_int_equal(radius_verify_reply(&acc, &req, "xyzzy5462", 9, 0), -EACCES);

		/* any changed octet after the header breaks it */
		for (size_t off = 20; off < rows[i].acc_len; off++) {
			memcpy(copy, rows[i].acc, rows[i].acc_len);
			copy[off] ^= 0x40;
			if (radius_decode(copy, rows[i].acc_len, &acc))
				continue;   /* became malformed: refused earlier anyway */
			assert_int_equal(radius_verify_reply(&acc, &req, SECRET, 0), -EACCES);
		}
		/* an answer from another Identifier is not ours */
		memcpy(copy, rows[i].acc, rows[i].acc_len);
		copy[1] ^= 1;
		decode(copy, rows[i].acc_len, &acc);
		assert_int_equal(radius_verify_reply(&acc, &req, SECRET, 0), -EPROTO);
	}
}

/* Our own replies to the RFC requests: the same authenticator scheme, plus a
 * Message-Authenticator computed over the request's authenticator. */
static void test_reply_roundtrip(void **state)
{
	struct radius_packet req, acc;
	struct radius_builder b;
	uint8_t buf[256];
	int len;

	(void)state;
	decode(rfc71_request, sizeof(rfc71_request), &req);
	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &req);
	radius_add_u32(&b, RADIUS_ATTR_SERVICE_TYPE, 1);
	radius_add_u32(&b, 15, 0);
	radius_add(&b, 14, (const uint8_t[]){ 192, 168, 1, 3 }, 4);
	len = radius_finish(&b, SECRET);
	assert_int_equal(len, sizeof(rfc71_accept) + 18);
	/* the RFC's attributes, after our Message-Authenticator */
	assert_memory_equal(buf + 38, rfc71_accept + 20, sizeof(rfc71_accept) - 20);
	decode(buf, (size_t)len, &acc);
	assert_int_equal(radius_verify_reply(&acc, &req, SECRET, RADIUS_REQUIRE_MA), 0);
	assert_int_equal(radius_verify_message_authenticator(&acc, req.authenticator, SECRET), 0);
	assert_int_equal(radius_verify_message_authenticator(&acc, NULL, SECRET), -EINVAL);
}

/* A forger who could fix up the Response Authenticator (as in BlastRADIUS)
 * still fails on Message-Authenticator. */
static void test_reply_ma_checked_on_its_own(void **state)
{
	struct radius_packet req, acc;
	struct radius_builder b;
	uint8_t buf[256], auth[16];
	int len;

	(void)state;
	decode(rfc71_request, sizeof(rfc71_request), &req);
	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REJECT, &req);
	radius_add_string(&b, RADIUS_ATTR_REPLY_MESSAGE, "no");
	len = radius_finish(&b, SECRET);
	assert_true(len > 0);

	buf[0] = RADIUS_ACCESS_ACCEPT;
	assert_int_equal(radius_authenticator_compute(buf, (size_t)len, req.authenticator, SECRET, auth), 0);
	memcpy(buf + 4, auth, 16);
	decode(buf, (size_t)len, &acc);
	assert_int_equal(radius_verify_reply(&acc, &req, SECRET, 0), -EACCES);
}

/* Message-Authenticator of an independently built Access-Request. */
static void test_request_message_authenticator(void **state)
{
	static const uint8_t ra[16] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 };
	struct radius_packet pkt;
	struct radius_builder b;
	uint8_t buf[64], copy[sizeof(ma_request)];
	int len;

	(void)state;
	decode(ma_request, sizeof(ma_request), &pkt);
	assert_int_equal(pkt.ma_off, 22);
	assert_int_equal(radius_verify_message_authenticator(&pkt, NULL, SECRET), 0);
	assert_int_equal(radius_verify_request(&pkt, SECRET, RADIUS_REQUIRE_MA | RADIUS_LIMIT_PROXY_STATE), 0);

	/* our builder produces the same octets */
	radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 3, ra);
	radius_add_string(&b, RADIUS_ATTR_USER_NAME, "nemo");
	len = radius_finish(&b, SECRET);
	assert_int_equal(len, sizeof(ma_request));
	assert_memory_equal(buf, ma_request, sizeof(ma_request));

	/* altered anywhere -> refused */
	for (size_t off = 0; off < sizeof(ma_request); off++) {
		if (off == 2 || off == 3 || off == 21 || off == 39)
			continue;   /* lengths: the packet would not decode */
		memcpy(copy, ma_request, sizeof(copy));
		copy[off] ^= 0x01;
		if (radius_decode(copy, sizeof(copy), &pkt))
			continue;   /* e.g. the code turned into an unknown one */
		if (pkt.code != RADIUS_ACCESS_REQUEST)
			continue;
		/* renaming the Message-Authenticator away is caught by the policy */
		assert_int_equal(radius_verify_request(&pkt, SECRET, RADIUS_REQUIRE_MA),
				 off == 20 ? -ENOENT : -EACCES);
	}
	decode(ma_request, sizeof(ma_request), &pkt);
	assert_int_equal(radius_verify_request(&pkt, "xyzzy546", 8, 0), -EACCES);
	assert_int_equal(radius_verify_request(&pkt, "", 0, 0), -EINVAL);
}

/* RFC 2866 §3: the Accounting-Request authenticator. */
static void test_accounting_request_authenticator(void **state)
{
	struct radius_packet pkt;
	struct radius_builder b;
	uint8_t buf[128], copy[sizeof(acct_request)];
	int len;

	(void)state;
	decode(acct_request, sizeof(acct_request), &pkt);
	assert_int_equal(radius_verify_request_authenticator(&pkt, SECRET), 0);
	assert_int_equal(radius_verify_request(&pkt, SECRET, RADIUS_REQUIRE_MA), 0);

	radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 7, NULL);
	radius_add_u32(&b, RADIUS_ATTR_ACCT_STATUS_TYPE, RADIUS_ACCT_START);
	radius_add_string(&b, RADIUS_ATTR_ACCT_SESSION_ID, "5f3a0001");
	radius_add_string(&b, RADIUS_ATTR_USER_NAME, "nemo");
	radius_add(&b, RADIUS_ATTR_NAS_IP_ADDRESS, (const uint8_t[]){ 192, 168, 1, 16 }, 4);
	len = radius_finish(&b, SECRET);
	assert_int_equal(len, sizeof(acct_request));
	assert_memory_equal(buf, acct_request, sizeof(acct_request));

	for (size_t off = 4; off < sizeof(acct_request); off++) {
		memcpy(copy, acct_request, sizeof(copy));
		copy[off] ^= 0x80;
		if (radius_decode(copy, sizeof(copy), &pkt))
			continue;
		assert_int_equal(radius_verify_request(&pkt, SECRET, 0), -EACCES);
	}
	decode(acct_request, sizeof(acct_request), &pkt);
	assert_int_equal(radius_verify_request(&pkt, "wrong", 5, 0), -EACCES);
	/* Access-Request authenticators are random: nothing to verify */
	decode(rfc71_request, sizeof(rfc71_request), &pkt);
	assert_int_equal(radius_verify_request_authenticator(&pkt, SECRET), -EINVAL);
}

/* RFC 5176: Disconnect/CoA requests use the accounting scheme; their
 * Message-Authenticator is computed over a zero authenticator. */
static void test_disconnect_and_coa(void **state)
{
	static const uint8_t codes[] = { RADIUS_DISCONNECT_REQUEST, RADIUS_COA_REQUEST };
	struct radius_packet req, reply;
	struct radius_builder b;
	uint8_t buf[128], rbuf[128];
	int len, rlen;

	(void)state;
	decode(disconnect_request, sizeof(disconnect_request), &req);
	assert_int_equal(req.ma_off, 22);
	assert_int_equal(radius_verify_request_authenticator(&req, SECRET), 0);
	assert_int_equal(radius_verify_message_authenticator(&req, NULL, SECRET), 0);
	assert_int_equal(radius_verify_request(&req, SECRET, 0), 0);

	/* the builder makes the same packet */
	radius_request_init(&b, buf, sizeof(buf), RADIUS_DISCONNECT_REQUEST, 9, NULL);
	radius_add_message_authenticator(&b);
	radius_add_string(&b, RADIUS_ATTR_USER_NAME, "nemo");
	radius_add_string(&b, RADIUS_ATTR_ACCT_SESSION_ID, "5f3a0001");
	len = radius_finish(&b, SECRET);
	assert_int_equal(len, sizeof(disconnect_request));
	assert_memory_equal(buf, disconnect_request, sizeof(disconnect_request));

	for (size_t i = 0; i < sizeof(codes); i++) {
		uint8_t ack = codes[i] == RADIUS_DISCONNECT_REQUEST ? RADIUS_DISCONNECT_ACK : RADIUS_COA_ACK;
		uint8_t nak = ack + 1;

		radius_request_init(&b, buf, sizeof(buf), codes[i], (uint8_t)(20 + i), NULL);
		radius_add_string(&b, RADIUS_ATTR_CALLING_STATION_ID, "AA-BB-CC-DD-EE-FF");
		radius_add_vsa_string(&b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, "1M/2M");
		radius_add_message_authenticator(&b);
		len = radius_finish(&b, SECRET);
		assert_true(len > 0);
		decode(buf, (size_t)len, &req);
		assert_int_equal(radius_verify_request(&req, SECRET, 0), 0);
		buf[len - 1] ^= 1;
		assert_int_equal(radius_verify_request(&req, SECRET, 0), -EACCES);
		buf[len - 1] ^= 1;

		/* ACK verifies; a NAK with Error-Cause too; the wrong family does not */
		radius_reply_init(&b, rbuf, sizeof(rbuf), ack, &req);
		rlen = radius_finish(&b, SECRET);
		decode(rbuf, (size_t)rlen, &reply);
		assert_int_equal(radius_verify_reply(&reply, &req, SECRET, RADIUS_REQUIRE_MA), 0);

		radius_reply_init(&b, rbuf, sizeof(rbuf), nak, &req);
		radius_add_u32(&b, RADIUS_ATTR_ERROR_CAUSE, RADIUS_ERR_SESSION_NOT_FOUND);
		radius_add_message_authenticator(&b);
		rlen = radius_finish(&b, SECRET);
		decode(rbuf, (size_t)rlen, &reply);
		assert_int_equal(radius_verify_reply(&reply, &req, SECRET, 0), 0);
		rbuf[rlen - 1] ^= 1;
		assert_int_equal(radius_verify_reply(&reply, &req, SECRET, 0), -EACCES);

		radius_reply_init(&b, rbuf, sizeof(rbuf), RADIUS_ACCOUNTING_RESPONSE, &req);
		rlen = radius_finish(&b, SECRET);
		decode(rbuf, (size_t)rlen, &reply);
		assert_int_equal(radius_verify_reply(&reply, &req, SECRET, 0), -EPROTO);
	}
}

/* Server policy on Access-Request / Status-Server without Message-Authenticator. */
static void test_verify_request_policy(void **state)
{
	static const uint8_t ra[16] = { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 };
	static const struct {
		const char *name;
		uint8_t code;
		bool ma, proxy_state, eap;
		unsigned flags;
		int want;
	} rows[] = {
		{ "plain, lenient", RADIUS_ACCESS_REQUEST, false, false, false, 0, 0 },
		{ "plain, require", RADIUS_ACCESS_REQUEST, false, false, false, RADIUS_REQUIRE_MA, -ENOENT },
		{ "plain, limit proxy-state", RADIUS_ACCESS_REQUEST, false, false, false, RADIUS_LIMIT_PROXY_STATE, 0 },
		{ "proxy-state, limit", RADIUS_ACCESS_REQUEST, false, true, false, RADIUS_LIMIT_PROXY_STATE, -ENOENT },
		{ "proxy-state, lenient", RADIUS_ACCESS_REQUEST, false, true, false, 0, 0 },
		{ "proxy-state with MA, limit", RADIUS_ACCESS_REQUEST, true, true, false,
		  RADIUS_LIMIT_PROXY_STATE | RADIUS_REQUIRE_MA, 0 },
		{ "EAP without MA", RADIUS_ACCESS_REQUEST, false, false, true, 0, -ENOENT },
		{ "EAP with MA", RADIUS_ACCESS_REQUEST, true, false, true, 0, 0 },
		{ "Status-Server without MA", RADIUS_STATUS_SERVER, false, false, false, 0, -ENOENT },
		{ "Status-Server with MA", RADIUS_STATUS_SERVER, true, false, false, RADIUS_REQUIRE_MA, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct radius_packet pkt;
		uint8_t buf[128];
		size_t len = RADIUS_HDR_LEN;
		int got;

		/* hand-made, since the builder always adds Message-Authenticator here */
		memset(buf, 0, sizeof(buf));
		buf[0] = rows[i].code;
		memcpy(buf + 4, ra, 16);
		if (rows[i].ma) {
			buf[len] = RADIUS_ATTR_MESSAGE_AUTHENTICATOR;
			buf[len + 1] = 18;
			len += 18;
		}
		memcpy(buf + len, (const uint8_t[]){ 1, 6, 'n', 'e', 'm', 'o' }, 6);
		len += 6;
		if (rows[i].proxy_state) {
			memcpy(buf + len, (const uint8_t[]){ 33, 5, 'a', 'b', 'c' }, 5);
			len += 5;
		}
		if (rows[i].eap) {
			memcpy(buf + len, "\x4f\x06\x02\x01\x00\x04", 6);
			len += 6;
		}
		buf[3] = (uint8_t)len;
		if (rows[i].ma) {
			uint8_t mac[16];

			assert_int_equal(radius_message_authenticator_compute(buf, len, 22, ra, SECRET, mac), 0);
			memcpy(buf + 22, mac, 16);
		}
		decode(buf, len, &pkt);
		got = radius_verify_request(&pkt, SECRET, rows[i].flags);
		if (got != rows[i].want)
			fail_msg("%s: got %d want %d", rows[i].name, got, rows[i].want);
	}
}

/* RFC 5997: Status-Server carries Message-Authenticator, answered by Access-Accept. */
static void test_status_server(void **state)
{
	uint8_t ra[16], buf[64], rbuf[64];
	struct radius_packet req, reply;
	struct radius_builder b;
	int len;

	(void)state;
	assert_int_equal(radius_random_authenticator(ra), 0);
	radius_request_init(&b, buf, sizeof(buf), RADIUS_STATUS_SERVER, 200, ra);
	len = radius_finish(&b, SECRET);
	assert_int_equal(len, 38);
	decode(buf, (size_t)len, &req);
	assert_int_equal(radius_verify_request(&req, SECRET, 0), 0);

	radius_reply_init(&b, rbuf, sizeof(rbuf), RADIUS_ACCESS_ACCEPT, &req);
	len = radius_finish(&b, SECRET);
	decode(rbuf, (size_t)len, &reply);
	assert_int_equal(radius_verify_reply(&reply, &req, SECRET, RADIUS_REQUIRE_MA), 0);
	/* a reply is not a request */
	assert_int_equal(radius_verify_request(&reply, SECRET, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hmac_md5_rfc2104),
		cmocka_unit_test(test_rfc_response_authenticator),
		cmocka_unit_test(test_reply_roundtrip),
		cmocka_unit_test(test_reply_ma_checked_on_its_own),
		cmocka_unit_test(test_request_message_authenticator),
		cmocka_unit_test(test_accounting_request_authenticator),
		cmocka_unit_test(test_disconnect_and_coa),
		cmocka_unit_test(test_verify_request_policy),
		cmocka_unit_test(test_status_server),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
