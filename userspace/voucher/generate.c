#include "voucher/generate.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every code ever drawn lives in `seen` (append-only, fixed stride), indexed by
 * an open-addressing hash table of seen positions + 1 (0 = empty slot). The
 * batch is `order`, positions into `seen`, so replacing a code keeps the old
 * one in the set and it can never come back. */
struct voucher_gen {
	const struct voucher_charset *set;
	char prefix[VOUCHER_PREFIX_MAX + 1];
	size_t prefix_len;
	unsigned length, count, pin_length;
	size_t stride;			/* prefix + length + NUL */

	char *seen;
	uint32_t seen_n, seen_cap;
	uint32_t *table;
	uint32_t table_mask;		/* table size - 1; size is a power of two */

	uint32_t *order;		/* spec.count entries */
	char *pins;			/* spec.count * (pin_length + 1), or NULL */
	unsigned n;			/* codes in the batch */

	struct voucher_rng rng;		/* last: it is large */
};

/* With the code space at least 1000x the batch a draw collides at most once
 * in 1000; 64 collisions in a row mean the random source is broken. */
#define VOUCHER_DRAW_TRIES 64

unsigned voucher_min_length(const struct voucher_charset *set, unsigned count)
{
	uint64_t need = (uint64_t)VOUCHER_SPACE_FACTOR * (count ? count : 1);
	uint64_t space = 1;
	unsigned len = 0;

	if (set->size < 2)
		return UINT32_MAX;
	while (space < need) {
		space *= set->size;
		len++;
	}
	return len < VOUCHER_LENGTH_MIN ? VOUCHER_LENGTH_MIN : len;
}

int voucher_spec_validate(const struct voucher_spec *spec, char *err, size_t errlen)
{
	const struct voucher_charset *set = voucher_charset_find(spec->charset);
	const char *prefix = spec->prefix ? spec->prefix : "";
	size_t plen = strlen(prefix);
	unsigned need;

	if (!set) {
		snprintf(err, errlen, "charset \"%s\" is unknown; use one of: %s",
			 spec->charset ? spec->charset : "", voucher_charset_names());
		return -EINVAL;
	}
	if (spec->count < 1 || spec->count > VOUCHER_MAX_COUNT) {
		snprintf(err, errlen, "count %u is out of range; use 1 to %u",
			 spec->count, VOUCHER_MAX_COUNT);
		return -EINVAL;
	}
	if (spec->length < VOUCHER_LENGTH_MIN || spec->length > VOUCHER_LENGTH_MAX) {
		snprintf(err, errlen, "length %u is out of range; use %u to %u",
			 spec->length, VOUCHER_LENGTH_MIN, VOUCHER_LENGTH_MAX);
		return -EINVAL;
	}
	need = voucher_min_length(set, spec->count);
	if (spec->length < need) {
		snprintf(err, errlen,
			 "length %u is too short for count %u with charset %s: use at least %u "
			 "(the number of possible codes must be at least %u times the count)",
			 spec->length, spec->count, set->name, need, VOUCHER_SPACE_FACTOR);
		return -EINVAL;
	}
	if (plen > VOUCHER_PREFIX_MAX) {
		snprintf(err, errlen, "prefix \"%.*s...\" is %zu characters long; at most %u",
			 VOUCHER_PREFIX_MAX, prefix, plen, VOUCHER_PREFIX_MAX);
		return -EINVAL;
	}
	for (size_t i = 0; i < plen; i++) {
		unsigned char c = (unsigned char)prefix[i];

		if (!voucher_charset_contains(set, (char)c)) {
			if (c >= 0x20 && c < 0x7f)
				snprintf(err, errlen,
					 "prefix \"%s\" has '%c', which is not in charset %s (%s)",
					 prefix, c, set->name, set->symbols);
			else
				snprintf(err, errlen,
					 "prefix has byte 0x%02x at position %zu, which is not in charset %s (%s)",
					 c, i + 1, set->name, set->symbols);
			return -EINVAL;
		}
	}
	if (spec->pin_length != 0 &&
	    (spec->pin_length < VOUCHER_PIN_MIN || spec->pin_length > VOUCHER_PIN_MAX)) {
		snprintf(err, errlen, "pin_length %u is out of range; use 0 (no PIN) or %u to %u",
			 spec->pin_length, VOUCHER_PIN_MIN, VOUCHER_PIN_MAX);
		return -EINVAL;
	}
	return 0;
}

/* FNV-1a over the random part; the prefix is the same for every code. */
static uint32_t code_hash(const struct voucher_gen *gen, const char *code)
{
	uint32_t h = 2166136261u;

	for (unsigned i = 0; i < gen->length; i++) {
		h ^= (unsigned char)code[gen->prefix_len + i];
		h *= 16777619u;
	}
	return h;
}

static char *seen_at(const struct voucher_gen *gen, uint32_t pos)
{
	return gen->seen + (size_t)pos * gen->stride;
}

/* Makes room for one more seen code, keeping the table at most half full. */
static int seen_reserve(struct voucher_gen *gen)
{
	if (gen->seen_n == gen->seen_cap) {
		uint32_t cap = gen->seen_cap * 2;
		char *seen = realloc(gen->seen, (size_t)cap * gen->stride);

		if (!seen)
			return -ENOMEM;
		gen->seen = seen;
		gen->seen_cap = cap;
	}
	if ((uint64_t)(gen->seen_n + 1) * 2 > (uint64_t)gen->table_mask + 1) {
		uint32_t size = (gen->table_mask + 1) * 2;
		uint32_t *table = calloc(size, sizeof(*table));

		if (!table)
			return -ENOMEM;
		for (uint32_t p = 0; p < gen->seen_n; p++) {
			uint32_t h = code_hash(gen, seen_at(gen, p)) & (size - 1);

			while (table[h])
				h = (h + 1) & (size - 1);
			table[h] = p + 1;
		}
		free(gen->table);
		gen->table = table;
		gen->table_mask = size - 1;
	}
	return 0;
}

/* Draws codes into the next seen slot until one is new, then records it.
 * Sets *pos to its seen position. */
static int draw_code(struct voucher_gen *gen, uint32_t *pos)
{
	int err = seen_reserve(gen);
	char *code;

	if (err)
		return err;
	code = seen_at(gen, gen->seen_n);
	memcpy(code, gen->prefix, gen->prefix_len);
	code[gen->stride - 1] = '\0';
	for (int tries = 0; tries < VOUCHER_DRAW_TRIES; tries++) {
		uint32_t h;

		for (unsigned i = 0; i < gen->length; i++) {
			unsigned k;

			err = voucher_rng_below(&gen->rng, gen->set->size, &k);
			if (err)
				return err;
			code[gen->prefix_len + i] = gen->set->symbols[k];
		}
		h = code_hash(gen, code) & gen->table_mask;
		while (gen->table[h] && memcmp(seen_at(gen, gen->table[h] - 1), code, gen->stride) != 0)
			h = (h + 1) & gen->table_mask;
		if (!gen->table[h]) {
			gen->table[h] = gen->seen_n + 1;
			*pos = gen->seen_n++;
			return 0;
		}
	}
	return -EAGAIN;
}

static int draw_pin(struct voucher_gen *gen, char *pin)
{
	for (unsigned i = 0; i < gen->pin_length; i++) {
		unsigned k;
		int err = voucher_rng_below(&gen->rng, 10, &k);

		if (err)
			return err;
		pin[i] = (char)('0' + k);
	}
	pin[gen->pin_length] = '\0';
	return 0;
}

int voucher_gen_new(struct voucher_gen **out, const struct voucher_spec *spec,
		    voucher_rand_fn fill, void *ctx, char *err, size_t errlen)
{
	struct voucher_gen *gen;
	uint32_t table_size = 16;
	int rc;

	*out = NULL;
	rc = voucher_spec_validate(spec, err, errlen);
	if (rc)
		return rc;
	gen = calloc(1, sizeof(*gen));
	if (!gen)
		return -ENOMEM;
	gen->set = voucher_charset_find(spec->charset);
	gen->prefix_len = spec->prefix ? strlen(spec->prefix) : 0;
	memcpy(gen->prefix, spec->prefix ? spec->prefix : "", gen->prefix_len);
	gen->length = spec->length;
	gen->count = spec->count;
	gen->pin_length = spec->pin_length;
	gen->stride = gen->prefix_len + gen->length + 1;
	/* Room for the batch plus a few redraws; the table starts at most half full. */
	gen->seen_cap = spec->count + 16;
	while (table_size < 2 * gen->seen_cap)
		table_size *= 2;
	gen->table_mask = table_size - 1;
	gen->seen = malloc((size_t)gen->seen_cap * gen->stride);
	gen->table = calloc(table_size, sizeof(*gen->table));
	gen->order = calloc(spec->count, sizeof(*gen->order));
	if (gen->pin_length)
		gen->pins = malloc((size_t)spec->count * (gen->pin_length + 1));
	if (!gen->seen || !gen->table || !gen->order || (gen->pin_length && !gen->pins)) {
		voucher_gen_free(gen);
		return -ENOMEM;
	}
	voucher_rng_init(&gen->rng, fill, ctx);
	*out = gen;
	return 0;
}

void voucher_gen_free(struct voucher_gen *gen)
{
	if (!gen)
		return;
	voucher_rng_wipe(&gen->rng);
	free(gen->seen);
	free(gen->table);
	free(gen->order);
	free(gen->pins);
	free(gen);
}

int voucher_gen_add(struct voucher_gen *gen, unsigned n)
{
	if (n > gen->count - gen->n)
		return -ENOSPC;
	for (unsigned i = 0; i < n; i++) {
		int err = draw_code(gen, &gen->order[gen->n]);

		if (!err && gen->pins)
			err = draw_pin(gen, gen->pins + (size_t)gen->n * (gen->pin_length + 1));
		if (err)
			return err;
		gen->n++;
	}
	return 0;
}

int voucher_gen_replace(struct voucher_gen *gen, unsigned i)
{
	if (i >= gen->n)
		return -EINVAL;
	return draw_code(gen, &gen->order[i]);
}

unsigned voucher_gen_count(const struct voucher_gen *gen)
{
	return gen->n;
}

const char *voucher_gen_code(const struct voucher_gen *gen, unsigned i)
{
	return i < gen->n ? seen_at(gen, gen->order[i]) : NULL;
}

const char *voucher_gen_pin(const struct voucher_gen *gen, unsigned i)
{
	if (!gen->pins || i >= gen->n)
		return NULL;
	return gen->pins + (size_t)i * (gen->pin_length + 1);
}
