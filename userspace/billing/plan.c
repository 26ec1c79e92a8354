#include "billing/plan.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define FAIL(field, why)                                  \
	do {                                              \
		snprintf(err, errlen, "%s: %s", field, why); \
		return -EINVAL;                           \
	} while (0)

static int validate_amounts(const struct plan *p, char *err, size_t errlen)
{
	if (p->time_amount < 0)
		FAIL("time_amount", "must not be negative");
	if (p->data_amount < 0)
		FAIL("data_amount", "must not be negative");
	if (p->payment == PLAN_POSTPAID) {
		if (p->measure == PLAN_MEASURE_UNLIMITED)
			FAIL("measure", "a postpaid plan charges by time, traffic or both");
		if (p->time_amount || p->data_amount)
			FAIL("time_amount", "a postpaid plan sells no amount; it charges per use");
		if (p->price)
			FAIL("price", "a postpaid plan has no ticket price; set rate.price_per_hour or rate.price_per_10mb");
		return 0;
	}
	if (plan_limits_time(p) && p->time_amount == 0)
		FAIL("time_amount", "must be greater than 0 for a time-based plan");
	if (plan_limits_data(p) && p->data_amount == 0)
		FAIL("data_amount", "must be greater than 0 for a traffic-based plan");
	if (!plan_limits_time(p) && p->time_amount)
		FAIL("time_amount", "only time-based plans have a time amount");
	if (!plan_limits_data(p) && p->data_amount)
		FAIL("data_amount", "only traffic-based plans have a data amount");
	return 0;
}

static int validate_prices(const struct plan *p, char *err, size_t errlen)
{
	if (p->price < 0)
		FAIL("price", "must not be negative");
	if (p->rate.price_per_hour < 0)
		FAIL("rate.price_per_hour", "must not be negative");
	if (p->rate.price_per_10mb < 0)
		FAIL("rate.price_per_10mb", "must not be negative");
	if (p->start_cost < 0)
		FAIL("start_cost", "must not be negative");
	if (p->min_charge < 0)
		FAIL("min_charge", "must not be negative");
	if (p->payment == PLAN_PREPAID) {
		/* Prepaid tickets are paid when sold; nothing is rated per use. */
		if (p->start_cost || p->min_charge)
			FAIL(p->start_cost ? "start_cost" : "min_charge",
			     "only postpaid plans are charged per session");
		if (p->rate.price_per_hour || p->rate.price_per_10mb)
			FAIL("rate", "a prepaid plan has a ticket price, not a usage price");
	}
	return 0;
}

static int validate_cyclic(const struct plan *p, char *err, size_t errlen)
{
	if (!plan_is_cyclic(p))
		return 0;
	if (p->cyclic.unit > PERIOD_YEAR)
		FAIL("cyclic.unit", "must be daily, weekly, monthly or yearly");
	if (p->payment != PLAN_PREPAID)
		FAIL("payment", "a cyclic plan must be prepaid");
	if (p->cyclic.price_per_cycle < 0)
		FAIL("cyclic.price_per_cycle", "must not be negative");
	if (p->price)
		FAIL("price", "a cyclic plan is priced per cycle (cyclic.price_per_cycle)");
	if (p->validity.mode != VALIDITY_ALWAYS)
		FAIL("validity.mode", "a cyclic plan is valid for its cycles; use always");
	if (p->cyclic.cycles > 1000)
		FAIL("cyclic.cycles", "must be at most 1000");
	return 0;
}

static int validate_validity(const struct plan *p, char *err, size_t errlen)
{
	const struct validity *v = &p->validity;

	if (v->mode > VALIDITY_END_OF_DAY)
		FAIL("validity.mode", "must be always, from-creation, from-first-use or end-of-day");
	if (v->mode == VALIDITY_FROM_CREATION || v->mode == VALIDITY_FROM_FIRST_USE) {
		if (v->duration.unit <= DURATION_NONE || v->duration.unit > DURATION_MONTHS)
			FAIL("validity.duration", "needs a unit (minutes, hours, days, weeks or months)");
		if (v->duration.count == 0)
			FAIL("validity.duration", "must be greater than 0");
	}
	return 0;
}

int plan_validate(const struct plan *p, char *err, size_t errlen)
{
	int rc;

	if (p->name[0] == '\0')
		FAIL("name", "must not be empty");
	if (p->code[0] == '\0')
		FAIL("code", "must not be empty (use the name when there is no PMS)");
	if (!money_currency_valid(p->currency))
		FAIL("currency", "must be an ISO 4217 code such as EUR");
	if (p->payment > PLAN_POSTPAID)
		FAIL("payment", "must be prepaid or postpaid");
	if (p->measure > PLAN_MEASURE_UNLIMITED)
		FAIL("measure", "must be time, traffic, both or unlimited");
	if ((rc = validate_cyclic(p, err, errlen)) < 0 ||
	    (rc = validate_prices(p, err, errlen)) < 0 ||
	    (rc = validate_amounts(p, err, errlen)) < 0 ||
	    (rc = validate_validity(p, err, errlen)) < 0)
		return rc;
	if (p->interim_interval && p->interim_interval < 60)
		FAIL("interim_interval", "must be at least 60 seconds");
	if (p->purge_delay < 0)
		FAIL("purge_delay", "must not be negative");
	if (p->nschedules > RATING_MAX_SCHEDULES)
		FAIL("schedules", "too many schedules");
	for (uint32_t i = 0; i < p->nschedules; i++) {
		if ((rc = schedule_validate(&p->schedules[i], i, err, errlen)) < 0)
			return rc;
		if (p->payment == PLAN_PREPAID && p->schedules[i].has_price) {
			snprintf(err, errlen, "schedules[%u].rate: a prepaid plan has no usage price; change the speed only", i);
			return -EINVAL;
		}
	}
	return fairuse_validate(&p->fairuse, err, errlen);
}

static bool rate_eq(const struct rate *a, const struct rate *b)
{
	return a->price_per_hour == b->price_per_hour && a->price_per_10mb == b->price_per_10mb &&
	       a->speed_up == b->speed_up && a->speed_down == b->speed_down;
}

static bool schedule_eq(const struct schedule *a, const struct schedule *b)
{
	return a->start_date == b->start_date && a->end_date == b->end_date &&
	       a->minute_from == b->minute_from && a->minute_to == b->minute_to &&
	       a->weekdays == b->weekdays && a->has_price == b->has_price &&
	       a->has_speed == b->has_speed && rate_eq(&a->rate, &b->rate);
}

static bool fairuse_eq(const struct fairuse_policy *a, const struct fairuse_policy *b)
{
	return a->action == b->action && a->threshold_bytes == b->threshold_bytes &&
	       a->period.unit == b->period.unit && a->period.count == b->period.count &&
	       a->period.aligned == b->period.aligned && a->speed_up == b->speed_up &&
	       a->speed_down == b->speed_down;
}

bool plan_needs_new_version(const struct plan *a, const struct plan *b)
{
	if (strcmp(a->currency, b->currency) != 0 || a->payment != b->payment ||
	    a->measure != b->measure || a->time_amount != b->time_amount ||
	    a->data_amount != b->data_amount || a->price != b->price || !rate_eq(&a->rate, &b->rate) ||
	    a->validity.mode != b->validity.mode ||
	    a->validity.duration.unit != b->validity.duration.unit ||
	    a->validity.duration.count != b->validity.duration.count ||
	    a->cyclic.unit != b->cyclic.unit || a->cyclic.price_per_cycle != b->cyclic.price_per_cycle ||
	    plan_cycles(a) != plan_cycles(b) || a->idle_timeout != b->idle_timeout ||
	    a->session_timeout != b->session_timeout || a->interim_interval != b->interim_interval ||
	    a->max_devices != b->max_devices || !fairuse_eq(&a->fairuse, &b->fairuse) ||
	    a->nschedules != b->nschedules || a->start_cost != b->start_cost ||
	    a->min_charge != b->min_charge || a->purge_delay != b->purge_delay)
		return true;
	for (uint32_t i = 0; i < a->nschedules && i < RATING_MAX_SCHEDULES; i++)
		if (!schedule_eq(&a->schedules[i], &b->schedules[i]))
			return true;
	return false;
}

const char *plan_payment_name(enum plan_payment payment)
{
	return payment == PLAN_POSTPAID ? "postpaid" : "prepaid";
}

const char *plan_measure_name(enum plan_measure measure)
{
	switch (measure) {
	case PLAN_MEASURE_TIME:
		return "time";
	case PLAN_MEASURE_TRAFFIC:
		return "traffic";
	case PLAN_MEASURE_BOTH:
		return "both";
	case PLAN_MEASURE_UNLIMITED:
		return "unlimited";
	}
	return "unknown";
}
