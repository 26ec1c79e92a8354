/* Uniform random symbols for voucher codes.
 *
 * Bytes come from a pluggable source (OpenSSL's CSPRNG by default; tests pass
 * a fixed byte stream) and are read in large chunks, because one RAND_bytes
 * call per character would dominate the cost of a 100,000-code batch.
 *
 * A byte b picks symbol b % n only when b < 256 - 256 % n; larger bytes are
 * skipped (rejection sampling). Taking b % n of every byte would favour the
 * first 256 % n symbols: for digits, 0-5 would turn up 26 times in 256 and 6-9
 * only 25. */
#ifndef SPOTGATE_VOUCHER_RNG_H
#define SPOTGATE_VOUCHER_RNG_H

#include <stddef.h>

/* Fills buf with len random bytes; returns 0 or -errno. */
typedef int (*voucher_rand_fn)(void *ctx, unsigned char *buf, size_t len);

/* The default source: OpenSSL RAND_bytes. ctx is unused. */
int voucher_rand_openssl(void *ctx, unsigned char *buf, size_t len);

#define VOUCHER_RNG_CHUNK 16384

struct voucher_rng {
	voucher_rand_fn fill;
	void *ctx;
	size_t pos, len;
	unsigned char buf[VOUCHER_RNG_CHUNK];
};

/* fill NULL means voucher_rand_openssl. */
void voucher_rng_init(struct voucher_rng *rng, voucher_rand_fn fill, void *ctx);

/* Sets *out to a uniform integer in [0, n), 1 <= n <= 256. Returns 0, -EINVAL
 * for a bad n, or the source's error. */
int voucher_rng_below(struct voucher_rng *rng, unsigned n, unsigned *out);

/* Overwrites unread bytes so no future code can be read from memory. */
void voucher_rng_wipe(struct voucher_rng *rng);

#endif
