/* The two primitives RADIUS is built on, MD5 and HMAC-MD5 (OpenSSL EVP), over
 * a list of chunks so callers need not glue buffers together. RADIUS needs
 * MD5 for interoperability, not for its strength. */
#ifndef SPOTGATE_RADIUS_CRYPTO_H
#define SPOTGATE_RADIUS_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define RADIUS_MD5_LEN 16

struct radius_chunk {
	const void *data;
	size_t len;
};

/* 0, or -EIO when OpenSSL fails (e.g. MD5 disabled by a FIPS provider). */
int radius_md5(uint8_t out[RADIUS_MD5_LEN], const struct radius_chunk *chunks, size_t n);
int radius_hmac_md5(uint8_t out[RADIUS_MD5_LEN], const void *key, size_t key_len,
		    const void *data, size_t len);
/* Cryptographically random octets (Request Authenticators, CHAP challenges). */
int radius_random(void *out, size_t len);
/* Constant-time compare: 0 when equal. */
int radius_memcmp_ct(const void *a, const void *b, size_t len);

#endif
