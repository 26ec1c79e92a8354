/* Ticket price <-> unit price, and what cyclic tickets cost.
 *
 * The unit is one hour for time-based and time-and-traffic plans (time is
 * the headline amount there) and 10 MB (10,000,000 bytes) for traffic-based
 * plans; unlimited plans have no unit price. Both directions scale by the
 * amount and round to the nearest minor unit, halves away from zero
 * (money.h), so a round trip can be off by one minor unit:
 *   unit   = round(ticket * UNIT / amount)
 *   ticket = round(unit * amount / UNIT)
 * Comparing unit prices shows that four 15-minute tickets at 1.00 (4.00 an
 * hour) cost more than one 1-hour ticket at 3.00. */
#ifndef SPOTGATE_BILLING_PRICE_H
#define SPOTGATE_BILLING_PRICE_H

#include <stdint.h>

#include "billing/plan.h"

/* amount is seconds (time, both) or bytes (traffic), > 0. Returns 0,
 * -EINVAL (unlimited, amount <= 0, negative price) or -ERANGE. */
int price_unit_from_ticket(enum plan_measure measure, int64_t amount, int64_t ticket_price,
			   int64_t *unit_price);
int price_ticket_from_unit(enum plan_measure measure, int64_t amount, int64_t unit_price,
			   int64_t *ticket_price);

/* The plan's own unit price, from its price and amount. */
int price_plan_unit(const struct plan *p, int64_t *unit_price);

/* The "total price examples" of a cyclic rate editor: price_per_cycle times
 * a few usual counts per unit (days 1/7/14, weeks 1/2/4, months 1/3/6/12,
 * years 1/2/3). */
#define PRICE_MAX_EXAMPLES 4
struct price_example {
	uint32_t cycles;
	int64_t total;
};
/* Returns the number of examples written (up to PRICE_MAX_EXAMPLES), or
 * -EINVAL for a plan that is not cyclic, -ERANGE on overflow. */
int price_cyclic_examples(const struct plan *p, struct price_example *out);

/* Total price of a cyclic ticket with n cycles. */
int price_cyclic_total(const struct plan *p, uint32_t cycles, int64_t *total);

#endif
