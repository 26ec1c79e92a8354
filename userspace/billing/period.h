/* Repeating periods in local civil time: the clock behind cyclic tickets,
 * bucket auto-refill and fair-use resets.
 *
 * A period is `count` days, weeks, months or years. It is counted either
 * from an anchor instant (anchored: "100 MB every 24 hours from sign-up") or
 * along the calendar (aligned: days start at local midnight, weeks on Monday,
 * months on the 1st, years on 1 January). In aligned mode the first period
 * runs from the anchor to the next boundary, so a monthly cycle bought on
 * 20 June ends at the end of 30 June. Steps are taken on the wall clock of
 * the zone, so a day across a DST change is 23 or 25 hours long, and month
 * steps from the 31st clamp to the month's last day (computed from the
 * anchor each time, so they do not drift). */
#ifndef SPOTGATE_BILLING_PERIOD_H
#define SPOTGATE_BILLING_PERIOD_H

#include <stdbool.h>
#include <stdint.h>

#include "billing/tz.h"

enum period_unit {
	PERIOD_NONE = 0,
	PERIOD_DAY,
	PERIOD_WEEK,
	PERIOD_MONTH,
	PERIOD_YEAR,
};

struct period {
	enum period_unit unit;
	uint32_t count;  /* units per period, >= 1 */
	bool aligned;    /* calendar-aligned rather than anchored */
};

/* The period that contains `now`: index 0 is the one that starts at the
 * anchor; start is inclusive and end exclusive. now < anchor gives index -1
 * with end = anchor. */
struct period_span {
	int64_t index;
	int64_t start;
	int64_t end;
};

/* Start of period `index` (>= 0) counted from anchor. */
int64_t period_boundary(const struct period *p, int64_t anchor, const struct tz *zone,
			int64_t index);

/* Fills *out with the period containing now. Returns 0 or -EINVAL for a
 * period with no unit or a zero count. */
int period_at(const struct period *p, int64_t anchor, const struct tz *zone, int64_t now,
	      struct period_span *out);

const char *period_unit_name(enum period_unit unit);

#endif
