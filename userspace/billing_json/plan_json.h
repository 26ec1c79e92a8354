/* Plans as JSON, the form the admin API speaks and the database keeps a
 * version's frozen terms in. Amounts are in base units: seconds, bytes,
 * bit/s and minor units of the plan's currency; enums are words.
 *
 *   {"name": "1 hour", "code": "H1", "currency": "EUR", "payment": "prepaid",
 *    "measure": "time", "time_amount": 3600, "price": 300,
 *    "speed_down": 10000000, "speed_up": 2000000,
 *    "validity": {"mode": "from-first-use", "duration": "1d"},
 *    "cyclic": {"unit": "month", "price_per_cycle": 2000, "cycles": 1},
 *    "fair_use": {"action": "throttle", "threshold_bytes": 1000000000,
 *                 "period": {"unit": "month", "count": 1, "aligned": true},
 *                 "speed_down": 1000000, "speed_up": 500000},
 *    "schedules": [{"days": ["sat", "sun"], "from": "00:00", "to": "00:00",
 *                   "price_per_hour": 0, "speed_down": 20000000}], ...}
 *
 * Durations are "<count><unit>", unit one of min, h, d, w, mo ("30min",
 * "1d", "3mo"). Times of day are "HH:MM", dates "YYYY-MM-DD". */
#ifndef SPOTGATE_BILLING_JSON_PLAN_H
#define SPOTGATE_BILLING_JSON_PLAN_H

#include <jansson.h>

#include "billing/plan.h"

/* Every term, plus "unit_price" (per hour / per 10 MB) for reading. */
json_t *plan_to_json(const struct plan *p);

/* Applies the keys present in obj to *p (so an edit starts from the current
 * plan, a new plan from plan_defaults()). "unit_price" may stand instead of
 * "price": the ticket price is computed from it. Unknown keys and bad values
 * fail with -EINVAL, the field's path in field and "path: problem" in err.
 * It does not run plan_validate(). */
int plan_from_json(json_t *obj, struct plan *p, char *field, size_t field_len, char *err,
		   size_t err_len);

/* plan_validate() speaking this JSON: the problem's field as its path here
 * ("fair_use.threshold_bytes", "schedules[1].from", "price_per_hour" rather
 * than the core's fairuse.*, minute_from, rate.*), in field and at the start
 * of err. 0 or -EINVAL. */
int plan_json_validate(const struct plan *p, char *field, size_t field_len, char *err, size_t err_len);

/* A prepaid, time-based plan of nothing, currency `currency`. */
void plan_defaults(struct plan *p, const char *currency);

/* "1d" <-> struct duration */
int duration_parse(const char *text, struct duration *out);
void duration_format(const struct duration *d, char *buf, size_t size);

#endif
