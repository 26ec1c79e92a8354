#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "common/cidr.h"

static void test_parse_format(void **state)
{
	static const struct { const char *in; int rc; const char *out_or_err; } cases[] = {
		{ "192.0.2.0/24", 0, "192.0.2.0/24" },
		{ "192.0.2.7", 0, "192.0.2.7" },
		{ "192.0.2.7/32", 0, "192.0.2.7" },
		{ "0.0.0.0/0", 0, "0.0.0.0/0" },
		{ "2001:db8::/32", 0, "2001:db8::/32" },
		{ "2001:DB8:0::1", 0, "2001:db8::1" },
		{ "192.0.2.1/24", -EINVAL, "host bits set: did you mean 192.0.2.0/24?" },
		{ "198.51.100.128/25", 0, "198.51.100.128/25" },
		{ "198.51.100.129/25", -EINVAL, "did you mean 198.51.100.128/25?" },
		{ "192.0.2.0/33", -EINVAL, "prefix length must be 0-32" },
		{ "2001:db8::/129", -EINVAL, "prefix length must be 0-128" },
		{ "192.0.2.0/", -EINVAL, "prefix length" },
		{ "192.0.2.0/x", -EINVAL, "prefix length" },
		{ "host.example", -EINVAL, "is not an IPv4 or IPv6 address" },
		{ "", -EINVAL, "is not an IPv4" },
		{ "/24", -EINVAL, "is not an IPv4" },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cidr c;
		char err[160] = "", buf[64];
		int rc = cidr_parse(cases[i].in, &c, err, sizeof(err));

		if (rc != cases[i].rc)
			fail_msg("case %zu (%s): rc %d", i, cases[i].in, rc);
		if (rc == 0) {
			cidr_format(&c, buf, sizeof(buf));
			assert_string_equal(buf, cases[i].out_or_err);
		} else if (!strstr(err, cases[i].out_or_err)) {
			fail_msg("case %zu: \"%s\" not in \"%s\"", i, cases[i].out_or_err, err);
		}
	}
}

static void test_contains(void **state)
{
	struct cidr net, any, v6;
	char err[128];
	struct in_addr a;
	struct in6_addr b;
	(void)state;

	assert_int_equal(cidr_parse("198.51.100.128/25", &net, err, sizeof(err)), 0);
	assert_int_equal(cidr_parse("0.0.0.0/0", &any, err, sizeof(err)), 0);
	assert_int_equal(cidr_parse("2001:db8:1::/48", &v6, err, sizeof(err)), 0);
	inet_pton(AF_INET, "198.51.100.200", &a);
	assert_true(cidr_contains(&net, AF_INET, &a));
	assert_true(cidr_contains(&any, AF_INET, &a));
	inet_pton(AF_INET, "198.51.100.127", &a);
	assert_false(cidr_contains(&net, AF_INET, &a));
	inet_pton(AF_INET6, "2001:db8:1:ffff::1", &b);
	assert_true(cidr_contains(&v6, AF_INET6, &b));
	assert_false(cidr_contains(&net, AF_INET6, &b));
	inet_pton(AF_INET6, "2001:db8:2::1", &b);
	assert_false(cidr_contains(&v6, AF_INET6, &b));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
		cmocka_unit_test(test_contains),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
