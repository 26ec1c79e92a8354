/* Prices as people read them: integer minor units and an ISO 4217 code in,
 * "EUR 5.00" out. No floating point anywhere. */
#ifndef SPOTGATE_VOUCHER_PRICE_H
#define SPOTGATE_VOUCHER_PRICE_H

#include <stddef.h>
#include <stdint.h>

/* Digits after the decimal point for an ISO 4217 code: 2 unless the standard
 * says otherwise (JPY 0, KWD 3, CLF 4, ...). -1 when code is not 3 letters. */
int voucher_currency_exponent(const char *currency);

/* Writes "EUR 5.00", "JPY 500", "EUR -0.50". Returns 0, -EINVAL for a bad
 * currency code, or -ENOSPC when buf is too small (buf then holds "").
 * 32 bytes always suffice. */
int voucher_price_format(int64_t minor, const char *currency, char *buf, size_t len);

#endif
