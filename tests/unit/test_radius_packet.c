/* RADIUS packet decoding (length checks first), the attribute walker, codes,
 * duplicate keys, and the builder's layout rules. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "radius/attr.h"
#include "radius/dict.h"
#include "radius/encode.h"
#include "radius/packet.h"

static const char secret[] = "xyzzy5461";
#define SECRET secret, sizeof(secret) - 1

/* RFC 2865 §7.1 Access-Request: User-Name "nemo", User-Password, NAS-IP-Address, NAS-Port 3 */
static const uint8_t rfc_access_request[] = {
	0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5, 0xcb,
	0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x02, 0x12, 0x0d, 0xbe, 0x70, 0x8d,
	0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee, 0x04, 0x06, 0xc0, 0xa8,
	0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
};

static void test_decode_rfc_request(void **state)
{
	static const uint8_t want_types[] = { 1, 2, 4, 5 };
	static const uint8_t want_lens[] = { 4, 16, 4, 4 };
	struct radius_packet pkt;
	struct radius_attr_iter it;
	struct radius_attr a;
	size_t n = 0;

	(void)state;
	assert_int_equal(radius_decode(rfc_access_request, sizeof(rfc_access_request), &pkt), 0);
	assert_int_equal(pkt.code, RADIUS_ACCESS_REQUEST);
	assert_int_equal(pkt.id, 0);
	assert_int_equal(pkt.len, 56);
	assert_ptr_equal(pkt.authenticator, rfc_access_request + 4);
	assert_int_equal(pkt.ma_off, 0);

	radius_attr_iter_init(&it, &pkt);
	while (radius_attr_next(&it, &a)) {
		assert_true(n < sizeof(want_types));
		assert_int_equal(a.type, want_types[n]);
		assert_int_equal(a.len, want_lens[n]);
		n++;
	}
	assert_int_equal(n, 4);
	assert_int_equal(radius_attr_find(&pkt, RADIUS_ATTR_NAS_PORT, &a), 0);
	assert_int_equal(a.off, 50);
	assert_int_equal(radius_attr_find(&pkt, RADIUS_ATTR_STATE, &a), -ENOENT);
	assert_int_equal(radius_attr_count(&pkt, RADIUS_ATTR_USER_NAME), 1);
}

static void test_decode_ignores_padding(void **state)
{
	uint8_t buf[sizeof(rfc_access_request) + 9];
	struct radius_packet pkt;

	(void)state;
	memcpy(buf, rfc_access_request, sizeof(rfc_access_request));
	memset(buf + sizeof(rfc_access_request), 0xee, 9);
	assert_int_equal(radius_decode(buf, sizeof(buf), &pkt), 0);
	assert_int_equal(pkt.len, 56);
	assert_int_equal(radius_attr_count(&pkt, 0xee), 0);
}

/* Every prefix of a valid packet is refused: the Length field then exceeds the datagram. */
static void test_decode_truncated(void **state)
{
	struct radius_packet pkt;

	(void)state;
	for (size_t n = 0; n < sizeof(rfc_access_request); n++)
		assert_int_equal(radius_decode(rfc_access_request, n, &pkt), -EMSGSIZE);
	assert_null(pkt.data);
}

struct malformed {
	const char *name;
	uint8_t bytes[48];
	size_t size;        /* datagram size */
	int want;
};

/* Header helper: code, id, length. */
#define HDR(code, len) (code), 0x11, (uint8_t)((len) >> 8), (uint8_t)(len), \
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15

static const struct malformed malformed[] = {
	{ "length field 19", { HDR(1, 19) }, 20, -EMSGSIZE },
	{ "length field 0", { HDR(1, 0) }, 20, -EMSGSIZE },
	{ "length field larger than datagram", { HDR(1, 26), 1, 6, 'n', 'e', 'm', 'o' }, 25, -EMSGSIZE },
	{ "length field 4097", { HDR(1, 4097) }, 48, -EMSGSIZE },
	{ "attribute length 0", { HDR(1, 26), 1, 0, 'n', 'e', 'm', 'o' }, 26, -EBADMSG },
	{ "attribute length 1", { HDR(1, 26), 1, 1, 'n', 'e', 'm', 'o' }, 26, -EBADMSG },
	{ "attribute past the end", { HDR(1, 26), 1, 7, 'n', 'e', 'm', 'o', 0 }, 27, -EBADMSG },
	{ "lone trailing octet", { HDR(1, 27), 1, 6, 'n', 'e', 'm', 'o', 1 }, 27, -EBADMSG },
	{ "attribute length 1 after a valid one", { HDR(1, 28), 1, 6, 'n', 'e', 'm', 'o', 5, 1 }, 28, -EBADMSG },
	{ "Message-Authenticator of 15 octets",
	  { HDR(1, 37), 80, 17, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 37, -EBADMSG },
	{ "two Message-Authenticators", { HDR(1, 56), 80, 18, [38] = 80, [39] = 18 }, 56, -EBADMSG },
	{ "unknown code", { HDR(99, 20) }, 20, -EPROTO },
	{ "code 0", { HDR(0, 20) }, 20, -EPROTO },
	{ "Status-Client is not ours", { HDR(13, 20) }, 20, -EPROTO },
	{ "unknown code and bad attribute", { HDR(99, 22), 1, 0 }, 22, -EBADMSG },
};

static void test_decode_malformed(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		const struct malformed *m = &malformed[i];
		struct radius_packet pkt;
		uint8_t buf[64];
		int got;

		memcpy(buf, m->bytes, sizeof(m->bytes));
		got = radius_decode(buf, m->size, &pkt);
		if (got != m->want)
			fail_msg("%s: got %d want %d", m->name, got, m->want);
		assert_null(pkt.data);
	}
	assert_int_equal(radius_decode(NULL, 100, &(struct radius_packet){ 0 }), -EMSGSIZE);
}

static void test_decode_max_length(void **state)
{
	static uint8_t buf[RADIUS_MAX_LEN + 1];
	struct radius_packet pkt;
	size_t off = RADIUS_HDR_LEN;

	(void)state;
	memset(buf, 0, sizeof(buf));
	buf[0] = RADIUS_ACCOUNTING_REQUEST;
	/* fill exactly 4096 octets with Class attributes of 255 and one remainder */
	while (RADIUS_MAX_LEN - off >= 255) {
		buf[off] = RADIUS_ATTR_CLASS;
		buf[off + 1] = 255;
		off += 255;
	}
	buf[off] = RADIUS_ATTR_CLASS;
	buf[off + 1] = (uint8_t)(RADIUS_MAX_LEN - off);
	buf[2] = RADIUS_MAX_LEN >> 8;
	buf[3] = RADIUS_MAX_LEN & 0xff;
	assert_int_equal(radius_decode(buf, RADIUS_MAX_LEN, &pkt), 0);
	assert_int_equal(pkt.len, RADIUS_MAX_LEN);
	assert_int_equal(radius_attr_count(&pkt, RADIUS_ATTR_CLASS), 16); /* 15 x 255 + 251 */

	/* one more octet in the Length field is over the limit, even if the datagram has it */
	buf[3] += 1;
	assert_int_equal(radius_decode(buf, sizeof(buf), &pkt), -EMSGSIZE);
}

static void test_codes(void **state)
{
	static const struct {
		uint8_t code;
		enum radius_auth_kind kind;
		bool request;
	} rows[] = {
		{ RADIUS_ACCESS_REQUEST, RADIUS_AUTH_RANDOM, true },
		{ RADIUS_STATUS_SERVER, RADIUS_AUTH_RANDOM, true },
		{ RADIUS_ACCOUNTING_REQUEST, RADIUS_AUTH_REQUEST, true },
		{ RADIUS_DISCONNECT_REQUEST, RADIUS_AUTH_REQUEST, true },
		{ RADIUS_COA_REQUEST, RADIUS_AUTH_REQUEST, true },
		{ RADIUS_ACCESS_ACCEPT, RADIUS_AUTH_RESPONSE, false },
		{ RADIUS_ACCESS_REJECT, RADIUS_AUTH_RESPONSE, false },
		{ RADIUS_ACCESS_CHALLENGE, RADIUS_AUTH_RESPONSE, false },
		{ RADIUS_ACCOUNTING_RESPONSE, RADIUS_AUTH_RESPONSE, false },
		{ RADIUS_DISCONNECT_ACK, RADIUS_AUTH_RESPONSE, false },
		{ RADIUS_DISCONNECT_NAK, RADIUS_AUTH_RESPONSE, false },
		{ RADIUS_COA_ACK, RADIUS_AUTH_RESPONSE, false },
		{ RADIUS_COA_NAK, RADIUS_AUTH_RESPONSE, false },
		{ 13, RADIUS_AUTH_NONE, false },
		{ 255, RADIUS_AUTH_NONE, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(radius_code_auth_kind(rows[i].code), rows[i].kind);
		assert_int_equal(radius_code_is_request(rows[i].code), rows[i].request);
		assert_int_equal(radius_code_known(rows[i].code), rows[i].kind != RADIUS_AUTH_NONE);
		if (rows[i].kind != RADIUS_AUTH_NONE)
			assert_non_null(radius_code_name(rows[i].code));
	}
	assert_true(radius_code_answers(RADIUS_ACCESS_REQUEST, RADIUS_ACCESS_CHALLENGE));
	assert_false(radius_code_answers(RADIUS_ACCESS_REQUEST, RADIUS_ACCOUNTING_RESPONSE));
	assert_true(radius_code_answers(RADIUS_STATUS_SERVER, RADIUS_ACCOUNTING_RESPONSE));
	assert_true(radius_code_answers(RADIUS_DISCONNECT_REQUEST, RADIUS_DISCONNECT_NAK));
	assert_false(radius_code_answers(RADIUS_DISCONNECT_REQUEST, RADIUS_COA_ACK));
	assert_true(radius_code_answers(RADIUS_COA_REQUEST, RADIUS_COA_NAK));
	assert_false(radius_code_answers(RADIUS_ACCESS_ACCEPT, RADIUS_ACCESS_ACCEPT));
}

static void test_dedup_key(void **state)
{
	uint8_t copy[sizeof(rfc_access_request)];
	struct radius_packet a, b;
	struct radius_dedup_key ka, kb;

	(void)state;
	memcpy(copy, rfc_access_request, sizeof(copy));
	assert_int_equal(radius_decode(rfc_access_request, sizeof(rfc_access_request), &a), 0);
	assert_int_equal(radius_decode(copy, sizeof(copy), &b), 0);
	radius_dedup_key(&a, &ka);
	radius_dedup_key(&b, &kb);
	assert_true(radius_dedup_equal(&ka, &kb));

	copy[4] ^= 1;  /* a new request that reuses the Identifier */
	radius_dedup_key(&b, &kb);
	assert_false(radius_dedup_equal(&ka, &kb));
	copy[4] ^= 1;
	copy[1] = 7;
	assert_int_equal(radius_decode(copy, sizeof(copy), &b), 0);
	radius_dedup_key(&b, &kb);
	assert_false(radius_dedup_equal(&ka, &kb));
}

/* BlastRADIUS: Message-Authenticator is the first attribute of Access-* replies. */
static void test_builder_ma_first(void **state)
{
	static const struct {
		uint8_t code;
		bool ma;
	} rows[] = {
		{ RADIUS_ACCESS_ACCEPT, true },
		{ RADIUS_ACCESS_REJECT, true },
		{ RADIUS_ACCESS_CHALLENGE, true },
		{ RADIUS_ACCOUNTING_RESPONSE, false },
		{ RADIUS_DISCONNECT_ACK, false },
		{ RADIUS_COA_NAK, false },
	};
	struct radius_packet req, reply;
	struct radius_builder b;
	struct radius_attr a;
	struct radius_attr_iter it;
	uint8_t buf[256];
	int len;

	(void)state;
	assert_int_equal(radius_decode(rfc_access_request, sizeof(rfc_access_request), &req), 0);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_int_equal(radius_reply_init(&b, buf, sizeof(buf), rows[i].code, &req), 0);
		assert_int_equal(radius_add_string(&b, RADIUS_ATTR_REPLY_MESSAGE, "hello"), 0);
		len = radius_finish(&b, SECRET);
		assert_true(len > 0);
		assert_int_equal(radius_decode(buf, (size_t)len, &reply), 0);
		assert_int_equal(reply.code, rows[i].code);
		assert_int_equal(reply.id, req.id);
		radius_attr_iter_init(&it, &reply);
		assert_true(radius_attr_next(&it, &a));
		if (rows[i].ma) {
			assert_int_equal(a.type, RADIUS_ATTR_MESSAGE_AUTHENTICATOR);
			assert_int_equal(a.off, RADIUS_HDR_LEN);
			assert_int_equal(reply.ma_off, RADIUS_HDR_LEN + 2);
			assert_true(radius_attr_next(&it, &a));
		} else {
			assert_int_equal(reply.ma_off, 0);
		}
		assert_int_equal(a.type, RADIUS_ATTR_REPLY_MESSAGE);
		assert_memory_equal(a.value, "hello", 5);
		assert_false(radius_attr_next(&it, &a));
	}

	/* a reply code is not a request and vice versa */
	assert_int_equal(radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, &req), -EINVAL);
	assert_int_equal(radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, 1, NULL), -EINVAL);
	assert_int_equal(radius_finish(&b, SECRET), -EINVAL);
	/* Access-Request needs its random authenticator */
	assert_int_equal(radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 1, NULL), -EINVAL);
}

static void test_builder_limits(void **state)
{
	static uint8_t big[300];
	uint8_t buf[64];
	static uint8_t huge[RADIUS_MAX_LEN + 100];
	struct radius_builder b;
	struct radius_packet pkt;
	int n = 0, len;

	(void)state;
	/* value too long for one attribute */
	assert_int_equal(radius_request_init(&b, huge, sizeof(huge), RADIUS_ACCOUNTING_REQUEST, 1, NULL), 0);
	assert_int_equal(radius_add(&b, RADIUS_ATTR_CLASS, big, 254), -EINVAL);
	assert_int_equal(radius_add(&b, RADIUS_ATTR_CLASS, big, 1), -EINVAL); /* sticky */
	assert_int_equal(radius_finish(&b, SECRET), -EINVAL);

	/* buffer full: sticky -ENOSPC, nothing written past the buffer */
	assert_int_equal(radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 1, NULL), 0);
	assert_int_equal(radius_add(&b, RADIUS_ATTR_CLASS, big, 40), 0);
	assert_int_equal(radius_add(&b, RADIUS_ATTR_CLASS, big, 3), -ENOSPC);
	assert_int_equal(radius_add_u32(&b, RADIUS_ATTR_NAS_PORT, 1), -ENOSPC);
	assert_int_equal(radius_finish(&b, SECRET), -ENOSPC);

	/* the packet never grows past 4096 even in a larger buffer */
	assert_int_equal(radius_request_init(&b, huge, sizeof(huge), RADIUS_ACCOUNTING_REQUEST, 1, NULL), 0);
	while (radius_add(&b, RADIUS_ATTR_CLASS, big, 253) == 0)
		n++;
	assert_int_equal(b.err, -ENOSPC);
	assert_int_equal(n, (RADIUS_MAX_LEN - RADIUS_HDR_LEN) / 255);

	/* a full-size packet round-trips */
	assert_int_equal(radius_request_init(&b, huge, sizeof(huge), RADIUS_ACCOUNTING_REQUEST, 2, NULL), 0);
	for (int i = 0; i < n; i++)
		assert_int_equal(radius_add(&b, RADIUS_ATTR_CLASS, big, 253), 0);
	assert_int_equal(radius_add(&b, RADIUS_ATTR_CLASS, big,
				    RADIUS_MAX_LEN - RADIUS_HDR_LEN - (size_t)n * 255 - 2), 0);
	len = radius_finish(&b, SECRET);
	assert_int_equal(len, RADIUS_MAX_LEN);
	assert_int_equal(radius_decode(huge, (size_t)len, &pkt), 0);

	/* empty secret is refused */
	assert_int_equal(radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 1, NULL), 0);
	assert_int_equal(radius_finish(&b, "", 0), -EINVAL);

	/* only one Message-Authenticator */
	assert_int_equal(radius_request_init(&b, buf, sizeof(buf), RADIUS_STATUS_SERVER, 1, big), 0);
	assert_int_equal(radius_add_message_authenticator(&b), -EINVAL);

	/* a buffer too small for the header */
	assert_int_equal(radius_request_init(&b, buf, 19, RADIUS_ACCOUNTING_REQUEST, 1, NULL), -EINVAL);
}

static void test_builder_roundtrip(void **state)
{
	static const uint8_t ra[RADIUS_AUTH_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	struct radius_builder b;
	struct radius_packet pkt;
	struct in_addr ip = { .s_addr = htonl(0xc0a80110) }, got_ip;
	uint8_t buf[512];
	char s[64];
	uint32_t v;
	int len;

	(void)state;
	assert_int_equal(radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCESS_REQUEST, 42, ra), 0);
	radius_add_string(&b, RADIUS_ATTR_USER_NAME, "aa:bb:cc:dd:ee:ff");
	radius_add_ipaddr(&b, RADIUS_ATTR_NAS_IP_ADDRESS, ip);
	radius_add_u32(&b, RADIUS_ATTR_NAS_PORT_TYPE, RADIUS_NAS_PORT_WIRELESS_80211);
	radius_add(&b, RADIUS_ATTR_STATE, NULL, 0);
	len = radius_finish(&b, SECRET);
	assert_true(len > 0);

	assert_int_equal(radius_decode(buf, (size_t)len, &pkt), 0);
	assert_int_equal(pkt.id, 42);
	assert_memory_equal(pkt.authenticator, ra, RADIUS_AUTH_LEN);
	assert_int_equal(pkt.ma_off, RADIUS_HDR_LEN + 2);
	assert_int_equal(radius_get_string(&pkt, 0, RADIUS_ATTR_USER_NAME, s, sizeof(s)), 0);
	assert_string_equal(s, "aa:bb:cc:dd:ee:ff");
	assert_int_equal(radius_get_ipaddr(&pkt, 0, RADIUS_ATTR_NAS_IP_ADDRESS, &got_ip), 0);
	assert_int_equal(got_ip.s_addr, ip.s_addr);
	assert_int_equal(radius_get_u32(&pkt, 0, RADIUS_ATTR_NAS_PORT_TYPE, &v), 0);
	assert_int_equal(v, 19);
	assert_int_equal(radius_attr_count(&pkt, RADIUS_ATTR_STATE), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_rfc_request),
		cmocka_unit_test(test_decode_ignores_padding),
		cmocka_unit_test(test_decode_truncated),
		cmocka_unit_test(test_decode_malformed),
		cmocka_unit_test(test_decode_max_length),
		cmocka_unit_test(test_codes),
		cmocka_unit_test(test_dedup_key),
		cmocka_unit_test(test_builder_ma_first),
		cmocka_unit_test(test_builder_limits),
		cmocka_unit_test(test_builder_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
