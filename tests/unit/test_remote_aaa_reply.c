/* Remote AAA's reading of an Access-Accept/Reject into session limits: one
 * row per vendor's way of saying a limit, the precedence when several say
 * it, Class kept for accounting, Reply-Message for the guest; and the small
 * parsers (MikroTik rates, ISO 8601 times, Calling-Station-Id). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "radius/radius.h"
#include "remote_aaa/remote_aaa.h"
#include "remote_aaa/reply.h"

static const char secret[] = "testing123";
#define SECRET secret, sizeof(secret) - 1
#define NOW 1700000000

/* a decoded Access-Request to reply to */
static struct radius_packet request(uint8_t *buf, size_t size)
{
	static const uint8_t auth[RADIUS_AUTH_LEN] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	struct radius_builder b;
	struct radius_packet pkt;
	int len;

	radius_request_init(&b, buf, size, RADIUS_ACCESS_REQUEST, 7, auth);
	radius_add_string(&b, RADIUS_ATTR_USER_NAME, "guest");
	len = radius_finish(&b, SECRET);
	assert_true(len > 0);
	assert_int_equal(radius_decode(buf, (size_t)len, &pkt), 0);
	return pkt;
}

typedef void (*add_fn)(struct radius_builder *b);

/* builds a reply of `code` with add(), decodes and parses it */
static int parse(uint8_t code, add_fn add, struct remote_reply *out)
{
	static uint8_t req_buf[RADIUS_MAX_LEN], buf[RADIUS_MAX_LEN];
	struct radius_packet req = request(req_buf, sizeof(req_buf)), pkt;
	struct radius_builder b;
	int len;

	radius_reply_init(&b, buf, sizeof(buf), code, &req);
	add(&b);
	len = radius_finish(&b, SECRET);
	assert_true(len > 0);
	assert_int_equal(radius_decode(buf, (size_t)len, &pkt), 0);
	return remote_reply_parse(&pkt, NOW, out);
}

static void add_wispr(struct radius_builder *b)
{
	radius_add_u32(b, RADIUS_ATTR_SESSION_TIMEOUT, 3600);
	radius_add_u32(b, RADIUS_ATTR_IDLE_TIMEOUT, 600);
	radius_add_u32(b, RADIUS_ATTR_ACCT_INTERIM_INTERVAL, 60);
	radius_add_string(b, RADIUS_ATTR_CLASS, "sg:42");
	radius_add(b, RADIUS_ATTR_CLASS, "\x00\x01\xff", 3);
	radius_add_vsa_u32(b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_UP, 2000000);
	radius_add_vsa_u32(b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_DOWN, 10000000);
	/* a MikroTik rate that disagrees: WISPr's bit/s win */
	radius_add_vsa_string(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, "1k/1k");
}

static void test_standard_and_wispr(void **state)
{
	struct remote_reply r;

	(void)state;
	assert_int_equal(parse(RADIUS_ACCESS_ACCEPT, add_wispr, &r), 0);
	assert_true(r.accept);
	assert_string_equal(r.message, "");
	assert_int_equal(r.limits.seconds_left, 3600);
	assert_int_equal(r.limits.end_at, NOW + 3600);
	assert_int_equal(r.limits.idle_timeout, 600);
	assert_int_equal(r.limits.interim_interval, 60);
	assert_int_equal(r.limits.speed_up, 2000000);
	assert_int_equal(r.limits.speed_down, 10000000);
	assert_int_equal(r.limits.bytes_total_left, LIMIT_NONE);
	assert_int_equal(r.limits.bytes_up_left, LIMIT_NONE);
	assert_int_equal(r.limits.bytes_down_left, LIMIT_NONE);
	/* both Class values, in order and octet for octet */
	assert_int_equal(r.nclass, 2);
	assert_int_equal(r.class_attr[0].len, 5);
	assert_memory_equal(r.class_attr[0].value, "sg:42", 5);
	assert_int_equal(r.class_attr[1].len, 3);
	assert_memory_equal(r.class_attr[1].value, "\x00\x01\xff", 3);
}

static void add_chilli(struct radius_builder *b)
{
	radius_add_vsa_u32(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_UP, 512);
	radius_add_vsa_u32(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_DOWN, 4096);
	radius_add_u64(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_TOTAL_OCTETS, RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS,
		       5ull << 32 | 77);
	radius_add_vsa_u32(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_INPUT_OCTETS, 1000);
	radius_add_vsa_u32(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_OUTPUT_OCTETS, 2000);
	radius_add_vsa_u32(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_OUTPUT_GIGAWORDS, 1);
	/* MikroTik's total is read only when ChilliSpot's is absent */
	radius_add_vsa_u32(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT, 1);
}

static void test_chillispot(void **state)
{
	struct remote_reply r;

	(void)state;
	assert_int_equal(parse(RADIUS_ACCESS_ACCEPT, add_chilli, &r), 0);
	assert_int_equal(r.limits.speed_up, 512000);
	assert_int_equal(r.limits.speed_down, 4096000);
	assert_int_equal(r.limits.bytes_total_left, (int64_t)(5ull << 32 | 77));
	assert_int_equal(r.limits.bytes_up_left, 1000);
	assert_int_equal(r.limits.bytes_down_left, (int64_t)(1ull << 32 | 2000));
	assert_int_equal(r.limits.seconds_left, LIMIT_NONE);
	assert_int_equal(r.limits.end_at, 0);
	assert_int_equal(r.nclass, 0);
}

static void add_mikrotik(struct radius_builder *b)
{
	radius_add_u32(b, RADIUS_ATTR_SESSION_TIMEOUT, 0);	/* MikroTik: 0 = no limit */
	radius_add_vsa_string(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, "2M/10M 4M/20M 1M/5M 8/8");
	radius_add_u64(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT, RADIUS_MIKROTIK_TOTAL_LIMIT_GIGAWORDS,
		       3ull << 32);
	radius_add_vsa_u32(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RECV_LIMIT, 700);
	radius_add_vsa_u32(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_XMIT_LIMIT, 900);
}

static void test_mikrotik(void **state)
{
	struct remote_reply r;

	(void)state;
	assert_int_equal(parse(RADIUS_ACCESS_ACCEPT, add_mikrotik, &r), 0);
	/* rx is what the router receives: the guest's upload */
	assert_int_equal(r.limits.speed_up, 2000000);
	assert_int_equal(r.limits.speed_down, 10000000);
	assert_int_equal(r.limits.bytes_total_left, (int64_t)(3ull << 32));
	assert_int_equal(r.limits.bytes_up_left, 700);
	assert_int_equal(r.limits.bytes_down_left, 900);
	assert_int_equal(r.limits.seconds_left, LIMIT_NONE);
	assert_int_equal(r.limits.end_at, 0);
}

static void add_terminate_time(struct radius_builder *b)
{
	radius_add_u32(b, RADIUS_ATTR_SESSION_TIMEOUT, 7200);
	/* NOW is 2023-11-14T22:13:20Z; this is one hour later, written at +02:00 */
	radius_add_vsa_string(b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_SESSION_TERMINATE_TIME, "2023-11-15T01:13:20+02:00");
	radius_add_vsa_string(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, "bogus");
}

static void test_terminate_time_and_bad_vendor_value(void **state)
{
	struct remote_reply r;

	(void)state;
	assert_int_equal(parse(RADIUS_ACCESS_ACCEPT, add_terminate_time, &r), 0);
	assert_int_equal(r.limits.seconds_left, 7200);
	assert_int_equal(r.limits.end_at, NOW + 3600);	/* the earlier of the two */
	assert_int_equal(r.limits.speed_up, 0);		/* unreadable: unlimited, not refused */
	assert_int_equal(r.limits.speed_down, 0);
}

static void add_reject(struct radius_builder *b)
{
	radius_add_string(b, RADIUS_ATTR_REPLY_MESSAGE, "Your maximum never usage time has been reached\r\n");
	radius_add_string(b, RADIUS_ATTR_REPLY_MESSAGE, "Call\x07 the desk");
	radius_add_u32(b, RADIUS_ATTR_SESSION_TIMEOUT, 60);	/* ignored on a reject */
}

static void test_reject_message(void **state)
{
	struct remote_reply r;

	(void)state;
	assert_int_equal(parse(RADIUS_ACCESS_REJECT, add_reject, &r), 0);
	assert_false(r.accept);
	assert_string_equal(r.message, "Your maximum never usage time has been reached Call  the desk");
	assert_int_equal(r.limits.seconds_left, LIMIT_NONE);
}

static void add_nothing(struct radius_builder *b)
{
	(void)b;
}

static void test_other_codes(void **state)
{
	struct remote_reply r;

	(void)state;
	assert_int_equal(parse(RADIUS_ACCESS_CHALLENGE, add_nothing, &r), -EPROTO);
	assert_false(r.accept);
	assert_int_equal(parse(RADIUS_ACCESS_ACCEPT, add_nothing, &r), 0);
	assert_true(r.accept);
	assert_int_equal(r.limits.seconds_left, LIMIT_NONE);
	assert_int_equal(r.limits.bucket, -1);
}

static void test_mikrotik_rates(void **state)
{
	static const struct {
		const char *text;
		int rc;
		uint64_t rx, tx;
	} rows[] = {
		{ "10M/2M", 0, 10000000, 2000000 },
		{ "512k/1M 1M/2M 8/8", 0, 512000, 1000000 },
		{ "1000000/2000000", 0, 1000000, 2000000 },
		{ "5M", 0, 5000000, 5000000 },
		{ "1G/1g", 0, 1000000000, 1000000000 },
		{ " 64k/128K", 0, 64000, 128000 },
		{ "", -EINVAL, 0, 0 },
		{ "abc", -EINVAL, 0, 0 },
		{ "10M/", -EINVAL, 0, 0 },
		{ "10X/2M", -EINVAL, 0, 0 },
		{ "-1/2", -EINVAL, 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		uint64_t rx = 0, tx = 0;

		assert_int_equal(remote_parse_mikrotik_rate(rows[i].text, &rx, &tx), rows[i].rc);
		if (rows[i].rc == 0) {
			assert_int_equal(rx, rows[i].rx);
			assert_int_equal(tx, rows[i].tx);
		}
	}
}

static void test_iso8601(void **state)
{
	static const struct {
		const char *text;
		int rc;
		int64_t t;
	} rows[] = {
		{ "2023-11-14T22:13:20+00:00", 0, NOW },
		{ "2023-11-14T22:13:20Z", 0, NOW },
		{ "2023-11-14T22:13:20", 0, NOW },
		{ "2023-11-15T00:13:20+02:00", 0, NOW },
		{ "2023-11-14T20:43:20-01:30", 0, NOW },
		{ "2023-11-14 22:13:20", -EINVAL, 0 },
		{ "2023-11-14T22:13:20+2", -EINVAL, 0 },
		{ "2023-11-14T22:13:20 junk", -EINVAL, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		int64_t t = 0;

		assert_int_equal(remote_parse_iso8601(rows[i].text, &t), rows[i].rc);
		if (rows[i].rc == 0)
			assert_int_equal(t, rows[i].t);
	}
}

static void test_station_id(void **state)
{
	char out[18];

	(void)state;
	remote_aaa_station_id("aa:bb:cc:dd:ee:0f", out);
	assert_string_equal(out, "AA-BB-CC-DD-EE-0F");
	remote_aaa_station_id("aabb.ccdd.ee0f", out);
	assert_string_equal(out, "AA-BB-CC-DD-EE-0F");
	remote_aaa_station_id("not a mac", out);
	assert_string_equal(out, "");
	remote_aaa_station_id(NULL, out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_standard_and_wispr),
		cmocka_unit_test(test_chillispot),
		cmocka_unit_test(test_mikrotik),
		cmocka_unit_test(test_terminate_time_and_bad_vendor_value),
		cmocka_unit_test(test_reject_message),
		cmocka_unit_test(test_other_codes),
		cmocka_unit_test(test_mikrotik_rates),
		cmocka_unit_test(test_iso8601),
		cmocka_unit_test(test_station_id),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
