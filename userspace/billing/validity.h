/* How long a ticket is valid, and lengths of time given in calendar units.
 *
 * Minutes and hours are exact seconds. Days, weeks and months are steps on
 * the location's wall clock (a 1-day ticket bought at 10:00 on the day the
 * clocks go forward ends at 10:00 the next day, 23 hours later), and months
 * clamp to the last day of the month (31 Jan + 1 month = 29 Feb in 2024). */
#ifndef SPOTGATE_BILLING_VALIDITY_H
#define SPOTGATE_BILLING_VALIDITY_H

#include <stdint.h>

#include "billing/tz.h"

enum duration_unit {
	DURATION_NONE = 0,
	DURATION_MINUTES,
	DURATION_HOURS,
	DURATION_DAYS,
	DURATION_WEEKS,
	DURATION_MONTHS,
};

struct duration {
	enum duration_unit unit;
	uint32_t count;
};

enum validity_mode {
	VALIDITY_ALWAYS = 0,     /* no end */
	VALIDITY_FROM_CREATION,  /* ends duration after the ticket was made */
	VALIDITY_FROM_FIRST_USE, /* ends duration after the first login */
	VALIDITY_END_OF_DAY,     /* ends at the local midnight after the first login */
};

struct validity {
	enum validity_mode mode;
	struct duration duration; /* for FROM_CREATION and FROM_FIRST_USE */
};

/* from + d in zone; DURATION_NONE or a zero count gives from. */
int64_t duration_add(const struct duration *d, const struct tz *zone, int64_t from);

/* When usage must end for a ticket made at `created` and first used at
 * `first_use` (0 = not yet). 0 means no end (yet): ALWAYS, or a first-use
 * mode before the first login. */
int64_t validity_end(const struct validity *v, const struct tz *zone, int64_t created,
		     int64_t first_use);

const char *validity_mode_name(enum validity_mode mode);

#endif
