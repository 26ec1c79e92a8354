/* Sessions: accounting usage against an account while a device is online.
 *
 * session_open() starts a session after an accepted billing_authorize().
 * account_usage() takes the usage since the previous call (deltas: bytes up,
 * bytes down, seconds online ending at now) and
 *   - splits it at schedule boundaries, refills, cycle ends and bucket
 *     expiries inside [now - seconds, now], bytes pro rata to time;
 *   - takes it from the buckets in priority order, overflowing from one to
 *     the next (pro rata again inside the slice where one runs out);
 *   - rates it (postpaid) and closes a usage record at every rate or bucket
 *     switch;
 *   - counts it against the fair-use policy;
 *   - says what to do: continue (actions 0), or a set of USAGE_* actions,
 *     always with fresh limits.
 * session_close() ends it with the final usage record, applies the minimum
 * charge and posts a postpaid session to the account's ledger.
 *
 * Charges: postpaid only (prepaid tickets were paid when sold). A session
 * costs start_cost + each stretch's rating_charge() at the rate in effect,
 * topped up to min_charge at close. */
#ifndef SPOTGATE_BILLING_SESSION_H
#define SPOTGATE_BILLING_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "billing/account.h"
#include "billing/authorize.h"
#include "billing/cdr.h"
#include "billing/limits.h"
#include "billing/plan.h"

#define USAGE_MAX_RECORDS 8

struct session {
	int64_t id;
	int64_t account_id;
	int64_t started;
	int64_t last;          /* usage accounted up to here */
	int bucket;            /* bucket of the open stretch, -1 = none */
	int rate;              /* rate of the open stretch */
	bool throttled;
	struct usage_record open; /* the stretch since the last switch */
	int64_t seconds, bytes_up, bytes_down; /* whole session */
	int64_t charge;        /* closed stretches (start cost included) */
};

enum usage_action {
	USAGE_THROTTLE = 1 << 0,      /* fair-use threshold passed: slow down */
	USAGE_UNTHROTTLE = 1 << 1,    /* fair-use period reset: full speed again */
	USAGE_SWITCH_RATE = 1 << 2,   /* schedule boundary: new speeds/prices */
	USAGE_SWITCH_BUCKET = 1 << 3, /* another bucket took over: new quota */
	USAGE_REFILL = 1 << 4,        /* a refill or a new cycle changed the quota */
	USAGE_CUT_OFF = 1 << 5,       /* end the session now (see reason) */
};

struct usage_result {
	unsigned actions;     /* USAGE_* bits; 0 = continue */
	enum billing_reason reason;   /* for USAGE_CUT_OFF */
	enum stop_cause stop_cause;   /* for USAGE_CUT_OFF, to pass to session_close() */
	char message[BILLING_MESSAGE_LEN];
	int64_t charge;       /* session charge so far, open stretch included */
	int64_t overage_seconds; /* used beyond every bucket (kernel was late) */
	int64_t overage_bytes;
	struct session_limits limits;
	struct usage_record records[USAGE_MAX_RECORDS]; /* stretches closed now */
	unsigned nrecords;
};

void session_open(struct session *s, const struct account *a, const struct plan *p,
		  const struct auth_decision *d, int64_t id, int64_t now);

/* Returns 0, or -EINVAL for negative seconds or an interval that ends
 * before the previous call's. *a and *s are updated in place. When more
 * switches happen in one call than USAGE_MAX_RECORDS can hold, the last
 * stretch runs on at its rate rather than lose a record. */
int account_usage(struct account *a, const struct plan *p, const struct tz *zone,
		  struct session *s, uint64_t bytes_up, uint64_t bytes_down, int64_t seconds,
		  int64_t now, struct usage_result *out);

/* Closes the open stretch into *record (cause CDR_STOP). */
int session_close(struct account *a, const struct plan *p, struct session *s,
		  enum stop_cause cause, int64_t now, struct usage_record *record);

#endif
