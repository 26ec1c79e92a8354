/* Credit buckets: pools of time and data an account spends from.
 *
 * An account keeps its buckets in priority order, free before paid
 * (account.h); usage is taken from the first usable one and overflows into
 * the next. A bucket is usable while it is inside its validity and no
 * limited dimension has run out. A dimension set to BUCKET_UNLIMITED is not
 * limited (a time ticket's data, a traffic ticket's time).
 *
 * Auto-refill grants an allowance at the start of every period: ADD puts it
 * on top of what is left (once per period that began, so an account idle for
 * two months gets two refills), OVERWRITE replaces what is left. Cyclic
 * tickets are buckets that OVERWRITE every cycle and expire after the last,
 * which is how unused allowance is lost at the end of a cycle. */
#ifndef SPOTGATE_BILLING_BUCKET_H
#define SPOTGATE_BILLING_BUCKET_H

#include <stdbool.h>
#include <stdint.h>

#include "billing/period.h"
#include "billing/plan.h"

#define BUCKET_UNLIMITED (-1)

enum bucket_kind {
	BUCKET_FREE = 0,
	BUCKET_PAID,
};

enum refill_mode {
	REFILL_NONE = 0,
	REFILL_ADD,
	REFILL_OVERWRITE,
};

struct bucket_refill {
	enum refill_mode mode;
	struct period period;
	int64_t anchor;        /* periods are counted from here */
	int64_t time_amount;   /* seconds per refill (BUCKET_UNLIMITED allowed) */
	int64_t data_amount;   /* bytes per refill (BUCKET_UNLIMITED allowed) */
	int64_t applied_index; /* the period the current allowance belongs to */
	int64_t last_index;    /* no refills after this period; < 0 = forever */
};

struct bucket {
	int64_t id;
	enum bucket_kind kind;
	int64_t plan_id;       /* the ticket's plan, for usage records */
	uint32_t plan_version;
	int64_t time_left;     /* seconds, or BUCKET_UNLIMITED */
	int64_t data_left;     /* bytes up + down, or BUCKET_UNLIMITED */
	int64_t valid_from;    /* not usable before; 0 = no bound */
	int64_t valid_until;   /* not usable from here on; 0 = no end */
	bool cyclic;
	struct bucket_refill refill;
};

static inline bool bucket_limits_time(const struct bucket *b)
{
	return b->time_left != BUCKET_UNLIMITED;
}

static inline bool bucket_limits_data(const struct bucket *b)
{
	return b->data_left != BUCKET_UNLIMITED;
}

bool bucket_depleted(const struct bucket *b);
bool bucket_expired(const struct bucket *b, int64_t now);
bool bucket_usable(const struct bucket *b, int64_t now);

/* Applies every refill due by now. Returns true when the allowance changed. */
bool bucket_refill(struct bucket *b, const struct tz *zone, int64_t now);

/* The instant of the next refill after now, or 0 when none is due. */
int64_t bucket_next_refill(const struct bucket *b, const struct tz *zone, int64_t now);

/* A bucket holding one ticket of a prepaid plan, starting at `start`. For a
 * cyclic plan: an OVERWRITE refill every cycle (monthly cycles aligned to
 * calendar months in zone) and valid until the end of the last cycle. */
int bucket_from_plan(const struct plan *p, const struct tz *zone, int64_t start, int64_t id,
		     struct bucket *out);

/* Takes seconds and bytes from b, never below zero in a limited dimension. */
void bucket_take(struct bucket *b, int64_t seconds, int64_t bytes);

#endif
