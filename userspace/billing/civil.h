/* Proleptic Gregorian calendar arithmetic on civil (wall-clock) date-times,
 * with no time zone involved: pure integer functions, valid far beyond any
 * date a ticket can carry. Days are counted from 1970-01-01; weekdays run
 * 0 = Monday .. 6 = Sunday (ISO 8601), because rating schedules and weekly
 * cycles start on Monday. */
#ifndef SPOTGATE_BILLING_CIVIL_H
#define SPOTGATE_BILLING_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

struct civil {
	int32_t year;
	uint8_t month;   /* 1..12 */
	uint8_t day;     /* 1..31 */
	uint8_t hour;    /* 0..23 */
	uint8_t minute;  /* 0..59 */
	uint8_t second;  /* 0..59 */
	uint8_t weekday; /* 0 = Monday .. 6 = Sunday; filled by the converters */
};

#define CIVIL_SECONDS_PER_DAY 86400

bool civil_is_leap(int32_t year);
unsigned civil_days_in_month(int32_t year, unsigned month);

/* Days since 1970-01-01 for a date, and back. */
int64_t civil_days_from_date(int32_t year, unsigned month, unsigned day);
void civil_date_from_days(int64_t days, int32_t *year, unsigned *month, unsigned *day);
unsigned civil_weekday_of_days(int64_t days);

/* A civil date-time read as if it were UTC, in seconds since the epoch, and
 * back (fills weekday). Local times become instants only through tz.h. */
int64_t civil_to_seconds(const struct civil *c);
void civil_from_seconds(int64_t seconds, struct civil *out);

/* Adds whole days / months / years to the date part, keeping the time of day.
 * Months and years clamp the day to the end of the target month, so 31 Jan
 * + 1 month is 28 (or 29) Feb and 29 Feb 2024 + 1 year is 28 Feb 2025. */
void civil_add_days(struct civil *c, int64_t days);
void civil_add_months(struct civil *c, int64_t months);

/* Midnight at the start of c's day (time of day set to 00:00:00). */
void civil_start_of_day(struct civil *c);

#endif
