/* voucher text helpers: prices from minor units, portal URLs from a template,
 * UTF-8 to the WinAnsi bytes PDF's built-in fonts understand. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "voucher/price.h"
#include "voucher/url.h"
#include "voucher/winansi.h"

static void test_price_format(void **state)
{
	static const struct { int64_t minor; const char *currency; int rc; const char *out; } cases[] = {
		{ 500, "EUR", 0, "EUR 5.00" },
		{ 0, "EUR", 0, "EUR 0.00" },
		{ 5, "EUR", 0, "EUR 0.05" },
		{ 123456, "USD", 0, "USD 1234.56" },
		{ -50, "EUR", 0, "EUR -0.50" },
		{ -500, "EUR", 0, "EUR -5.00" },
		{ 500, "JPY", 0, "JPY 500" },
		{ -7, "KRW", 0, "KRW -7" },
		{ 1234, "KWD", 0, "KWD 1.234" },
		{ 5, "BHD", 0, "BHD 0.005" },
		{ 10000, "CLF", 0, "CLF 1.0000" },
		{ 999, "XYZ", 0, "XYZ 9.99" },	/* unknown but well-formed: 2 digits */
		{ INT64_MAX, "EUR", 0, "EUR 92233720368547758.07" },
		{ INT64_MIN, "EUR", 0, "EUR -92233720368547758.08" },
		{ 500, "eur", -EINVAL, "" },
		{ 500, "EURO", -EINVAL, "" },
		{ 500, "E1R", -EINVAL, "" },
		{ 500, "", -EINVAL, "" },
		{ 500, NULL, -EINVAL, "" },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char buf[32] = "junk";

		if (voucher_price_format(cases[c].minor, cases[c].currency, buf, sizeof(buf)) != cases[c].rc)
			fail_msg("case %zu: wrong return", c);
		assert_string_equal(buf, cases[c].out);
	}
}

static void test_price_buffer_too_small(void **state)
{
	char buf[9];
	(void)state;

	assert_int_equal(voucher_price_format(500, "EUR", buf, 9), 0);	/* "EUR 5.00" + NUL */
	assert_string_equal(buf, "EUR 5.00");
	assert_int_equal(voucher_price_format(5000, "EUR", buf, 9), -ENOSPC);
	assert_string_equal(buf, "");
	assert_int_equal(voucher_price_format(5000, "EUR", buf, 0), -ENOSPC);
	assert_int_equal(voucher_currency_exponent("JPY"), 0);
	assert_int_equal(voucher_currency_exponent("EUR"), 2);
	assert_int_equal(voucher_currency_exponent("TND"), 3);
	assert_int_equal(voucher_currency_exponent("Eur"), -1);
}

static void test_ticket_url(void **state)
{
	static const struct { const char *tmpl, *code; int rc; const char *out; } cases[] = {
		{ "http://portal.example/login?code={code}", "AB12CD", 0,
		  "http://portal.example/login?code=AB12CD" },
		{ "https://p.example/{code}/go?x=1", "k3y", 0, "https://p.example/k3y/go?x=1" },
		{ "http://p/?a={code}&b={code}", "7", 0, "http://p/?a=7&b=7" },
		{ "{code}", "a-b.c_d~e", 0, "a-b.c_d~e" },
		{ "http://p/?c={code}", "a b/c&d=é", 0, "http://p/?c=a%20b%2Fc%26d%3D%C3%A9" },
		{ "http://p/?c={cod}", "X", -EINVAL, "" },
		{ "http://p/", "X", -EINVAL, "" },
		{ NULL, "X", -EINVAL, "" },
		{ "{code}", NULL, -EINVAL, "" },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char buf[128] = "junk";

		if (voucher_ticket_url(cases[c].tmpl, cases[c].code, buf, sizeof(buf)) != cases[c].rc)
			fail_msg("case %zu: wrong return", c);
		assert_string_equal(buf, cases[c].out);
	}
}

static void test_ticket_url_buffer(void **state)
{
	const char *tmpl = "http://p/?c={code}";	/* 10 bytes + the code */
	char buf[32];
	(void)state;

	/* Exact fits, with and without an escape at the end; one byte less fails. */
	assert_int_equal(voucher_ticket_url(tmpl, "ABCD", buf, 17), 0);
	assert_string_equal(buf, "http://p/?c=ABCD");
	assert_int_equal(voucher_ticket_url(tmpl, "ABC ", buf, 19), 0);
	assert_string_equal(buf, "http://p/?c=ABC%20");
	assert_int_equal(voucher_ticket_url(tmpl, "ABC ", buf, 18), -ENOSPC);
	assert_int_equal(voucher_ticket_url(tmpl, "ABCD", buf, 16), -ENOSPC);
	assert_int_equal(voucher_ticket_url(tmpl, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", buf, 20), -ENOSPC);
	assert_string_equal(buf, "");
	assert_int_equal(voucher_ticket_url("{code}abcdefghijklmnopqrstuvwxyz", "A", buf, 20), -ENOSPC);
	assert_string_equal(buf, "");
}

static void test_utf8_to_winansi(void **state)
{
	static const struct { const char *in, *out; } cases[] = {
		{ "Hotel", "Hotel" },
		{ "Café Zürich", "Caf\xe9 Z\xfcrich" },
		{ "€ 5 – “ok”", "\x80 5 \x96 \x93ok\x94" },
		{ "Œuvre…", "\x8cuvre\x85" },
		{ "日本", "??" },
		{ "smile \xf0\x9f\x98\x80!", "smile ?!" },
		{ "\xff", "?" },			/* not UTF-8 */
		{ "ab\xc3", "ab?" },			/* cut short at the end */
		{ "\xc3(", "?(" },			/* bad continuation byte */
		{ "\xc0\xaf", "?" },			/* overlong '/' */
		{ "\xed\xa0\x80", "?" },		/* UTF-16 surrogate */
		{ "tab\there", "tab?here" },		/* control characters */
		{ "", "" },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		char buf[64];

		voucher_utf8_to_winansi(cases[c].in, buf, sizeof(buf));
		if (strcmp(buf, cases[c].out) != 0)
			fail_msg("case %zu: got \"%s\"", c, buf);
	}
}

static void test_winansi_cut_short(void **state)
{
	char buf[4] = "xyz";
	(void)state;

	voucher_utf8_to_winansi("Zürich", buf, sizeof(buf));
	assert_string_equal(buf, "Z\xfcr");
	voucher_utf8_to_winansi("Zürich", buf, 1);
	assert_string_equal(buf, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_price_format),
		cmocka_unit_test(test_price_buffer_too_small),
		cmocka_unit_test(test_ticket_url),
		cmocka_unit_test(test_ticket_url_buffer),
		cmocka_unit_test(test_utf8_to_winansi),
		cmocka_unit_test(test_winansi_cut_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
