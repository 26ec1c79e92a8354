/* MAC parsing: the common spellings in, one spelling out. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/mac.h"

static void test_parse_format(void **state)
{
	static const struct { const char *in; int rc; const char *out; } cases[] = {
		{ "aa:bb:cc:dd:ee:ff", 0, "aa:bb:cc:dd:ee:ff" },
		{ "AA:BB:CC:DD:EE:FF", 0, "aa:bb:cc:dd:ee:ff" },
		{ "AA-BB-CC-DD-EE-0F", 0, "aa:bb:cc:dd:ee:0f" },
		{ "aabb.ccdd.eeff", 0, "aa:bb:cc:dd:ee:ff" },
		{ "AABB.CCDD.EE01", 0, "aa:bb:cc:dd:ee:01" },
		{ "0200000001FE", 0, "02:00:00:00:01:fe" },
		{ "02:00:00:00:01:0a", 0, "02:00:00:00:01:0a" },
		{ "aa:bb-cc:dd:ee:ff", -EINVAL, NULL },		/* mixed separators */
		{ "aa:bb:cc:dd:ee", -EINVAL, NULL },		/* five bytes */
		{ "aa:bb:cc:dd:ee:ff:00", -EINVAL, NULL },
		{ "aa:bb:cc:dd:ee:fg", -EINVAL, NULL },
		{ "a:bb:cc:dd:ee:fff", -EINVAL, NULL },	/* group widths */
		{ "aabb.ccdd.eef", -EINVAL, NULL },
		{ "aab.bccdd.eeff", -EINVAL, NULL },
		{ "aabbccddeef", -EINVAL, NULL },
		{ "aabbccddeeffa", -EINVAL, NULL },
		{ "aa:bb:cc:dd:ee:f:", -EINVAL, NULL },
		{ "", -EINVAL, NULL },
		{ "::::::::::::::::: ", -EINVAL, NULL },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t m[6] = { 1, 2, 3, 4, 5, 6 };
		char buf[MAC_TEXT_LEN];
		int rc = mac_parse(cases[i].in, m);

		if (rc != cases[i].rc)
			fail_msg("case %zu \"%s\": rc %d, want %d", i, cases[i].in, rc, cases[i].rc);
		if (rc == 0) {
			mac_format(m, buf);
			if (strcmp(buf, cases[i].out))
				fail_msg("case %zu \"%s\": got %s, want %s", i, cases[i].in, buf, cases[i].out);
		} else {
			/* a refused input leaves out alone */
			assert_int_equal(m[0], 1);
			assert_int_equal(m[5], 6);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
