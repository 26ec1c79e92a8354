#include "billing/validity.h"

#include "billing/civil.h"

int64_t duration_add(const struct duration *d, const struct tz *zone, int64_t from)
{
	struct civil c;

	switch (d->unit) {
	case DURATION_MINUTES:
		return from + (int64_t)d->count * 60;
	case DURATION_HOURS:
		return from + (int64_t)d->count * 3600;
	case DURATION_DAYS:
	case DURATION_WEEKS:
	case DURATION_MONTHS:
		break;
	default:
		return from;
	}
	tz_to_local(zone, from, &c);
	if (d->unit == DURATION_MONTHS)
		civil_add_months(&c, d->count);
	else
		civil_add_days(&c, (int64_t)d->count * (d->unit == DURATION_WEEKS ? 7 : 1));
	return tz_from_local(zone, &c);
}

int64_t validity_end(const struct validity *v, const struct tz *zone, int64_t created,
		     int64_t first_use)
{
	switch (v->mode) {
	case VALIDITY_FROM_CREATION:
		return duration_add(&v->duration, zone, created);
	case VALIDITY_FROM_FIRST_USE:
		return first_use ? duration_add(&v->duration, zone, first_use) : 0;
	case VALIDITY_END_OF_DAY:
		return first_use ? tz_end_of_day(zone, first_use) : 0;
	default:
		return 0;
	}
}

const char *validity_mode_name(enum validity_mode mode)
{
	switch (mode) {
	case VALIDITY_ALWAYS:
		return "always";
	case VALIDITY_FROM_CREATION:
		return "from-creation";
	case VALIDITY_FROM_FIRST_USE:
		return "from-first-use";
	case VALIDITY_END_OF_DAY:
		return "end-of-day";
	}
	return "unknown";
}
