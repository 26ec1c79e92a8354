#include "voucher/charset.h"

#include <string.h>

/* "unambiguous" is upper case only: guests type codes on phone keyboards where
 * switching case is slow, and the portal can fold input to upper case. Without
 * 0/O/1/I it has 32 symbols, which divides 256, so no random byte is ever
 * rejected. 'l' is excluded by being lower case. */
static const struct voucher_charset charsets[] = {
	{ "digits",       "0123456789", 10 },
	{ "upper",        "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 26 },
	{ "lower-digits", "abcdefghijklmnopqrstuvwxyz0123456789", 36 },
	{ "unambiguous",  "23456789ABCDEFGHJKLMNPQRSTUVWXYZ", 32 },
};

const struct voucher_charset *voucher_charset_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(charsets) / sizeof(charsets[0]); i++)
		if (strcmp(charsets[i].name, name) == 0)
			return &charsets[i];
	return NULL;
}

const char *voucher_charset_names(void)
{
	return "digits, upper, lower-digits, unambiguous";
}

bool voucher_charset_contains(const struct voucher_charset *set, char c)
{
	return c != '\0' && strchr(set->symbols, c) != NULL;
}
