/* Rating: what usage costs and how fast it may go, by time of day and day of
 * week.
 *
 * A plan has a base rate and up to RATING_MAX_SCHEDULES schedules (Aptilo's
 * "schedules with rating descriptors"). The first schedule, in list order,
 * that matches an instant replaces the base price and/or speed while it
 * matches; sessions switch rate in-session at the boundaries, which
 * rating_next_switch() predicts so the caller can ask again right then.
 *
 * Schedules are read on the location's wall clock: a local date range, a
 * local time interval [minute_from, minute_to) and a set of weekdays. An
 * interval that ends at or before it starts runs past midnight and belongs
 * to the day it starts on (Fri 22:00-06:00 covers Saturday's early hours,
 * and its date range and weekday are Friday's). */
#ifndef SPOTGATE_BILLING_RATING_H
#define SPOTGATE_BILLING_RATING_H

#include <stdbool.h>
#include <stdint.h>

#include "billing/tz.h"

#define RATING_MAX_SCHEDULES 4
#define RATING_UNIT_SECONDS 3600            /* price per hour */
#define RATING_UNIT_BYTES 10000000LL        /* price per 10 MB (decimal MB) */
#define RATING_BASE (-1)                    /* rate index of the base rate */

struct rate {
	int64_t price_per_hour;  /* minor units per hour online */
	int64_t price_per_10mb;  /* minor units per 10 MB, up + down */
	uint64_t speed_up;       /* bit/s, 0 = not limited */
	uint64_t speed_down;     /* bit/s, 0 = not limited */
};

#define SCHEDULE_MONDAY    (1u << 0)
#define SCHEDULE_TUESDAY   (1u << 1)
#define SCHEDULE_WEDNESDAY (1u << 2)
#define SCHEDULE_THURSDAY  (1u << 3)
#define SCHEDULE_FRIDAY    (1u << 4)
#define SCHEDULE_SATURDAY  (1u << 5)
#define SCHEDULE_SUNDAY    (1u << 6)
#define SCHEDULE_WEEKDAYS  0x1fu
#define SCHEDULE_WEEKEND   0x60u
#define SCHEDULE_EVERY_DAY 0x7fu

struct schedule {
	int32_t start_date;   /* local YYYYMMDD, first day included; 0 = open */
	int32_t end_date;     /* local YYYYMMDD, last day included; 0 = open */
	uint16_t minute_from; /* 0..1439 */
	uint16_t minute_to;   /* 0..1440; <= minute_from runs past midnight; equal = all day */
	uint8_t weekdays;     /* SCHEDULE_* bits; 0 = every day */
	bool has_price;       /* rate's prices replace the base prices */
	bool has_speed;       /* rate's speeds replace the base speeds */
	struct rate rate;
};

/* Index of the schedule in effect at utc, or RATING_BASE. */
int rating_index_at(const struct schedule *list, uint32_t n, const struct tz *zone, int64_t utc);

/* The rate for an index: the base with the schedule's overrides. */
void rating_rate(const struct rate *base, const struct schedule *list, uint32_t n, int index,
		 struct rate *out);

/* The first instant after utc at which rating_index_at() changes, or 0 when
 * it never changes again. */
int64_t rating_next_switch(const struct schedule *list, uint32_t n, const struct tz *zone,
			   int64_t utc);

/* Charge for usage under one rate: each part rounded by money.h's rule,
 * round(seconds * per_hour / 3600) + round(bytes * per_10mb / 10 MB).
 * Returns 0 or -ERANGE. */
int rating_charge(const struct rate *r, int64_t seconds, int64_t bytes, int64_t *out);

/* Checks one schedule; on error writes "schedules[i].field: problem". */
int schedule_validate(const struct schedule *s, unsigned i, char *err, size_t errlen);

#endif
