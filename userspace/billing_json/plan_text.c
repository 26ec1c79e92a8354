#include "billing_json/plan_text.h"

#include <stdio.h>

static void duration_words(int64_t s, char *buf, size_t size)
{
	static const struct { int64_t secs; const char *one, *many; } units[] = {
		{ 86400, "day", "days" }, { 3600, "hour", "hours" }, { 60, "minute", "minutes" }, { 1, "second", "seconds" },
	};

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (s >= units[i].secs && s % units[i].secs == 0) {
			int64_t n = s / units[i].secs;
			snprintf(buf, size, "%lld %s", (long long)n, n == 1 ? units[i].one : units[i].many);
			return;
		}
	}
	snprintf(buf, size, "%lld seconds", (long long)s);
}

static void bytes_words(int64_t b, char *buf, size_t size)
{
	if (b >= 1000000000 && b % 100000000 == 0)
		snprintf(buf, size, "%lld.%lld GB", (long long)b / 1000000000, (long long)b % 1000000000 / 100000000);
	else
		snprintf(buf, size, "%lld MB", (long long)(b / 1000000));
}

void plan_amount_text(const struct plan *p, char *buf, size_t size)
{
	char t[32], d[32];

	duration_words(p->time_amount, t, sizeof(t));
	bytes_words(p->data_amount, d, sizeof(d));
	switch (p->measure) {
	case PLAN_MEASURE_TIME:
		snprintf(buf, size, "%s", t);
		break;
	case PLAN_MEASURE_TRAFFIC:
		snprintf(buf, size, "%s", d);
		break;
	case PLAN_MEASURE_BOTH:
		snprintf(buf, size, "%s or %s", t, d);
		break;
	case PLAN_MEASURE_UNLIMITED:
		snprintf(buf, size, "unlimited");
		break;
	}
}

static void duration_unit_words(const struct duration *d, char *buf, size_t size)
{
	static const char *const one[] = { "", "minute", "hour", "day", "week", "month" };
	static const char *const many[] = { "", "minutes", "hours", "days", "weeks", "months" };

	snprintf(buf, size, "%u %s", d->count, d->count == 1 ? one[d->unit] : many[d->unit]);
}

void plan_validity_text(const struct plan *p, char *buf, size_t size)
{
	char d[32];

	duration_unit_words(&p->validity.duration, d, sizeof(d));
	switch (p->validity.mode) {
	case VALIDITY_ALWAYS:
		if (plan_is_cyclic(p))
			snprintf(buf, size, "Renews every %s", period_unit_name(p->cyclic.unit));
		else
			snprintf(buf, size, "Does not expire");
		break;
	case VALIDITY_FROM_CREATION:
		snprintf(buf, size, "Valid for %s from purchase", d);
		break;
	case VALIDITY_FROM_FIRST_USE:
		snprintf(buf, size, "Valid for %s from the first login", d);
		break;
	case VALIDITY_END_OF_DAY:
		snprintf(buf, size, "Valid until midnight of the day of the first login");
		break;
	}
}
