#include "billing/price.h"

#include <errno.h>

static int64_t unit_of(enum plan_measure measure)
{
	switch (measure) {
	case PLAN_MEASURE_TIME:
	case PLAN_MEASURE_BOTH:
		return RATING_UNIT_SECONDS;
	case PLAN_MEASURE_TRAFFIC:
		return RATING_UNIT_BYTES;
	default:
		return 0;
	}
}

int price_unit_from_ticket(enum plan_measure measure, int64_t amount, int64_t ticket_price,
			   int64_t *unit_price)
{
	int64_t unit = unit_of(measure);

	if (!unit || amount <= 0 || ticket_price < 0)
		return -EINVAL;
	return money_scale(ticket_price, unit, amount, unit_price);
}

int price_ticket_from_unit(enum plan_measure measure, int64_t amount, int64_t unit_price,
			   int64_t *ticket_price)
{
	int64_t unit = unit_of(measure);

	if (!unit || amount <= 0 || unit_price < 0)
		return -EINVAL;
	return money_scale(unit_price, amount, unit, ticket_price);
}

int price_plan_unit(const struct plan *p, int64_t *unit_price)
{
	int64_t amount = p->measure == PLAN_MEASURE_TRAFFIC ? p->data_amount : p->time_amount;

	return price_unit_from_ticket(p->measure, amount, p->price, unit_price);
}

int price_cyclic_total(const struct plan *p, uint32_t cycles, int64_t *total)
{
	if (!plan_is_cyclic(p) || cycles == 0)
		return -EINVAL;
	if (__builtin_mul_overflow(p->cyclic.price_per_cycle, (int64_t)cycles, total))
		return -ERANGE;
	return 0;
}

int price_cyclic_examples(const struct plan *p, struct price_example *out)
{
	static const uint32_t counts[][PRICE_MAX_EXAMPLES] = {
		[PERIOD_DAY] = { 1, 7, 14 },
		[PERIOD_WEEK] = { 1, 2, 4 },
		[PERIOD_MONTH] = { 1, 3, 6, 12 },
		[PERIOD_YEAR] = { 1, 2, 3 },
	};
	int n = 0;

	if (!plan_is_cyclic(p) || p->cyclic.unit > PERIOD_YEAR)
		return -EINVAL;
	for (int i = 0; i < PRICE_MAX_EXAMPLES && counts[p->cyclic.unit][i]; i++, n++) {
		out[n].cycles = counts[p->cyclic.unit][i];
		if (price_cyclic_total(p, out[n].cycles, &out[n].total) < 0)
			return -ERANGE;
	}
	return n;
}
