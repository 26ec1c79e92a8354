/* Login decisions: may this account start a session now, and with what
 * limits? A pure function of the account, plan, zone, the account's other
 * online sessions and now.
 *
 * On accept, *a is updated (first login, refills due) and must be persisted
 * by the caller; on reject *a is left as it was. The message is for the
 * guest, in plain words; times in it are the location's local time.
 * dev may be NULL when the caller does not count devices. */
#ifndef SPOTGATE_BILLING_AUTHORIZE_H
#define SPOTGATE_BILLING_AUTHORIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "billing/account.h"
#include "billing/limits.h"
#include "billing/plan.h"

enum billing_reason {
	BILLING_OK = 0,
	BILLING_SUSPENDED,
	BILLING_NOT_YET_VALID,
	BILLING_EXPIRED,
	BILLING_DEPLETED,
	BILLING_FAIR_USE,
	BILLING_TOO_MANY_DEVICES,
	BILLING_SESSION_TIMEOUT,
};

#define BILLING_MESSAGE_LEN 128

struct device_request {
	uint32_t sessions_online; /* the account's sessions online now, not
				   * counting one this device already has */
};

struct auth_decision {
	bool accept;
	enum billing_reason reason;
	char message[BILLING_MESSAGE_LEN];
	int64_t retry_at; /* when a reject may turn into an accept (not yet
			   * valid, fair-use reset); 0 = not by waiting */
	struct session_limits limits;
};

int billing_authorize(struct account *a, const struct plan *p, const struct tz *zone,
		      const struct device_request *dev, int64_t now, struct auth_decision *out);

const char *billing_reason_name(enum billing_reason reason);

#endif
