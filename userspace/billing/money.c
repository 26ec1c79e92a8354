#include "billing/money.h"

#include <errno.h>

bool money_currency_valid(const char *code)
{
	if (!code)
		return false;
	for (int i = 0; i < 3; i++)
		if (code[i] < 'A' || code[i] > 'Z')
			return false;
	return code[3] == '\0';
}

int money_scale(int64_t value, int64_t mul, int64_t div, int64_t *out)
{
	__int128 n, q, r;

	if (div <= 0)
		return -EINVAL;
	n = (__int128)value * mul;
	q = n / div;
	r = n % div;
	/* Round half away from zero: compare twice the remainder with div. */
	if (r < 0 ? -2 * r >= div : 2 * r >= div)
		q += n < 0 ? -1 : 1;
	if (q > INT64_MAX || q < INT64_MIN)
		return -ERANGE;
	*out = (int64_t)q;
	return 0;
}

int money_add(int64_t a, int64_t b, int64_t *out)
{
	if (__builtin_add_overflow(a, b, out))
		return -ERANGE;
	return 0;
}
