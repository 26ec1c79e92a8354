#include "billing/postpaid.h"

#include <errno.h>
#include <stdio.h>

int postpaid_post(struct postpaid_ledger *l, int64_t start, int64_t stop, int64_t seconds,
		  int64_t bytes, int64_t amount)
{
	int64_t total;

	if (money_add(l->amount, amount, &total) < 0)
		return -ERANGE;
	l->amount = total;
	l->seconds += seconds;
	l->bytes += bytes;
	if (!l->since || start < l->since)
		l->since = start;
	if (stop > l->until)
		l->until = stop;
	l->sessions++;
	return 0;
}

int postpaid_checkout(struct postpaid_ledger *l, int64_t account_id, const struct plan *p,
		      int64_t now, struct invoice_line *line)
{
	if (!l->sessions)
		return -ENODATA;
	*line = (struct invoice_line){
		.account_id = account_id,
		.from = l->since,
		.to = l->until > now ? l->until : now,
		.seconds = l->seconds,
		.bytes = l->bytes,
		.sessions = l->sessions,
		.amount = l->amount,
	};
	snprintf(line->plan_code, sizeof(line->plan_code), "%s", p->code);
	snprintf(line->currency, sizeof(line->currency), "%s", p->currency);
	*l = (struct postpaid_ledger){ 0 };
	return 0;
}
