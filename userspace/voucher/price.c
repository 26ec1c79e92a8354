#include "voucher/price.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

/* ISO 4217 currencies whose minor unit is not 1/100 (list of 2023). */
static const struct { char code[4]; int exponent; } exponents[] = {
	{ "BIF", 0 }, { "CLP", 0 }, { "DJF", 0 }, { "GNF", 0 }, { "ISK", 0 },
	{ "JPY", 0 }, { "KMF", 0 }, { "KRW", 0 }, { "PYG", 0 }, { "RWF", 0 },
	{ "UGX", 0 }, { "UYI", 0 }, { "VND", 0 }, { "VUV", 0 }, { "XAF", 0 },
	{ "XOF", 0 }, { "XPF", 0 },
	{ "BHD", 3 }, { "IQD", 3 }, { "JOD", 3 }, { "KWD", 3 }, { "LYD", 3 },
	{ "OMR", 3 }, { "TND", 3 },
	{ "CLF", 4 }, { "UYW", 4 },
};

int voucher_currency_exponent(const char *currency)
{
	if (!currency || strlen(currency) != 3 || !isupper((unsigned char)currency[0]) ||
	    !isupper((unsigned char)currency[1]) || !isupper((unsigned char)currency[2]))
		return -1;
	for (size_t i = 0; i < sizeof(exponents) / sizeof(exponents[0]); i++)
		if (memcmp(exponents[i].code, currency, 3) == 0)
			return exponents[i].exponent;
	return 2;
}

int voucher_price_format(int64_t minor, const char *currency, char *buf, size_t len)
{
	int exp = voucher_currency_exponent(currency);
	/* Negate in unsigned arithmetic so INT64_MIN works too. */
	uint64_t abs = minor < 0 ? -(uint64_t)minor : (uint64_t)minor;
	uint64_t scale = 1;
	int n;

	if (len)
		buf[0] = '\0';
	if (exp < 0)
		return -EINVAL;
	for (int i = 0; i < exp; i++)
		scale *= 10;
	if (exp == 0)
		n = snprintf(buf, len, "%s %s%llu", currency, minor < 0 ? "-" : "",
			     (unsigned long long)abs);
	else
		n = snprintf(buf, len, "%s %s%llu.%0*llu", currency, minor < 0 ? "-" : "",
			     (unsigned long long)(abs / scale), exp,
			     (unsigned long long)(abs % scale));
	if (n < 0 || (size_t)n >= len) {
		if (len)
			buf[0] = '\0';
		return -ENOSPC;
	}
	return 0;
}
