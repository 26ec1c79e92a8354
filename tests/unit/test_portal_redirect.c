/* Where a guest may be sent after login, signed original URLs, and the
 * webhook provider's HMAC-SHA256 signatures. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "portal/redirect.h"

static void test_url_valid(void **state)
{
	static const struct {
		const char *url, *host;
	} rows[] = {
		{ "http://203.0.113.10/", "203.0.113.10" },
		{ "https://Example.COM/path?q=1#f", "example.com" },
		{ "http://example.com:8080/x", "example.com" },
		{ "http://[2001:db8::1]:80/", "[2001:db8::1]" },
		{ "http://example.com", "example.com" },
		{ "javascript:alert(1)", NULL },
		{ "ftp://example.com/", NULL },
		{ "//evil.example/", NULL },
		{ "/relative", NULL },
		{ "http://good.example@evil.example/", NULL },
		{ "http:///nohost", NULL },
		{ "http://example.com:80x/", NULL },
		{ "http://exa mple.com/", NULL },
		{ "http://example.com/\r\nSet-Cookie: x=1", NULL },
		{ "http://example.com/\"><script>", NULL },
		{ "http://example.com\\@evil.example/", NULL },
		{ "", NULL },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char host[256] = "";
		bool ok = redirect_url_valid(rows[i].url, host, sizeof(host));

		if (rows[i].host) {
			assert_true(ok);
			assert_string_equal(host, rows[i].host);
		} else if (ok) {
			fail_msg("accepted %s", rows[i].url);
		}
	}
}

static void test_hosts(void **state)
{
	(void)state;
	assert_true(redirect_host_listed("venue.example, news.example", "news.example"));
	assert_true(redirect_host_listed("Venue.Example", "venue.example"));
	assert_false(redirect_host_listed("venue.example", "evilvenue.example"));
	assert_false(redirect_host_listed("venue.example", "venue.example.evil"));
	assert_true(redirect_host_listed("*.venue.example", "www.venue.example"));
	assert_false(redirect_host_listed("*.venue.example", "venue.example"));
	assert_false(redirect_host_listed("*.venue.example", "evilvenue.example"));
	assert_false(redirect_host_listed("", "venue.example"));
}

static void test_signed(void **state)
{
	unsigned char key[32] = { 7 };
	char sig[65];

	(void)state;
	redirect_sign(key, sizeof(key), "http://203.0.113.10/", sig);
	assert_true(redirect_signed(key, sizeof(key), "http://203.0.113.10/", sig));
	assert_false(redirect_signed(key, sizeof(key), "http://203.0.113.11/", sig));
	assert_false(redirect_signed(key, sizeof(key), "http://203.0.113.10/", NULL));
	assert_false(redirect_signed(key, sizeof(key), "http://203.0.113.10/", "abc"));
	key[1] = 1;
	assert_false(redirect_signed(key, sizeof(key), "http://203.0.113.10/", sig));
}

static void test_webhook(void **state)
{
	const char *body = "{\"order\":\"K7M2QX\",\"txn\":\"tx-1\",\"amount\":300,\"currency\":\"EUR\",\"status\":\"paid\"}";
	char sig[65], upper[65];

	(void)state;
	/* a known answer, computed with: printf '1700000000.%s' "$body" | openssl dgst -sha256 -hmac secret */
	webhook_signature("secret", "1700000000", "", 0, sig);
	assert_string_equal(sig, "4bc5f74d868b97888288889c5d9d65df02526f94c1592a79fdf4fe8b26e311e5");
	webhook_signature("secret", "1700000000", body, strlen(body), sig);
	assert_string_equal(sig, "6efd930a53521ea0e3ba532a108e0594f93a85e23e89135cfefaf4a488ee8b03");
	assert_true(webhook_verify("secret", "1700000000", body, strlen(body), sig, 1700000000));
	assert_true(webhook_verify("secret", "1700000000", body, strlen(body), sig, 1700000000 + WEBHOOK_WINDOW));
	assert_false(webhook_verify("secret", "1700000000", body, strlen(body), sig, 1700000000 + WEBHOOK_WINDOW + 1));
	assert_false(webhook_verify("secret", "1700000000", body, strlen(body), sig, 1700000000 - WEBHOOK_WINDOW - 1));
	assert_false(webhook_verify("other", "1700000000", body, strlen(body), sig, 1700000000));
	assert_false(webhook_verify("secret", "1700000001", body, strlen(body), sig, 1700000000));
	assert_false(webhook_verify("secret", "1700000000", body, strlen(body) - 1, sig, 1700000000));
	assert_false(webhook_verify("", "1700000000", body, strlen(body), sig, 1700000000));
	assert_false(webhook_verify("secret", "17e8", body, strlen(body), sig, 1700000000));
	/* providers may print hex in capitals */
	for (int i = 0; i < 65; i++)
		upper[i] = (char)(sig[i] >= 'a' && sig[i] <= 'f' ? sig[i] - 32 : sig[i]);
	assert_true(webhook_verify("secret", "1700000000", body, strlen(body), upper, 1700000000));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_valid),
		cmocka_unit_test(test_hosts),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_webhook),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
