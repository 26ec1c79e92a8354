/* Session limits: what the enforcement side (BPF maps, RADIUS attributes)
 * needs to let one session run until the billing core must be asked again.
 * Filled by billing_authorize() and account_usage(). */
#ifndef SPOTGATE_BILLING_LIMITS_H
#define SPOTGATE_BILLING_LIMITS_H

#include <stdint.h>

#include "billing/account.h"
#include "billing/plan.h"

#define LIMIT_NONE (-1)

struct session_limits {
	int64_t seconds_left;     /* until the quota or end_at, whichever first; LIMIT_NONE */
	int64_t bytes_total_left; /* up + down; LIMIT_NONE */
	int64_t bytes_up_left;    /* LIMIT_NONE: plans cap up + down together */
	int64_t bytes_down_left;  /* LIMIT_NONE: likewise */
	uint64_t speed_up;        /* bit/s, 0 = not limited */
	uint64_t speed_down;
	uint32_t idle_timeout;    /* seconds, 0 = none */
	uint32_t interim_interval;
	int64_t end_at;           /* absolute cut-off: validity, session timeout; 0 = none */
	int64_t recheck_at;       /* call account_usage() by then: a rate switch,
				   * refill, cycle end or fair-use reset; 0 = none */
	int bucket;               /* index of the bucket in use, -1 = none */
	int64_t bucket_id;
	int next_bucket;          /* the bucket that takes over when this one runs
				   * out (ask account_usage(), do not cut), -1 = none */
	int rate;                 /* RATING_BASE or the schedule in effect */
	bool throttled;           /* fair use: speeds are the policy's */
};

/* Limits for a session of account a that started at `started`, at now. */
void limits_compute(const struct account *a, const struct plan *p, const struct tz *zone,
		    int64_t started, bool throttled, int64_t now, struct session_limits *out);

#endif
