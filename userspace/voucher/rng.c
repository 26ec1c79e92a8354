#include "voucher/rng.h"

#include <errno.h>
#include <limits.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

int voucher_rand_openssl(void *ctx, unsigned char *buf, size_t len)
{
	(void)ctx;
	if (len > INT_MAX)
		return -EINVAL;
	return RAND_bytes(buf, (int)len) == 1 ? 0 : -EIO;
}

void voucher_rng_init(struct voucher_rng *rng, voucher_rand_fn fill, void *ctx)
{
	rng->fill = fill ? fill : voucher_rand_openssl;
	rng->ctx = ctx;
	rng->pos = 0;
	rng->len = 0;
}

int voucher_rng_below(struct voucher_rng *rng, unsigned n, unsigned *out)
{
	unsigned limit;
	size_t rejected = 0;

	if (n == 0 || n > 256)
		return -EINVAL;
	/* The largest multiple of n that fits in a byte's 256 values. */
	limit = 256 - 256 % n;
	for (;;) {
		unsigned b;

		if (rng->pos == rng->len) {
			int err = rng->fill(rng->ctx, rng->buf, sizeof(rng->buf));

			if (err)
				return err;
			rng->pos = 0;
			rng->len = sizeof(rng->buf);
		}
		b = rng->buf[rng->pos++];
		if (b < limit) {
			*out = b % n;
			return 0;
		}
		/* At most half the bytes are rejected for any n, so a long run means
		 * the source is broken; fail instead of spinning forever. */
		if (++rejected > 4 * sizeof(rng->buf))
			return -EIO;
	}
}

void voucher_rng_wipe(struct voucher_rng *rng)
{
	OPENSSL_cleanse(rng->buf, sizeof(rng->buf));
	rng->pos = rng->len = 0;
}
