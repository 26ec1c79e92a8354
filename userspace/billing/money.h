/* Money is an int64 count of minor units (cents) plus an ISO 4217 code kept
 * next to it (per plan). Never floating point.
 *
 * Rounding rule, used everywhere a price is scaled: the exact rational result
 * is rounded to the nearest minor unit, halves away from zero (0.5 cent -> 1
 * cent). Intermediates are 128-bit, so no product can overflow before the
 * division; a result outside int64 is -ERANGE. */
#ifndef SPOTGATE_BILLING_MONEY_H
#define SPOTGATE_BILLING_MONEY_H

#include <stdbool.h>
#include <stdint.h>

#define MONEY_CODE_LEN 4 /* "EUR" + NUL */

/* Three upper-case ASCII letters. Whether the code is assigned is the
 * settings layer's business. */
bool money_currency_valid(const char *code);

/* *out = round(value * mul / div) by the rule above. div must be > 0.
 * Returns 0, -EINVAL (div <= 0) or -ERANGE. */
int money_scale(int64_t value, int64_t mul, int64_t div, int64_t *out);

/* a + b, -ERANGE on overflow. */
int money_add(int64_t a, int64_t b, int64_t *out);

#endif
