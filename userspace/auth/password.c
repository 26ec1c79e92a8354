#include "auth/password.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SCRYPT_LOG_N 15
#define SCRYPT_R 8
#define SCRYPT_P 3
#define SALT_LEN 16
#define KEY_LEN 32
/* stored strings may ask for more than we write, up to this much memory */
#define SCRYPT_MAX_MEM (256ull << 20)

static const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* unpadded base64 with the given alphabet; returns 0 or -ENOSPC */
static int b64_encode(const char *alphabet, const unsigned char *in, size_t len, char *out, size_t size)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | in[i];
		bits += 8;
		while (bits >= 6) {
			if (o + 1 >= size)
				return -ENOSPC;
			bits -= 6;
			out[o++] = alphabet[(acc >> bits) & 63];
		}
	}
	if (bits > 0) {
		if (o + 1 >= size)
			return -ENOSPC;
		out[o++] = alphabet[(acc << (6 - bits)) & 63];
	}
	out[o] = '\0';
	return 0;
}

/* decodes unpadded standard base64 of exactly want bytes */
static int b64_decode(const char *in, size_t len, unsigned char *out, size_t want)
{
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;

	for (size_t i = 0; i < len; i++) {
		const char *p = memchr(b64_std, in[i], 64);

		if (!p || !in[i])
			return -EINVAL;
		acc = (acc << 6) | (uint32_t)(p - b64_std);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (o == want)
				return -EINVAL;
			out[o++] = (unsigned char)(acc >> bits);
		}
	}
	return o == want ? 0 : -EINVAL;
}

static int scrypt(const char *password, size_t len, const unsigned char *salt, size_t salt_len,
		  unsigned log_n, unsigned r, unsigned p, unsigned char *key, size_t key_len)
{
	if (EVP_PBE_scrypt(password, len, salt, salt_len, (uint64_t)1 << log_n, r, p, SCRYPT_MAX_MEM,
			   key, key_len) != 1)
		return -EINVAL;
	return 0;
}

int password_hash(const char *password, size_t len, char *out, size_t size)
{
	unsigned char salt[SALT_LEN], key[KEY_LEN];
	char salt64[32], key64[64];
	int n;

	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return -EIO;
	if (scrypt(password, len, salt, sizeof(salt), SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P, key,
		   sizeof(key)) != 0)
		return -ENOMEM;
	b64_encode(b64_std, salt, sizeof(salt), salt64, sizeof(salt64));
	b64_encode(b64_std, key, sizeof(key), key64, sizeof(key64));
	OPENSSL_cleanse(key, sizeof(key));
	n = snprintf(out, size, "$scrypt$ln=%d,r=%d,p=%d$%s$%s", SCRYPT_LOG_N, SCRYPT_R, SCRYPT_P,
		     salt64, key64);
	return n > 0 && (size_t)n < size ? 0 : -ENOSPC;
}

int password_verify(const char *password, size_t len, const char *stored)
{
	unsigned log_n, r, p;
	int consumed = 0, ok;
	unsigned char salt[SALT_LEN], want[KEY_LEN], got[KEY_LEN];
	const char *salt64, *key64;

	if (sscanf(stored, "$scrypt$ln=%u,r=%u,p=%u$%n", &log_n, &r, &p, &consumed) != 3 || !consumed)
		return -EINVAL;
	/* refuse costs that would take minutes or gigabytes: a stored string is data */
	if (log_n < 1 || log_n > 20 || r < 1 || r > 32 || p < 1 || p > 16)
		return -EINVAL;
	salt64 = stored + consumed;
	key64 = strchr(salt64, '$');
	if (!key64 || b64_decode(salt64, (size_t)(key64 - salt64), salt, sizeof(salt)) != 0 ||
	    b64_decode(key64 + 1, strlen(key64 + 1), want, sizeof(want)) != 0)
		return -EINVAL;
	if (scrypt(password, len, salt, sizeof(salt), log_n, r, p, got, sizeof(got)) != 0)
		return -EINVAL;
	ok = CRYPTO_memcmp(got, want, sizeof(got)) == 0;
	OPENSSL_cleanse(got, sizeof(got));
	return ok;
}

int password_generate(char *out, size_t size)
{
	/* 32 symbols: 5 bits each, 100 bits for 20 characters */
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
	unsigned char raw[PASSWORD_GENERATED_LEN];

	if (size <= PASSWORD_GENERATED_LEN)
		return -ENOSPC;
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return -EIO;
	for (size_t i = 0; i < sizeof(raw); i++)
		out[i] = alphabet[raw[i] & 31];	/* 256 is a multiple of 32: no bias */
	out[sizeof(raw)] = '\0';
	OPENSSL_cleanse(raw, sizeof(raw));
	return 0;
}

int random_token(size_t nbytes, char *out, size_t size)
{
	unsigned char raw[64];

	if (nbytes > sizeof(raw))
		return -EINVAL;
	if (RAND_bytes(raw, (int)nbytes) != 1)
		return -EIO;
	return b64_encode(b64_url, raw, nbytes, out, size);
}

void sha256_hex(const char *text, size_t len, char out[65])
{
	unsigned char md[SHA256_DIGEST_LENGTH];

	SHA256((const unsigned char *)text, len, md);
	for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int secret_equal(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la != lb)
		return 0;
	return CRYPTO_memcmp(a, b, la) == 0;
}
