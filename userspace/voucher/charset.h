/* Named character sets for voucher codes. Every set has at most 256 symbols,
 * so one random byte can pick a symbol (see rng.h for the rejection step). */
#ifndef SPOTGATE_VOUCHER_CHARSET_H
#define SPOTGATE_VOUCHER_CHARSET_H

#include <stdbool.h>

struct voucher_charset {
	const char *name;	/* what the CLI and API accept: "digits", ... */
	const char *symbols;	/* the characters a code may contain */
	unsigned size;		/* strlen(symbols) */
};

/* The set called name, or NULL when there is none. */
const struct voucher_charset *voucher_charset_find(const char *name);

/* "digits, upper, lower-digits, unambiguous": for error messages and help. */
const char *voucher_charset_names(void);

bool voucher_charset_contains(const struct voucher_charset *set, char c);

#endif
