/* Plan terms in plain words for guests: printed on tickets and shown on the
 * portal ("1 hour, valid 1 day from first login"). */
#ifndef SPOTGATE_BILLING_JSON_PLAN_TEXT_H
#define SPOTGATE_BILLING_JSON_PLAN_TEXT_H

#include <stddef.h>

#include "billing/plan.h"

void plan_amount_text(const struct plan *p, char *buf, size_t size);
void plan_validity_text(const struct plan *p, char *buf, size_t size);

#endif
