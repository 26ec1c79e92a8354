/* Fair-use policy (Aptilo's FUP): once an account has moved more than
 * threshold_bytes (up + down) within a period, it is throttled to the given
 * speeds or blocked until the period ends; the count starts again from zero
 * in the next period ("1 GB a month, then slow until the 1st").
 *
 * The state lives in the account; the period is counted from the state's
 * anchor (normally the account's creation), usually calendar-aligned. */
#ifndef SPOTGATE_BILLING_FAIRUSE_H
#define SPOTGATE_BILLING_FAIRUSE_H

#include <stddef.h>
#include <stdint.h>

#include "billing/period.h"

enum fairuse_action {
	FAIRUSE_OFF = 0,
	FAIRUSE_THROTTLE,
	FAIRUSE_BLOCK,
};

struct fairuse_policy {
	enum fairuse_action action;
	int64_t threshold_bytes;
	struct period period;
	uint64_t speed_up;   /* bit/s while throttled */
	uint64_t speed_down; /* bit/s while throttled */
};

struct fairuse_state {
	int64_t anchor;       /* periods are counted from here */
	int64_t period_index; /* the period used_bytes belongs to */
	int64_t used_bytes;
};

enum fairuse_status {
	FAIRUSE_NORMAL = 0,
	FAIRUSE_THROTTLED,
	FAIRUSE_BLOCKED,
};

/* Moves the state into the period containing now, zeroing the count when a
 * new period has begun, then adds bytes. Returns the status after that, and
 * the instant the current period ends in *reset_at (0 with no policy). */
enum fairuse_status fairuse_account(const struct fairuse_policy *p, struct fairuse_state *s,
				    const struct tz *zone, int64_t bytes, int64_t now,
				    int64_t *reset_at);

/* The status without changing anything (for authorize). */
enum fairuse_status fairuse_status(const struct fairuse_policy *p, const struct fairuse_state *s,
				   const struct tz *zone, int64_t now, int64_t *reset_at);

int fairuse_validate(const struct fairuse_policy *p, char *err, size_t errlen);

#endif
