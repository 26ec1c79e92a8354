#include "radius/crypto.h"

#include <errno.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

/* MD5 looked up once, and one context per thread reused: OpenSSL 3 looks an
 * algorithm up by name on every EVP_md5() init and HMAC() call, which was a
 * twentieth of a RADIUS login. */
static EVP_MD_CTX *md5_ctx(void)
{
	static __thread EVP_MD_CTX *ctx;
	static __thread EVP_MD *md5;

	if (!md5 && !(md5 = EVP_MD_fetch(NULL, "MD5", NULL)))
		return NULL;
	if (!ctx && !(ctx = EVP_MD_CTX_new()))
		return NULL;
	return EVP_DigestInit_ex2(ctx, md5, NULL) ? ctx : NULL;
}

int radius_md5(uint8_t out[RADIUS_MD5_LEN], const struct radius_chunk *chunks, size_t n)
{
	EVP_MD_CTX *ctx = md5_ctx();
	unsigned int out_len = 0;
	int ok = ctx != NULL;

	for (size_t i = 0; ok && i < n; i++)
		if (chunks[i].len)
			ok = EVP_DigestUpdate(ctx, chunks[i].data, chunks[i].len);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, &out_len);
	return ok && out_len == RADIUS_MD5_LEN ? 0 : -EIO;
}

/* RFC 2104 over MD5: MD5(K ^ opad, MD5(K ^ ipad, data)), a key longer than the
 * 64-byte block hashed first. */
int radius_hmac_md5(uint8_t out[RADIUS_MD5_LEN], const void *key, size_t key_len,
		    const void *data, size_t len)
{
	uint8_t k[64] = { 0 }, ipad[64], opad[64], inner[RADIUS_MD5_LEN];
	int rc;

	if (key_len > sizeof(k)) {
		if ((rc = radius_md5(k, &(struct radius_chunk){ key, key_len }, 1)))
			return rc;
	} else if (key_len) {
		memcpy(k, key, key_len);
	}
	for (size_t i = 0; i < sizeof(k); i++) {
		ipad[i] = k[i] ^ 0x36;
		opad[i] = k[i] ^ 0x5c;
	}
	rc = radius_md5(inner, (const struct radius_chunk[]){ { ipad, sizeof(ipad) }, { data, len } }, 2);
	if (rc == 0)
		rc = radius_md5(out, (const struct radius_chunk[]){ { opad, sizeof(opad) }, { inner, sizeof(inner) } }, 2);
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(ipad, sizeof(ipad));
	OPENSSL_cleanse(opad, sizeof(opad));
	return rc;
}

int radius_random(void *out, size_t len)
{
	if (len > INT32_MAX)
		return -EINVAL;
	return RAND_bytes(out, (int)len) == 1 ? 0 : -EIO;
}

int radius_memcmp_ct(const void *a, const void *b, size_t len)
{
	return CRYPTO_memcmp(a, b, len);
}
