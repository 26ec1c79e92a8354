/* common/hmac: RFC 4231 test vectors for HMAC-SHA256, the key set up once and
 * used many times, and hex_encode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/hmac.h"

struct vector {
	const char *key, *data, *mac;	/* key and data as given; mac in hex */
	size_t keylen;
};

static const struct vector vectors[] = {
	/* RFC 4231 4.2, 4.3 and 4.7 (a key longer than the block size) */
	{ "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b", "Hi There",
	  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 20 },
	{ "Jefe", "what do ya want for nothing?",
	  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 4 },
	{ NULL, "This is a test using a larger than block-size key and a larger than block-size data. "
		"The key needs to be hashed before being used by the HMAC algorithm.",
	  "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 131 },
};

static void test_rfc4231(void **state)
{
	char key[131], out[65];

	(void)state;
	memset(key, 0xaa, sizeof(key));
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];
		struct hmac_key *k = hmac_key_new(v->key ? v->key : key, v->keylen);

		assert_non_null(k);
		/* the keyed state is reused: the second MAC must equal the first */
		for (int round = 0; round < 2; round++) {
			hmac_sha256_hex(k, v->data, strlen(v->data), out);
			assert_string_equal(out, v->mac);
		}
		hmac_key_free(k);
	}
}

static void test_hex(void **state)
{
	const uint8_t in[] = { 0x00, 0x0f, 0xa5, 0xff };
	char out[9];

	(void)state;
	hex_encode(in, sizeof(in), out);
	assert_string_equal(out, "000fa5ff");
	hex_encode(in, 0, out);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc4231),
		cmocka_unit_test(test_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
