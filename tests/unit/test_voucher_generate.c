/* voucher generation: charsets, prefix and length, uniqueness at 100,000,
 * rejection sampling proven with injected bytes, validation, PINs, redraws. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "voucher/generate.h"

/* A fixed byte stream, repeated; the position carries over between calls so
 * chunked reads see one seamless sequence. */
struct byte_stream {
	const unsigned char *bytes;
	size_t n, pos;
	unsigned calls;
	size_t last_len;
};

static int stream_fill(void *ctx, unsigned char *buf, size_t len)
{
	struct byte_stream *s = ctx;

	for (size_t i = 0; i < len; i++) {
		buf[i] = s->bytes[s->pos];
		s->pos = (s->pos + 1) % s->n;
	}
	s->calls++;
	s->last_len = len;
	return 0;
}

static int failing_fill(void *ctx, unsigned char *buf, size_t len)
{
	(void)ctx, (void)buf, (void)len;
	return -EIO;
}

static struct voucher_gen *make(const struct voucher_spec *spec, voucher_rand_fn fill, void *ctx)
{
	struct voucher_gen *gen = NULL;
	char err[256] = "";
	int rc = voucher_gen_new(&gen, spec, fill, ctx, err, sizeof(err));

	if (rc)
		fail_msg("voucher_gen_new: %d %s", rc, err);
	return gen;
}

static void test_charsets_only_their_symbols(void **state)
{
	/* The expected sets are spelt out here, independent of charset.c. */
	static const struct { const char *name, *symbols; } cases[] = {
		{ "digits", "0123456789" },
		{ "upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
		{ "lower-digits", "abcdefghijklmnopqrstuvwxyz0123456789" },
		{ "unambiguous", "23456789ABCDEFGHJKLMNPQRSTUVWXYZ" },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct voucher_spec spec = { .charset = cases[c].name, .length = 10, .count = 2000 };
		struct voucher_gen *gen = make(&spec, NULL, NULL);
		unsigned seen[256] = { 0 };

		assert_int_equal(voucher_gen_add(gen, spec.count), 0);
		assert_int_equal(voucher_gen_count(gen), spec.count);
		for (unsigned i = 0; i < spec.count; i++) {
			const char *code = voucher_gen_code(gen, i);

			assert_int_equal(strlen(code), 10);
			for (const char *p = code; *p; p++) {
				if (!strchr(cases[c].symbols, *p))
					fail_msg("charset %s produced '%c' in %s", cases[c].name, *p, code);
				seen[(unsigned char)*p]++;
			}
		}
		/* 20,000 symbols: every one of at most 36 turns up. */
		for (const char *p = cases[c].symbols; *p; p++)
			if (!seen[(unsigned char)*p])
				fail_msg("charset %s never produced '%c'", cases[c].name, *p);
		voucher_gen_free(gen);
	}
	assert_null(voucher_charset_find("nope"));
	assert_null(strpbrk(voucher_charset_find("unambiguous")->symbols, "0O1Il"));
}

static void test_prefix_and_length(void **state)
{
	static const struct { const char *charset, *prefix; unsigned length; } cases[] = {
		{ "digits", NULL, 4 },
		{ "digits", "", 12 },
		{ "digits", "2024", 8 },
		{ "upper", "WIFI", 6 },
		{ "lower-digits", "h0tel", 32 },
		{ "unambiguous", "ZQ9", 7 },
		{ "unambiguous", "ABCDEFGHJKLMNPQR", 5 },	/* the longest prefix */
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct voucher_spec spec = { .charset = cases[c].charset, .prefix = cases[c].prefix,
					     .length = cases[c].length, .count = 1 };
		const char *prefix = cases[c].prefix ? cases[c].prefix : "";
		struct voucher_gen *gen = make(&spec, NULL, NULL);
		const char *code;

		assert_int_equal(voucher_gen_add(gen, 1), 0);
		code = voucher_gen_code(gen, 0);
		assert_int_equal(strlen(code), strlen(prefix) + cases[c].length);
		assert_memory_equal(code, prefix, strlen(prefix));
		assert_null(voucher_gen_pin(gen, 0));
		voucher_gen_free(gen);
	}
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void test_unique_at_100000(void **state)
{
	/* 10^10 digit codes for 10^5 tickets: about one redraw per batch is
	 * expected, so the hash-set path runs too. */
	struct voucher_spec spec = { .charset = "digits", .length = 10, .count = VOUCHER_MAX_COUNT };
	const char **codes = malloc(sizeof(*codes) * VOUCHER_MAX_COUNT);
	struct voucher_gen *gen;
	(void)state;

	assert_non_null(codes);
	/* speed is measured by make bench (bench/vouchers.sh), not here */
	gen = make(&spec, NULL, NULL);
	assert_int_equal(voucher_gen_add(gen, spec.count), 0);
	for (unsigned i = 0; i < spec.count; i++)
		codes[i] = voucher_gen_code(gen, i);
	qsort(codes, spec.count, sizeof(*codes), cmp_str);
	for (unsigned i = 1; i < spec.count; i++)
		if (strcmp(codes[i - 1], codes[i]) == 0)
			fail_msg("duplicate code %s", codes[i]);
	free(codes);
	voucher_gen_free(gen);
}

static void test_rejects_biased_bytes(void **state)
{
	/* For 10 symbols only bytes below 250 count: 250..255 must be skipped,
	 * and 249 maps to 9, 7 to 7, 0 to 0. */
	static const unsigned char bytes[] = { 250, 251, 252, 253, 254, 255, 7, 249, 0 };
	struct byte_stream s = { .bytes = bytes, .n = sizeof(bytes) };
	struct voucher_spec spec = { .charset = "digits", .length = 9, .count = 1 };
	struct voucher_gen *gen = make(&spec, stream_fill, &s);
	(void)state;

	assert_int_equal(voucher_gen_add(gen, 1), 0);
	assert_string_equal(voucher_gen_code(gen, 0), "790790790");
	/* Bytes are read in large chunks, not one call per character. */
	assert_int_equal(s.calls, 1);
	assert_int_equal(s.last_len, VOUCHER_RNG_CHUNK);
	voucher_gen_free(gen);
}

static void test_uniform_over_every_byte(void **state)
{
	/* Feeding each byte value once per cycle, every symbol must come out
	 * equally often. Plain b % 10 would give 0..5 26 times and 6..9 25. */
	static const unsigned sizes[] = { 10, 26, 32, 36, 57, 100, 255, 256 };
	unsigned char all[256];
	(void)state;

	for (unsigned i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	for (size_t c = 0; c < sizeof(sizes) / sizeof(sizes[0]); c++) {
		const unsigned n = sizes[c], limit = 256 - 256 % n;
		struct byte_stream s = { .bytes = all, .n = 256 };
		struct voucher_rng rng;
		unsigned counts[256] = { 0 };

		voucher_rng_init(&rng, stream_fill, &s);
		/* VOUCHER_RNG_CHUNK is a multiple of 256, so this is whole cycles. */
		for (unsigned i = 0; i < limit * (VOUCHER_RNG_CHUNK / 256); i++) {
			unsigned k;

			assert_int_equal(voucher_rng_below(&rng, n, &k), 0);
			assert_true(k < n);
			counts[k]++;
		}
		for (unsigned k = 0; k < n; k++)
			if (counts[k] != (limit / n) * (VOUCHER_RNG_CHUNK / 256))
				fail_msg("n=%u symbol %u came %u times", n, k, counts[k]);
		/* Exactly one chunk read: rejected bytes were skipped, not redrawn. */
		assert_int_equal(s.calls, 1);
	}
}

static void test_broken_sources(void **state)
{
	static const unsigned char stuck[] = { 255 };
	struct byte_stream s = { .bytes = stuck, .n = 1 };
	struct voucher_spec spec = { .charset = "digits", .length = 8, .count = 1 };
	struct voucher_gen *gen = make(&spec, stream_fill, &s);
	struct voucher_rng rng;
	unsigned k;
	(void)state;

	/* Only rejectable bytes: an error, not an endless loop. */
	assert_int_equal(voucher_gen_add(gen, 1), -EIO);
	assert_int_equal(voucher_gen_count(gen), 0);
	voucher_gen_free(gen);

	gen = make(&spec, failing_fill, NULL);
	assert_int_equal(voucher_gen_add(gen, 1), -EIO);
	voucher_gen_free(gen);

	voucher_rng_init(&rng, NULL, NULL);
	assert_int_equal(voucher_rng_below(&rng, 0, &k), -EINVAL);
	assert_int_equal(voucher_rng_below(&rng, 257, &k), -EINVAL);
	assert_int_equal(voucher_rng_below(&rng, 1, &k), 0);
	assert_int_equal(k, 0);
}

struct bad_spec {
	struct voucher_spec spec;
	const char *expect[3];	/* substrings the message must contain */
};

static void test_validation(void **state)
{
	static const struct bad_spec cases[] = {
		{ { .charset = "hex", .length = 8, .count = 10 },
		  { "charset \"hex\" is unknown", "digits, upper, lower-digits, unambiguous", NULL } },
		{ { .charset = NULL, .length = 8, .count = 10 }, { "charset \"\" is unknown", NULL } },
		{ { .charset = "digits", .length = 8, .count = 0 }, { "count 0 is out of range", "1 to 100000", NULL } },
		{ { .charset = "digits", .length = 12, .count = 100001 }, { "count 100001", "1 to 100000", NULL } },
		{ { .charset = "digits", .length = 3, .count = 1 }, { "length 3 is out of range", "4 to 32", NULL } },
		{ { .charset = "upper", .length = 33, .count = 1 }, { "length 33 is out of range", NULL } },
		{ { .charset = "digits", .length = 6, .count = 10000 },
		  { "length 6 is too short for count 10000 with charset digits", "at least 7", "1000 times" } },
		{ { .charset = "digits", .length = 7, .count = 100000 }, { "too short", "at least 8", NULL } },
		{ { .charset = "unambiguous", .length = 5, .count = 100000 }, { "too short", "at least 6", NULL } },
		{ { .charset = "digits", .prefix = "AB", .length = 8, .count = 1 },
		  { "prefix \"AB\" has 'A'", "charset digits (0123456789)", NULL } },
		{ { .charset = "upper", .prefix = "WI-FI", .length = 8, .count = 1 }, { "prefix \"WI-FI\" has '-'", NULL } },
		{ { .charset = "upper", .prefix = "wifi", .length = 8, .count = 1 }, { "has 'w'", "charset upper", NULL } },
		{ { .charset = "unambiguous", .prefix = "WIFI", .length = 8, .count = 1 }, { "has 'I'", NULL } },
		{ { .charset = "digits", .prefix = "12\n", .length = 8, .count = 1 }, { "byte 0x0a at position 3", NULL } },
		{ { .charset = "digits", .prefix = "12345678901234567", .length = 8, .count = 1 },
		  { "prefix", "17 characters long; at most 16", NULL } },
		{ { .charset = "digits", .length = 8, .count = 1, .pin_length = 3 },
		  { "pin_length 3 is out of range", "0 (no PIN) or 4 to 12", NULL } },
		{ { .charset = "digits", .length = 8, .count = 1, .pin_length = 13 }, { "pin_length 13", NULL } },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		/* Any non-NULL start: voucher_gen_new must set it to NULL on failure. */
		struct voucher_gen *gen = (struct voucher_gen *)&gen;
		char err[256] = "";

		assert_int_equal(voucher_spec_validate(&cases[c].spec, err, sizeof(err)), -EINVAL);
		for (int k = 0; k < 3 && cases[c].expect[k]; k++)
			if (!strstr(err, cases[c].expect[k]))
				fail_msg("case %zu: \"%s\" lacks \"%s\"", c, err, cases[c].expect[k]);
		err[0] = '\0';
		assert_int_equal(voucher_gen_new(&gen, &cases[c].spec, NULL, NULL, err, sizeof(err)), -EINVAL);
		assert_null(gen);
		assert_non_null(strstr(err, cases[c].expect[0]));
	}
}

static void test_code_space_rule(void **state)
{
	static const struct { const char *charset; unsigned count, min; } cases[] = {
		{ "digits", 1, 4 },		/* 10^3 would do; 4 is the floor */
		{ "digits", 10000, 7 },		/* 10^7 >= 1000 * 10^4 */
		{ "digits", 10001, 8 },
		{ "digits", 100000, 8 },
		{ "upper", 100000, 6 },		/* 26^5 = 1.2e7 < 1e8 <= 26^6 */
		{ "lower-digits", 100000, 6 },	/* 36^5 = 6.0e7 < 1e8 */
		{ "unambiguous", 100000, 6 },	/* 32^5 = 3.4e7 < 1e8 */
		{ "unambiguous", 30000, 5 },
	};
	(void)state;

	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		const struct voucher_charset *set = voucher_charset_find(cases[c].charset);
		struct voucher_spec ok = { .charset = cases[c].charset, .length = cases[c].min,
					   .count = cases[c].count };
		char err[256];

		assert_int_equal(voucher_min_length(set, cases[c].count), cases[c].min);
		assert_int_equal(voucher_spec_validate(&ok, err, sizeof(err)), 0);
		ok.length--;
		assert_int_equal(voucher_spec_validate(&ok, err, sizeof(err)), -EINVAL);
	}
}

static void test_pins(void **state)
{
	static const unsigned lengths[] = { 0, 4, 6, 12 };
	(void)state;

	for (size_t c = 0; c < sizeof(lengths) / sizeof(lengths[0]); c++) {
		struct voucher_spec spec = { .charset = "upper", .length = 8, .count = 500,
					     .pin_length = lengths[c] };
		struct voucher_gen *gen = make(&spec, NULL, NULL);

		assert_int_equal(voucher_gen_add(gen, spec.count), 0);
		for (unsigned i = 0; i < spec.count; i++) {
			const char *pin = voucher_gen_pin(gen, i);

			if (!lengths[c]) {
				assert_null(pin);
				continue;
			}
			assert_int_equal(strlen(pin), lengths[c]);
			assert_int_equal(strspn(pin, "0123456789"), lengths[c]);
		}
		voucher_gen_free(gen);
	}
}

static void test_pin_from_stream(void **state)
{
	/* Code and PIN share the stream: 4 code symbols, then 4 PIN digits, with
	 * 250..255 skipped for the PIN as well. */
	static const unsigned char bytes[] = { 0, 1, 2, 3, 255, 9, 250, 18, 27, 36 };
	struct byte_stream s = { .bytes = bytes, .n = sizeof(bytes) };
	struct voucher_spec spec = { .charset = "upper", .length = 4, .count = 1, .pin_length = 4 };
	struct voucher_gen *gen = make(&spec, stream_fill, &s);
	(void)state;

	assert_int_equal(voucher_gen_add(gen, 1), 0);
	assert_string_equal(voucher_gen_code(gen, 0), "ABCD");
	assert_string_equal(voucher_gen_pin(gen, 0), "9876");
	voucher_gen_free(gen);
}

static void test_preview_then_batch(void **state)
{
	struct voucher_spec spec = { .charset = "unambiguous", .prefix = "HX", .length = 8, .count = 20 };
	struct voucher_gen *gen = make(&spec, NULL, NULL);
	char first[VOUCHER_CODE_MAX + 1];
	(void)state;

	/* A dry run is the first VOUCHER_PREVIEW codes of a generator. */
	assert_int_equal(voucher_gen_add(gen, VOUCHER_PREVIEW), 0);
	assert_int_equal(voucher_gen_count(gen), 5);
	strcpy(first, voucher_gen_code(gen, 0));
	assert_null(voucher_gen_code(gen, 5));
	/* Never beyond the validated count. */
	assert_int_equal(voucher_gen_add(gen, 16), -ENOSPC);
	assert_int_equal(voucher_gen_count(gen), 5);
	assert_int_equal(voucher_gen_add(gen, 15), 0);
	assert_int_equal(voucher_gen_count(gen), 20);
	assert_string_equal(voucher_gen_code(gen, 0), first);
	assert_int_equal(voucher_gen_add(gen, 1), -ENOSPC);
	assert_int_equal(voucher_gen_add(gen, 0), 0);
	voucher_gen_free(gen);
}

static void test_replace_colliding_code(void **state)
{
	/* The stream spells 1234, 1234, 5678 over and over. */
	static const unsigned char bytes[] = { 1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8 };
	struct byte_stream s = { .bytes = bytes, .n = sizeof(bytes) };
	struct voucher_spec spec = { .charset = "digits", .length = 4, .count = 1 };
	struct voucher_gen *gen = make(&spec, stream_fill, &s);
	(void)state;

	assert_int_equal(voucher_gen_add(gen, 1), 0);
	assert_string_equal(voucher_gen_code(gen, 0), "1234");
	/* Say the database already has 1234: the redraw skips the second 1234. */
	assert_int_equal(voucher_gen_replace(gen, 0), 0);
	assert_string_equal(voucher_gen_code(gen, 0), "5678");
	assert_int_equal(voucher_gen_count(gen), 1);
	/* Both are spent now and the stream has nothing else: give up. */
	assert_int_equal(voucher_gen_replace(gen, 0), -EAGAIN);
	assert_string_equal(voucher_gen_code(gen, 0), "5678");
	assert_int_equal(voucher_gen_replace(gen, 1), -EINVAL);
	voucher_gen_free(gen);
}

static void test_replace_keeps_batch_unique(void **state)
{
	struct voucher_spec spec = { .charset = "digits", .length = 4, .count = 10, .pin_length = 4 };
	struct voucher_gen *gen = make(&spec, NULL, NULL);
	char old[VOUCHER_CODE_MAX + 1], pin[VOUCHER_PIN_MAX + 1];
	(void)state;

	assert_int_equal(voucher_gen_add(gen, 10), 0);
	/* Replace one slot many times: the table grows past its first size. */
	for (int round = 0; round < 200; round++) {
		strcpy(old, voucher_gen_code(gen, 3));
		strcpy(pin, voucher_gen_pin(gen, 3));
		assert_int_equal(voucher_gen_replace(gen, 3), 0);
		assert_string_not_equal(voucher_gen_code(gen, 3), old);
		assert_string_equal(voucher_gen_pin(gen, 3), pin);
	}
	for (unsigned i = 0; i < 10; i++)
		for (unsigned j = i + 1; j < 10; j++)
			assert_string_not_equal(voucher_gen_code(gen, i), voucher_gen_code(gen, j));
	voucher_gen_free(gen);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charsets_only_their_symbols),
		cmocka_unit_test(test_prefix_and_length),
		cmocka_unit_test(test_unique_at_100000),
		cmocka_unit_test(test_rejects_biased_bytes),
		cmocka_unit_test(test_uniform_over_every_byte),
		cmocka_unit_test(test_broken_sources),
		cmocka_unit_test(test_validation),
		cmocka_unit_test(test_code_space_rule),
		cmocka_unit_test(test_pins),
		cmocka_unit_test(test_pin_from_stream),
		cmocka_unit_test(test_preview_then_batch),
		cmocka_unit_test(test_replace_colliding_code),
		cmocka_unit_test(test_replace_keeps_batch_unique),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
