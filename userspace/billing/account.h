/* Accounts: validity windows, buckets in priority order, suspend/resume,
 * top-up and purge time. All functions change only the struct they are
 * given; the caller persists it.
 *
 * Validity (Aptilo's life cycle): the first login must fall inside
 * [valid_from, valid_until). From then on use is allowed until use_until,
 * which the plan's validity mode sets at creation (from creation) or at the
 * first login (from first use, until end of day). An account is purged at
 * the end of its validity plus the purge delay. */
#ifndef SPOTGATE_BILLING_ACCOUNT_H
#define SPOTGATE_BILLING_ACCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "billing/bucket.h"
#include "billing/fairuse.h"
#include "billing/plan.h"
#include "billing/postpaid.h"
#include "billing/validity.h"

#define ACCOUNT_MAX_BUCKETS 4

enum account_status {
	ACCOUNT_ACTIVE = 0,
	ACCOUNT_SUSPENDED,
};

struct account {
	int64_t id;
	enum account_status status;
	int64_t created;
	int64_t valid_from;  /* first login not before; 0 = no bound */
	int64_t valid_until; /* first login before; 0 = no bound */
	int64_t first_login; /* 0 = not yet */
	int64_t use_until;   /* use stops here; 0 = no end (yet) */
	int64_t purge_delay; /* seconds, from the plan */
	struct bucket buckets[ACCOUNT_MAX_BUCKETS]; /* free before paid */
	uint32_t nbuckets;
	struct fairuse_state fairuse;
	struct postpaid_ledger ledger;
};

/* Optional bounds for the first login; zeros mean none. */
struct account_window {
	int64_t valid_from;
	int64_t valid_until;
};

/* A new account on plan p created at now: validity from the plan, one paid
 * (or free, for a zero price) bucket for a prepaid plan, none for postpaid.
 * A cyclic ticket's first cycle starts at valid_from when that is later than
 * now ("start it on the 1st of the month"). bucket_id names that bucket. */
int account_open(struct account *a, const struct plan *p, const struct tz *zone, int64_t id,
		 int64_t bucket_id, const struct account_window *w, int64_t now, char *err,
		 size_t errlen);

/* Inserts b by priority: after the other buckets of its kind, free before
 * paid. -EBUSY if b is cyclic and a cyclic bucket is still valid (one cyclic
 * ticket at a time), -ENOSPC when full. */
int account_add_bucket(struct account *a, const struct bucket *b, int64_t now, char *err,
		       size_t errlen);

/* Records the first login (if this is it) and starts the plan's validity. */
void account_first_login(struct account *a, const struct plan *p, const struct tz *zone,
			 int64_t now);

void account_suspend(struct account *a);
void account_resume(struct account *a);

/* Applies the refills of every bucket due by now; true if any changed. */
bool account_refill(struct account *a, const struct tz *zone, int64_t now);

/* Index of the first usable bucket, or -1. */
int account_bucket_in_use(const struct account *a, int64_t now);

/* Top-up (Aptilo): refill a bucket (add, or overwrite what is left) and/or
 * extend the validity by a duration counted from the later of now and the
 * current end. bucket -1 picks the first paid bucket. */
struct topup {
	int bucket;
	bool overwrite;
	int64_t time_amount; /* seconds, 0 = leave */
	int64_t data_amount; /* bytes, 0 = leave */
	struct duration extend;
};
int account_topup(struct account *a, const struct topup *t, const struct tz *zone, int64_t now,
		  char *err, size_t errlen);

/* End of the account's validity: use_until after the first login, else the
 * first-login deadline; 0 = no end. */
int64_t account_validity_end(const struct account *a);
/* When the account may be deleted; 0 = never. */
int64_t account_purge_at(const struct account *a);

#endif
