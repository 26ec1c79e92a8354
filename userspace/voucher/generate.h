/* Voucher batch generation: validated settings in, unique random codes out.
 *
 * A code is the prefix followed by `length` random symbols from a named
 * character set (charset.h); an optional PIN is `pin_length` random digits.
 * Codes are unique within a generator (an in-memory hash set). Uniqueness
 * across batches is the database's UNIQUE constraint: when an insert collides,
 * voucher_gen_replace() draws a new code for that slot.
 *
 * Code space rule: charset_size ^ length must be at least
 * VOUCHER_SPACE_FACTOR (1000) times count. With a full batch in the database a
 * random guess then hits a valid code at most once in 1000 tries (the portal's
 * login rate limit does the rest), and the expected number of collisions
 * while drawing a batch stays below count / 2000, so redraws are rare.
 *
 * Dry run: voucher_gen_new() then voucher_gen_add(gen, 5) and show the codes;
 * nothing is stored until the caller writes them. */
#ifndef SPOTGATE_VOUCHER_GENERATE_H
#define SPOTGATE_VOUCHER_GENERATE_H

#include <stddef.h>

#include "voucher/charset.h"
#include "voucher/rng.h"

#define VOUCHER_MAX_COUNT    100000
#define VOUCHER_PREFIX_MAX   16
#define VOUCHER_LENGTH_MIN   4
#define VOUCHER_LENGTH_MAX   32
#define VOUCHER_CODE_MAX     (VOUCHER_PREFIX_MAX + VOUCHER_LENGTH_MAX)
#define VOUCHER_PIN_MIN      4
#define VOUCHER_PIN_MAX      12
#define VOUCHER_SPACE_FACTOR 1000
#define VOUCHER_PREVIEW      5	/* codes shown by a dry run */

struct voucher_spec {
	const char *charset;	/* a name from voucher_charset_names() */
	const char *prefix;	/* NULL or "" for none; symbols of the charset only */
	unsigned length;	/* random part, without the prefix */
	unsigned count;		/* 1..VOUCHER_MAX_COUNT */
	unsigned pin_length;	/* 0 = no PIN, else VOUCHER_PIN_MIN..VOUCHER_PIN_MAX */
};

/* Returns 0, or -EINVAL with a sentence naming the field in err. */
int voucher_spec_validate(const struct voucher_spec *spec, char *err, size_t errlen);

/* The shortest random part that satisfies the code space rule. */
unsigned voucher_min_length(const struct voucher_charset *set, unsigned count);

struct voucher_gen;

/* Validates spec (see above) and makes an empty batch. fill NULL = OpenSSL.
 * The spec's strings are copied. Returns 0, -EINVAL (reason in err), -ENOMEM. */
int voucher_gen_new(struct voucher_gen **out, const struct voucher_spec *spec,
		    voucher_rand_fn fill, void *ctx, char *err, size_t errlen);
void voucher_gen_free(struct voucher_gen *gen);

/* Appends n new codes (with PINs) to the batch. The batch never grows beyond
 * spec->count: -ENOSPC. Other errors: -ENOMEM, the random source's, -EAGAIN
 * when no unused code turns up (only with a broken source). */
int voucher_gen_add(struct voucher_gen *gen, unsigned n);

/* Replaces code i with one this generator has never produced, e.g. after the
 * database refused it as a duplicate. The PIN stays. */
int voucher_gen_replace(struct voucher_gen *gen, unsigned i);

unsigned voucher_gen_count(const struct voucher_gen *gen);
/* Valid until voucher_gen_free(); NUL-terminated. pin is NULL without PINs. */
const char *voucher_gen_code(const struct voucher_gen *gen, unsigned i);
const char *voucher_gen_pin(const struct voucher_gen *gen, unsigned i);

#endif
