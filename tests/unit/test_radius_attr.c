/* Attribute values, Vendor-Specific attributes, gigawords, Proxy-State,
 * the dictionary and the debug formatter. */
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
#include "radius/format.h"
#include "radius/packet.h"

static const char secret[] = "xyzzy5461";
#define SECRET secret, sizeof(secret) - 1

static const uint8_t rfc71_request[] = {
	0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83, 0xd5, 0xcb,
	0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x02, 0x12, 0x0d, 0xbe, 0x70, 0x8d,
	0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a, 0x0a, 0xee, 0x04, 0x06, 0xc0, 0xa8,
	0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
};

static void decode(const void *buf, size_t len, struct radius_packet *pkt)
{
	assert_int_equal(radius_decode(buf, len, pkt), 0);
}

/* The reply attributes the issue lists, per vendor, through encode and decode. */
static void test_vendor_attributes(void **state)
{
	static const struct {
		uint32_t vendor;
		uint8_t type;
		uint32_t value;
	} ints[] = {
		{ RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_UP, 2000000 },
		{ RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_DOWN, 10000000 },
		{ RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_UP, 2000 },
		{ RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_DOWN, 10000 },
		{ RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RECV_LIMIT, 12345 },
	};
	static const uint8_t long_value[248];   /* one over the 247 a VSA value can hold */
	struct radius_packet req, pkt;
	struct radius_builder b;
	uint8_t buf[512];
	char s[64];
	uint32_t v;
	uint64_t total;
	int len;

	(void)state;
	decode(rfc71_request, sizeof(rfc71_request), &req);
	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &req);
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++)
		radius_add_vsa_u32(&b, ints[i].vendor, ints[i].type, ints[i].value);
	radius_add_vsa_string(&b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_SESSION_TERMINATE_TIME,
			      "2025-01-31T23:59:59+00:00");
	radius_add_vsa_string(&b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, "2M/10M");
	radius_add_u64(&b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_TOTAL_OCTETS,
		       RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS, 5ull << 30 | 77);    /* 5 GiB + 77 */
	radius_add_u64(&b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT,
		       RADIUS_MIKROTIK_TOTAL_LIMIT_GIGAWORDS, 1000);          /* no gigawords */
	len = radius_finish(&b, SECRET);
	assert_true(len > 0);

	/* wire layout of the first VSA: 26, 12, vendor 14122, type 7, len 6, value */
	assert_memory_equal(buf + 38, ((const uint8_t[]){ 26, 12, 0x00, 0x00, 0x37, 0x2a, 7, 6,
							  0x00, 0x1e, 0x84, 0x80 }), 12);

	decode(buf, (size_t)len, &pkt);
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		assert_int_equal(radius_get_u32(&pkt, ints[i].vendor, ints[i].type, &v), 0);
		assert_int_equal(v, ints[i].value);
	}
	assert_int_equal(radius_get_string(&pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT,
					   s, sizeof(s)), 0);
	assert_string_equal(s, "2M/10M");
	assert_int_equal(radius_get_string(&pkt, RADIUS_VENDOR_WISPR, RADIUS_WISPR_SESSION_TERMINATE_TIME,
					   s, sizeof(s)), 0);
	assert_string_equal(s, "2025-01-31T23:59:59+00:00");
	assert_int_equal(radius_get_u64(&pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_TOTAL_OCTETS,
					RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS, &total), 0);
	assert_int_equal(total, 5ull << 30 | 77);
	assert_int_equal(radius_get_u32(&pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(radius_get_u32(&pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT_GIGAWORDS, &v),
			 -ENOENT);
	assert_int_equal(radius_get_u64(&pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT,
					RADIUS_MIKROTIK_TOTAL_LIMIT_GIGAWORDS, &total), 0);
	assert_int_equal(total, 1000);
	/* same type number, other vendor: not found */
	assert_int_equal(radius_get_u32(&pkt, RADIUS_VENDOR_WISPR, RADIUS_CHILLI_MAX_TOTAL_OCTETS, &v), -ENOENT);
	/* vendor 0 means the standard space: type 7 is Framed-Protocol there */
	assert_int_equal(radius_get_u32(&pkt, 0, 7, &v), -ENOENT);

	/* encoder limits */
	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &req);
	assert_int_equal(radius_add_vsa(&b, 0, 1, "x", 1), -EINVAL);
	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &req);
	assert_int_equal(radius_add_vsa(&b, 1u << 24, 1, "x", 1), -EINVAL);
	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &req);
	assert_int_equal(radius_add_vsa(&b, RADIUS_VENDOR_WISPR, 4, long_value, 248), -EINVAL);
	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &req);
	assert_int_equal(radius_add_vsa(&b, RADIUS_VENDOR_WISPR, 4, long_value, 247), 0);
}

/* RFC 2865 §5.26 allows several sub-attributes in one Vendor-Specific. */
static void test_vsa_walk(void **state)
{
	static const uint8_t multi[] = {
		26, 18, 0x00, 0x00, 0x3a, 0x8c,           /* Mikrotik */
		8, 6, '1', 'M', '/', '2',                 /* Rate-Limit "1M/2" */
		17, 6, 0x00, 0x00, 0x10, 0x00,            /* Total-Limit 4096 */
	};
	static const uint8_t bad[] = {
		26, 12, 0x00, 0x00, 0x3a, 0x8c, 8, 9, 'x', 'y', 'z', 'w',  /* sub-length past the end */
	};
	struct radius_attr a = { .type = 26, .len = sizeof(multi) - 2, .value = multi + 2 };
	struct radius_vsa_iter it;
	struct radius_vsa v;

	(void)state;
	assert_int_equal(radius_vsa_iter_init(&it, &a), 0);
	assert_int_equal(it.vendor, RADIUS_VENDOR_MIKROTIK);
	assert_true(radius_vsa_next(&it, &v));
	assert_int_equal(v.type, RADIUS_MIKROTIK_RATE_LIMIT);
	assert_int_equal(v.len, 4);
	assert_true(radius_vsa_next(&it, &v));
	assert_int_equal(v.type, RADIUS_MIKROTIK_TOTAL_LIMIT);
	assert_false(radius_vsa_next(&it, &v));
	assert_false(it.bad);

	a = (struct radius_attr){ .type = 26, .len = sizeof(bad) - 2, .value = bad + 2 };
	assert_int_equal(radius_vsa_iter_init(&it, &a), 0);
	assert_false(radius_vsa_next(&it, &v));
	assert_true(it.bad);

	a = (struct radius_attr){ .type = 26, .len = 5, .value = bad + 2 };
	assert_int_equal(radius_vsa_iter_init(&it, &a), -EBADMSG);
	assert_false(radius_vsa_next(&it, &v));
	a = (struct radius_attr){ .type = 1, .len = 10, .value = bad + 2 };
	assert_int_equal(radius_vsa_iter_init(&it, &a), -EBADMSG);

	/* inside a packet, the second sub-attribute is found too */
	uint8_t buf[64] = { RADIUS_ACCESS_ACCEPT, 1, 0, (uint8_t)(20 + sizeof(multi)) };
	struct radius_packet pkt;
	uint32_t val;

	memcpy(buf + 20, multi, sizeof(multi));
	decode(buf, 20 + sizeof(multi), &pkt);
	assert_int_equal(radius_get_u32(&pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT, &val), 0);
	assert_int_equal(val, 4096);
}

static void test_gigawords(void **state)
{
	static const struct {
		uint64_t bytes;
		uint32_t octets, gigawords;
	} rows[] = {
		{ 0, 0, 0 },
		{ 0xffffffffull, 0xffffffffu, 0 },
		{ 0x100000000ull, 0, 1 },
		{ 5ull * 0x100000000ull + 7, 7, 5 },
		{ UINT64_MAX, 0xffffffffu, 0xffffffffu },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint32_t o, g;
		uint8_t buf[128];
		struct radius_builder b;
		struct radius_packet pkt;
		uint64_t got;
		int len;

		radius_gigawords_split(rows[i].bytes, &o, &g);
		assert_int_equal(o, rows[i].octets);
		assert_int_equal(g, rows[i].gigawords);
		assert_int_equal(radius_gigawords_join(o, g), rows[i].bytes);

		radius_request_init(&b, buf, sizeof(buf), RADIUS_ACCOUNTING_REQUEST, 1, NULL);
		radius_add_u32(&b, RADIUS_ATTR_ACCT_STATUS_TYPE, RADIUS_ACCT_INTERIM_UPDATE);
		radius_add_u64(&b, 0, RADIUS_ATTR_ACCT_INPUT_OCTETS, RADIUS_ATTR_ACCT_INPUT_GIGAWORDS,
			       rows[i].bytes);
		len = radius_finish(&b, SECRET);
		decode(buf, (size_t)len, &pkt);
		assert_int_equal(radius_attr_count(&pkt, RADIUS_ATTR_ACCT_INPUT_GIGAWORDS),
				 rows[i].gigawords ? 1 : 0);
		assert_int_equal(radius_get_u64(&pkt, 0, RADIUS_ATTR_ACCT_INPUT_OCTETS,
						RADIUS_ATTR_ACCT_INPUT_GIGAWORDS, &got), 0);
		assert_int_equal(got, rows[i].bytes);
		assert_int_equal(radius_get_u64(&pkt, 0, RADIUS_ATTR_ACCT_OUTPUT_OCTETS,
						RADIUS_ATTR_ACCT_OUTPUT_GIGAWORDS, &got), -ENOENT);
	}
}

static void test_getters(void **state)
{
	/* User-Name "al\0ce", NAS-Port of 3 octets, Reply-Message "hello", Framed-IP 10.0.0.9 */
	static const uint8_t buf[] = {
		RADIUS_ACCESS_ACCEPT, 1, 0, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		1, 7, 'a', 'l', 0, 'c', 'e',
		5, 5, 0, 0, 3,
		18, 7, 'h', 'e', 'l', 'l', 'o',
		8, 6, 10, 0, 0, 9,
	};
	struct radius_packet pkt;
	struct in_addr ip;
	char s[8];
	uint8_t o[8];
	size_t n;
	uint32_t v;

	(void)state;
	decode(buf, sizeof(buf), &pkt);
	assert_int_equal(radius_get_string(&pkt, 0, RADIUS_ATTR_USER_NAME, s, sizeof(s)), -EBADMSG);
	assert_int_equal(radius_get_octets(&pkt, 0, RADIUS_ATTR_USER_NAME, o, sizeof(o), &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(radius_get_u32(&pkt, 0, RADIUS_ATTR_NAS_PORT, &v), -EBADMSG);
	assert_int_equal(radius_get_ipaddr(&pkt, 0, RADIUS_ATTR_NAS_PORT, &ip), -EBADMSG);
	assert_int_equal(radius_get_string(&pkt, 0, RADIUS_ATTR_REPLY_MESSAGE, s, 5), -ENOSPC);
	assert_int_equal(radius_get_string(&pkt, 0, RADIUS_ATTR_REPLY_MESSAGE, s, 6), 0);
	assert_string_equal(s, "hello");
	assert_int_equal(radius_get_octets(&pkt, 0, RADIUS_ATTR_REPLY_MESSAGE, o, 4, &n), -ENOSPC);
	assert_int_equal(radius_get_ipaddr(&pkt, 0, RADIUS_ATTR_FRAMED_IP_ADDRESS, &ip), 0);
	assert_int_equal(ntohl(ip.s_addr), 0x0a000009);
	assert_int_equal(radius_get_string(&pkt, 0, RADIUS_ATTR_CLASS, s, sizeof(s)), -ENOENT);
}

/* RFC 2865 §5.33: every Proxy-State, unmodified, in order. */
static void test_proxy_state_copy(void **state)
{
	static const uint8_t buf[] = {
		RADIUS_ACCESS_REQUEST, 4, 0, 46, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		33, 4, 'p', '1',
		1, 6, 'n', 'e', 'm', 'o',
		33, 5, 'p', '2', 0,
		33, 2,
		5, 6, 0, 0, 0, 1,
		33, 3, 'z',
	};
	static const uint8_t want[][4] = { { 4, 'p', '1' }, { 5, 'p', '2', 0 }, { 2 }, { 3, 'z' } };
	struct radius_packet req, reply;
	struct radius_builder b;
	struct radius_attr_iter it;
	struct radius_attr a;
	uint8_t out[256];
	size_t n = 0;
	int len;

	(void)state;
	decode(buf, sizeof(buf), &req);
	radius_reply_init(&b, out, sizeof(out), RADIUS_ACCESS_REJECT, &req);
	radius_add_string(&b, RADIUS_ATTR_REPLY_MESSAGE, "Your voucher has expired");
	assert_int_equal(radius_copy_proxy_state(&b, &req), 0);
	len = radius_finish(&b, SECRET);
	decode(out, (size_t)len, &reply);

	radius_attr_iter_init(&it, &reply);
	while (radius_attr_next(&it, &a)) {
		if (a.type != RADIUS_ATTR_PROXY_STATE)
			continue;
		assert_true(n < 4);
		assert_int_equal(a.len + 2, want[n][0]);
		assert_memory_equal(a.value, want[n] + 1, a.len);
		n++;
	}
	assert_int_equal(n, 4);

	/* no room: the error is reported */
	radius_reply_init(&b, out, 20 + 18 + 5, RADIUS_ACCESS_REJECT, &req);
	assert_int_equal(radius_copy_proxy_state(&b, &req), -ENOSPC);
}

static void test_dictionary(void **state)
{
	static const struct {
		uint32_t vendor;
		uint8_t type;
		const char *name;
		enum radius_value_type vt;
	} rows[] = {
		{ 0, 1, "User-Name", RADIUS_TYPE_STRING },
		{ 0, 2, "User-Password", RADIUS_TYPE_HIDDEN },
		{ 0, 8, "Framed-IP-Address", RADIUS_TYPE_IPADDR },
		{ 0, 29, "Termination-Action", RADIUS_TYPE_INTEGER },
		{ 0, 33, "Proxy-State", RADIUS_TYPE_OCTETS },
		{ 0, 52, "Acct-Input-Gigawords", RADIUS_TYPE_INTEGER },
		{ 0, 53, "Acct-Output-Gigawords", RADIUS_TYPE_INTEGER },
		{ 0, 55, "Event-Timestamp", RADIUS_TYPE_DATE },
		{ 0, 61, "NAS-Port-Type", RADIUS_TYPE_INTEGER },
		{ 0, 80, "Message-Authenticator", RADIUS_TYPE_OCTETS },
		{ 0, 85, "Acct-Interim-Interval", RADIUS_TYPE_INTEGER },
		{ 0, 101, "Error-Cause", RADIUS_TYPE_INTEGER },
		{ 14122, 4, "WISPr-Redirection-URL", RADIUS_TYPE_STRING },
		{ 14122, 7, "WISPr-Bandwidth-Max-Up", RADIUS_TYPE_INTEGER },
		{ 14122, 8, "WISPr-Bandwidth-Max-Down", RADIUS_TYPE_INTEGER },
		{ 14122, 9, "WISPr-Session-Terminate-Time", RADIUS_TYPE_STRING },
		{ 14559, 1, "ChilliSpot-Max-Input-Octets", RADIUS_TYPE_INTEGER },
		{ 14559, 3, "ChilliSpot-Max-Total-Octets", RADIUS_TYPE_INTEGER },
		{ 14559, 5, "ChilliSpot-Bandwidth-Max-Down", RADIUS_TYPE_INTEGER },
		{ 14559, 23, "ChilliSpot-Max-Total-Gigawords", RADIUS_TYPE_INTEGER },
		{ 14988, 8, "Mikrotik-Rate-Limit", RADIUS_TYPE_STRING },
		{ 14988, 17, "Mikrotik-Total-Limit", RADIUS_TYPE_INTEGER },
		{ 14988, 18, "Mikrotik-Total-Limit-Gigawords", RADIUS_TYPE_INTEGER },
		{ 14988, 10, "Mikrotik-Host-IP", RADIUS_TYPE_IPADDR },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct radius_dict_attr *d = radius_dict_lookup(rows[i].vendor, rows[i].type);

		assert_non_null(d);
		assert_string_equal(d->name, rows[i].name);
		assert_int_equal(d->value_type, rows[i].vt);
		assert_ptr_equal(radius_dict_by_name(rows[i].name), d);
	}
	assert_ptr_equal(radius_dict_by_name("mikrotik-rate-limit"), radius_dict_lookup(14988, 8));
	assert_null(radius_dict_by_name("No-Such-Attribute"));
	assert_null(radius_dict_lookup(0, 250));
	assert_null(radius_dict_lookup(9, 1));
	assert_string_equal(radius_dict_value_name(0, RADIUS_ATTR_ACCT_STATUS_TYPE, 3), "Interim-Update");
	assert_string_equal(radius_dict_value_name(0, RADIUS_ATTR_ERROR_CAUSE, 503), "Session-Context-Not-Found");
	assert_null(radius_dict_value_name(0, RADIUS_ATTR_ACCT_STATUS_TYPE, 99));
	uint32_t v = 0;
	assert_int_equal(radius_dict_value_by_name(0, RADIUS_ATTR_NAS_PORT_TYPE, "wireless-802.11", &v), 0);
	assert_int_equal(v, RADIUS_NAS_PORT_WIRELESS_80211);
	assert_int_equal(radius_dict_value_by_name(0, RADIUS_ATTR_ACCT_TERMINATE_CAUSE, "User-Request", &v), 0);
	assert_int_equal(v, RADIUS_TERM_USER_REQUEST);
	assert_int_equal(radius_dict_value_by_name(0, RADIUS_ATTR_ACCT_STATUS_TYPE, "User-Request", &v), -1);
	assert_int_equal(radius_dict_value_by_name(14988, 8, "Start", &v), -1);
	assert_string_equal(radius_vendor_name(14559), "ChilliSpot");
	assert_null(radius_vendor_name(1));
	assert_string_equal(radius_code_name(RADIUS_COA_NAK), "CoA-NAK");
	assert_null(radius_code_name(99));
}

static void test_format(void **state)
{
	struct radius_packet req, pkt;
	struct radius_builder b;
	uint8_t buf[512];
	char line[1024], small[16];
	size_t n;
	int len;

	(void)state;
	decode(rfc71_request, sizeof(rfc71_request), &req);
	n = radius_format(&req, line, sizeof(line));
	assert_string_equal(line, "Access-Request id=0 len=56 User-Name=\"nemo\" User-Password=<hidden> "
				  "NAS-IP-Address=192.168.1.16 NAS-Port=3");
	assert_int_equal(n, strlen(line));

	/* truncation: NUL-terminated, returns the full length */
	assert_int_equal(radius_format(&req, small, sizeof(small)), n);
	assert_string_equal(small, "Access-Request ");
	assert_int_equal(radius_format(&req, NULL, 0), n);

	radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &req);
	radius_add_vsa_u32(&b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_DOWN, 8000000);
	radius_add_vsa_string(&b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, "1M/8M");
	radius_add_vsa(&b, 9, 1, "ab", 2);
	radius_add_u32(&b, RADIUS_ATTR_ACCT_STATUS_TYPE, RADIUS_ACCT_STOP);
	radius_add(&b, RADIUS_ATTR_CLASS, "\x01\xff", 2);
	radius_add_string(&b, RADIUS_ATTR_REPLY_MESSAGE, "say \"hi\"\n");
	radius_add(&b, 200, "z", 1);
	radius_add(&b, RADIUS_ATTR_SESSION_TIMEOUT, "z", 1);     /* wrong size for an integer */
	radius_add(&b, RADIUS_ATTR_NAS_IPV6_ADDRESS,
		   "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
	radius_add(&b, RADIUS_ATTR_FRAMED_IPV6_PREFIX, "\x00\x40\x20\x01\x0d\xb8", 6);
	len = radius_finish(&b, SECRET);
	decode(buf, (size_t)len, &pkt);
	radius_format(&pkt, line, sizeof(line));
	assert_non_null(strstr(line, "Access-Accept id=0 "));
	assert_non_null(strstr(line, " Message-Authenticator=0x"));
	assert_non_null(strstr(line, " WISPr-Bandwidth-Max-Down=8000000"));
	assert_non_null(strstr(line, " Mikrotik-Rate-Limit=\"1M/8M\""));
	assert_non_null(strstr(line, " Attr-26.9.1=0x6162"));
	assert_non_null(strstr(line, " Acct-Status-Type=Stop"));
	assert_non_null(strstr(line, " Class=0x01ff"));
	assert_non_null(strstr(line, " Reply-Message=\"say \\\"hi\\\"\\x0a\""));
	assert_non_null(strstr(line, " Attr-200=0x7a"));
	assert_non_null(strstr(line, " Session-Timeout=0x7a"));
	assert_non_null(strstr(line, " NAS-IPv6-Address=2001:db8::1"));
	assert_non_null(strstr(line, " Framed-IPv6-Prefix=2001:db8::/64"));

	/* an unparseable Vendor-Specific prints raw */
	static const uint8_t bad_vsa[] = {
		RADIUS_ACCESS_ACCEPT, 1, 0, 28, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		26, 8, 0, 0, 0x37, 0x2a, 7, 9,
	};
	decode(bad_vsa, sizeof(bad_vsa), &pkt);
	radius_format(&pkt, line, sizeof(line));
	assert_string_equal(line, "Access-Accept id=1 len=28 Vendor-Specific=0x0000372a0709");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vendor_attributes),
		cmocka_unit_test(test_vsa_walk),
		cmocka_unit_test(test_gigawords),
		cmocka_unit_test(test_getters),
		cmocka_unit_test(test_proxy_state_copy),
		cmocka_unit_test(test_dictionary),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
