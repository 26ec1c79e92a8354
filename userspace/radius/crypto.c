#include "radius/crypto.h"

#include <errno.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

int radius_md5(uint8_t out[RADIUS_MD5_LEN], const struct radius_chunk *chunks, size_t n)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int out_len = 0;
	int ok;

	if (!ctx)
		return -ENOMEM;
	ok = EVP_DigestInit_ex(ctx, EVP_md5(), NULL);
	for (size_t i = 0; ok && i < n; i++)
		if (chunks[i].len)
			ok = EVP_DigestUpdate(ctx, chunks[i].data, chunks[i].len);
	if (ok)
		ok = EVP_DigestFinal_ex(ctx, out, &out_len);
	EVP_MD_CTX_free(ctx);
	return ok && out_len == RADIUS_MD5_LEN ? 0 : -EIO;
}

int radius_hmac_md5(uint8_t out[RADIUS_MD5_LEN], const void *key, size_t key_len,
		    const void *data, size_t len)
{
	unsigned int out_len = 0;

	if (key_len > INT32_MAX)
		return -EINVAL;
	if (!HMAC(EVP_md5(), key, (int)key_len, data, len, out, &out_len) ||
	    out_len != RADIUS_MD5_LEN)
		return -EIO;
	return 0;
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
