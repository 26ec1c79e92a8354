/* Postpaid charges: each closed session's charge is posted to the account's
 * ledger; checkout closes the ledger into one invoice line (for the bill or
 * the hotel PMS, under the plan's code) and starts a new one. */
#ifndef SPOTGATE_BILLING_POSTPAID_H
#define SPOTGATE_BILLING_POSTPAID_H

#include <stdint.h>

#include "billing/cdr.h"
#include "billing/plan.h"

struct postpaid_ledger {
	int64_t since;    /* first posting, 0 = empty */
	int64_t until;    /* last posting */
	int64_t seconds;
	int64_t bytes;    /* up + down */
	int64_t amount;   /* minor units */
	uint32_t sessions;
};

struct invoice_line {
	int64_t account_id;
	char plan_code[PLAN_CODE_LEN];
	char currency[MONEY_CODE_LEN];
	int64_t from, to;
	int64_t seconds, bytes;
	uint32_t sessions;
	int64_t amount;
};

/* Adds one closed session. Returns 0 or -ERANGE. */
int postpaid_post(struct postpaid_ledger *l, int64_t start, int64_t stop, int64_t seconds,
		  int64_t bytes, int64_t amount);

/* Closes the ledger into *line and empties it. -ENODATA when nothing was
 * posted since the last checkout. */
int postpaid_checkout(struct postpaid_ledger *l, int64_t account_id, const struct plan *p,
		      int64_t now, struct invoice_line *line);

#endif
