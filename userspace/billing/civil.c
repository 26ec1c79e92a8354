#include "billing/civil.h"

/* Date <-> day number after Howard Hinnant's "chrono-compatible low-level
 * date algorithms": eras of 400 years make the arithmetic branch-free. */

bool civil_is_leap(int32_t year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned civil_days_in_month(int32_t year, unsigned month)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (month == 2 && civil_is_leap(year))
		return 29;
	return days[(month - 1) % 12];
}

int64_t civil_days_from_date(int32_t year, unsigned month, unsigned day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t mp = (month + 9) % 12;
	int64_t doy = (153 * mp + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

void civil_date_from_days(int64_t days, int32_t *year, unsigned *month, unsigned *day)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	unsigned m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);

	*day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*month = m;
	*year = (int32_t)(yoe + era * 400 + (m <= 2));
}

unsigned civil_weekday_of_days(int64_t days)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int64_t w = (days + 3) % 7;

	return (unsigned)(w < 0 ? w + 7 : w);
}

int64_t civil_to_seconds(const struct civil *c)
{
	return civil_days_from_date(c->year, c->month, c->day) * CIVIL_SECONDS_PER_DAY +
	       c->hour * 3600 + c->minute * 60 + c->second;
}

void civil_from_seconds(int64_t seconds, struct civil *out)
{
	int64_t days = seconds / CIVIL_SECONDS_PER_DAY;
	int64_t rem = seconds % CIVIL_SECONDS_PER_DAY;
	int32_t y;
	unsigned m, d;

	if (rem < 0) {
		rem += CIVIL_SECONDS_PER_DAY;
		days--;
	}
	civil_date_from_days(days, &y, &m, &d);
	*out = (struct civil){
		.year = y,
		.month = (uint8_t)m,
		.day = (uint8_t)d,
		.hour = (uint8_t)(rem / 3600),
		.minute = (uint8_t)(rem / 60 % 60),
		.second = (uint8_t)(rem % 60),
		.weekday = (uint8_t)civil_weekday_of_days(days),
	};
}

void civil_add_days(struct civil *c, int64_t days)
{
	int64_t n = civil_days_from_date(c->year, c->month, c->day) + days;
	int32_t y;
	unsigned m, d;

	civil_date_from_days(n, &y, &m, &d);
	c->year = y;
	c->month = (uint8_t)m;
	c->day = (uint8_t)d;
	c->weekday = (uint8_t)civil_weekday_of_days(n);
}

void civil_add_months(struct civil *c, int64_t months)
{
	int64_t index = (int64_t)c->year * 12 + (c->month - 1) + months;
	int64_t y = index >= 0 ? index / 12 : (index - 11) / 12;
	unsigned m = (unsigned)(index - y * 12) + 1;
	unsigned dim = civil_days_in_month((int32_t)y, m);

	c->year = (int32_t)y;
	c->month = (uint8_t)m;
	if (c->day > dim)
		c->day = (uint8_t)dim;
	c->weekday = (uint8_t)civil_weekday_of_days(civil_days_from_date(c->year, m, c->day));
}

void civil_start_of_day(struct civil *c)
{
	c->hour = 0;
	c->minute = 0;
	c->second = 0;
}
