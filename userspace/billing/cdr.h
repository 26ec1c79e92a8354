/* Usage records (CDRs): what one stretch of a session used and cost.
 *
 * A session yields one record each time its rate or bucket changes (the
 * stretch before the switch) and one when it stops; together they add up to
 * the whole session, charges included (start cost sits in the first record,
 * the top-up to the minimum charge in the last). */
#ifndef SPOTGATE_BILLING_CDR_H
#define SPOTGATE_BILLING_CDR_H

#include <stdint.h>

#include "billing/money.h"

enum cdr_cause {
	CDR_RATE_SWITCH = 0, /* a schedule boundary */
	CDR_BUCKET_SWITCH,   /* a bucket ran out or a better one was refilled */
	CDR_STOP,
};

/* Why a session ended (DESIGN.md: logout, idle, session timeout, quota,
 * validity, admin, NAS), plus the billing core's own reasons. */
enum stop_cause {
	STOP_NONE = 0,
	STOP_LOGOUT,
	STOP_IDLE_TIMEOUT,
	STOP_SESSION_TIMEOUT,
	STOP_DEPLETED,
	STOP_EXPIRED,
	STOP_FAIR_USE,
	STOP_SUSPENDED,
	STOP_ADMIN,
	STOP_NAS,
};

struct usage_record {
	int64_t session_id;
	int64_t account_id;
	int64_t plan_id;
	uint32_t plan_version;
	int64_t bucket_id;  /* 0 = no bucket (postpaid without a quota) */
	int rate;           /* RATING_BASE or the schedule index */
	int64_t start;      /* UTC, inclusive */
	int64_t stop;       /* UTC */
	int64_t seconds;
	int64_t bytes_up;
	int64_t bytes_down;
	int64_t charge;     /* minor units of currency */
	char currency[MONEY_CODE_LEN];
	enum cdr_cause cause;
	enum stop_cause stop_cause; /* for CDR_STOP */
};

const char *cdr_cause_name(enum cdr_cause cause);
const char *stop_cause_name(enum stop_cause cause);

#endif
