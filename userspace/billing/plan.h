/* Plan terms (Endian "rate", ISPBills "package", Aptilo "product").
 *
 * A plan is plain data. plan_validate() says whether its terms make sense,
 * naming the field in a message a person can act on. Once a ticket uses a
 * plan version its terms are frozen: plan_needs_new_version() tells the
 * storage layer whether an edit may change the row in place (name, code,
 * flags) or must create the next version.
 *
 * Units: seconds, bytes (up + down), bit/s, minor units of `currency`.
 * Prepaid plans sell an amount for `price`; postpaid plans charge the base
 * rate's price per hour / per 10 MB for what was used, plus start cost and
 * minimum charge, closed into an invoice line at checkout (postpaid.h). */
#ifndef SPOTGATE_BILLING_PLAN_H
#define SPOTGATE_BILLING_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "billing/fairuse.h"
#include "billing/money.h"
#include "billing/period.h"
#include "billing/rating.h"
#include "billing/validity.h"

#define PLAN_NAME_LEN 64
#define PLAN_CODE_LEN 32
#define PLAN_DEFAULT_INTERIM 300 /* seconds between accounting updates */

enum plan_payment {
	PLAN_PREPAID = 0,
	PLAN_POSTPAID,
};

enum plan_measure {
	PLAN_MEASURE_TIME = 0,
	PLAN_MEASURE_TRAFFIC,
	PLAN_MEASURE_BOTH,      /* whichever runs out first */
	PLAN_MEASURE_UNLIMITED,
};

/* Cyclic terms: the amount is granted afresh every cycle and what is left at
 * the end of a cycle is lost. Monthly cycles follow calendar months; the
 * others run from the start of the ticket. unit PERIOD_NONE = not cyclic. */
struct plan_cyclic {
	enum period_unit unit;
	int64_t price_per_cycle;
	uint32_t cycles; /* 0 is read as the default, 1 */
};

struct plan {
	int64_t id;
	uint32_t version;
	char name[PLAN_NAME_LEN];
	char code[PLAN_CODE_LEN];   /* accounting / PMS code (Endian's ASA code) */
	char currency[MONEY_CODE_LEN];
	bool quick_ticket;          /* flags: may change in place */
	bool smartconnect;

	enum plan_payment payment;
	enum plan_measure measure;
	int64_t time_amount;        /* seconds per ticket / cycle */
	int64_t data_amount;        /* bytes per ticket / cycle */
	int64_t price;              /* ticket price (prepaid, not cyclic) */
	struct rate rate;           /* base prices (postpaid) and speeds */
	struct validity validity;
	struct plan_cyclic cyclic;

	uint32_t idle_timeout;      /* seconds, 0 = none */
	uint32_t session_timeout;   /* seconds, 0 = none */
	uint32_t interim_interval;  /* seconds, 0 = PLAN_DEFAULT_INTERIM */
	uint32_t max_devices;       /* sessions at once per account, 0 = any */
	struct fairuse_policy fairuse;
	struct schedule schedules[RATING_MAX_SCHEDULES];
	uint32_t nschedules;
	int64_t start_cost;         /* charged once per session (postpaid) */
	int64_t min_charge;         /* a session costs at least this (postpaid) */
	int64_t purge_delay;        /* seconds after validity ends, then delete */
};

static inline bool plan_is_cyclic(const struct plan *p)
{
	return p->cyclic.unit != PERIOD_NONE;
}

static inline uint32_t plan_cycles(const struct plan *p)
{
	return p->cyclic.cycles ? p->cyclic.cycles : 1;
}

static inline bool plan_limits_time(const struct plan *p)
{
	return p->measure == PLAN_MEASURE_TIME || p->measure == PLAN_MEASURE_BOTH;
}

static inline bool plan_limits_data(const struct plan *p)
{
	return p->measure == PLAN_MEASURE_TRAFFIC || p->measure == PLAN_MEASURE_BOTH;
}

/* 0, or -EINVAL with "field: problem" in err (the first problem found). */
int plan_validate(const struct plan *p, char *err, size_t errlen);

/* True when `edited` differs from `current` in anything but id, version,
 * name, code and flags: such an edit must become a new version. */
bool plan_needs_new_version(const struct plan *current, const struct plan *edited);

const char *plan_payment_name(enum plan_payment payment);
const char *plan_measure_name(enum plan_measure measure);

#endif
