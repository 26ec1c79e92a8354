#include "common/hmac.h"

#include <errno.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <stdlib.h>

struct hmac_key {
	EVP_MAC_CTX *ready;	/* keyed; each MAC works on a copy */
};

struct hmac_key *hmac_key_new(const void *key, size_t len)
{
	OSSL_PARAM params[] = { OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, "SHA256", 0),
				OSSL_PARAM_construct_end() };
	struct hmac_key *k = calloc(1, sizeof(*k));
	EVP_MAC *mac = EVP_MAC_fetch(NULL, "HMAC", NULL);

	if (k && mac && (k->ready = EVP_MAC_CTX_new(mac)) && EVP_MAC_init(k->ready, key, len, params) == 1) {
		EVP_MAC_free(mac);	/* the context holds its own reference */
		return k;
	}
	EVP_MAC_free(mac);
	hmac_key_free(k);
	return NULL;
}

void hmac_key_free(struct hmac_key *k)
{
	if (!k)
		return;
	EVP_MAC_CTX_free(k->ready);
	free(k);
}

int hmac_sha256(const struct hmac_key *k, const void *msg, size_t len, uint8_t out[32])
{
	EVP_MAC_CTX *c = EVP_MAC_CTX_dup(k->ready);
	size_t n = 0;
	int ok = c && EVP_MAC_update(c, msg, len) == 1 && EVP_MAC_final(c, out, &n, 32) == 1 && n == 32;

	EVP_MAC_CTX_free(c);
	return ok ? 0 : -EIO;
}

void hmac_sha256_hex(const struct hmac_key *k, const void *msg, size_t len, char out[65])
{
	uint8_t mac[32];

	if (hmac_sha256(k, msg, len, mac) != 0) {
		out[0] = '\0';
		return;
	}
	hex_encode(mac, sizeof(mac), out);
}

void hex_encode(const void *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *b = in;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}
