#include "billing/period.h"

#include <errno.h>

#include "billing/civil.h"

static void step(struct civil *c, enum period_unit unit, int64_t n)
{
	switch (unit) {
	case PERIOD_DAY:
		civil_add_days(c, n);
		break;
	case PERIOD_WEEK:
		civil_add_days(c, 7 * n);
		break;
	case PERIOD_MONTH:
		civil_add_months(c, n);
		break;
	case PERIOD_YEAR:
		civil_add_months(c, 12 * n);
		break;
	case PERIOD_NONE:
		break;
	}
}

/* Start of the calendar unit containing the local time c. */
static void align(struct civil *c, enum period_unit unit)
{
	civil_start_of_day(c);
	switch (unit) {
	case PERIOD_WEEK:
		civil_add_days(c, -(int64_t)c->weekday);
		break;
	case PERIOD_YEAR:
		c->month = 1;
		/* fall through */
	case PERIOD_MONTH:
		c->day = 1;
		break;
	default:
		break;
	}
}

int64_t period_boundary(const struct period *p, int64_t anchor, const struct tz *zone,
			int64_t index)
{
	struct civil c;

	if (index <= 0)
		return anchor;
	tz_to_local(zone, anchor, &c);
	if (p->aligned) {
		/* Period 0 is the partial one up to the first aligned boundary. */
		align(&c, p->unit);
		step(&c, p->unit, (int64_t)p->count * index);
	} else {
		step(&c, p->unit, (int64_t)p->count * index);
	}
	return tz_from_local(zone, &c);
}

/* A first guess at the index, from the nominal length of a unit. */
static int64_t guess(const struct period *p, int64_t elapsed)
{
	static const int64_t nominal[] = {
		[PERIOD_DAY] = 86400,
		[PERIOD_WEEK] = 7 * 86400,
		[PERIOD_MONTH] = 2629746, /* average Gregorian month */
		[PERIOD_YEAR] = 31556952,
	};

	return elapsed / (nominal[p->unit] * p->count);
}

int period_at(const struct period *p, int64_t anchor, const struct tz *zone, int64_t now,
	      struct period_span *out)
{
	int64_t k;

	if (p->unit <= PERIOD_NONE || p->unit > PERIOD_YEAR || p->count == 0)
		return -EINVAL;
	if (now < anchor) {
		*out = (struct period_span){ .index = -1, .start = now, .end = anchor };
		return 0;
	}
	k = guess(p, now - anchor);
	/* The guess is off by at most a couple of periods; walk to the spot. */
	while (k > 0 && period_boundary(p, anchor, zone, k) > now)
		k--;
	while (period_boundary(p, anchor, zone, k + 1) <= now)
		k++;
	*out = (struct period_span){
		.index = k,
		.start = period_boundary(p, anchor, zone, k),
		.end = period_boundary(p, anchor, zone, k + 1),
	};
	return 0;
}

const char *period_unit_name(enum period_unit unit)
{
	switch (unit) {
	case PERIOD_DAY:
		return "day";
	case PERIOD_WEEK:
		return "week";
	case PERIOD_MONTH:
		return "month";
	case PERIOD_YEAR:
		return "year";
	default:
		return "none";
	}
}
