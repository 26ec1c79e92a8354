#include "billing/account.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int64_t earliest(int64_t a, int64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

int account_open(struct account *a, const struct plan *p, const struct tz *zone, int64_t id,
		 int64_t bucket_id, const struct account_window *w, int64_t now, char *err,
		 size_t errlen)
{
	struct account_window none = { 0 };
	int64_t start;

	if (!w)
		w = &none;
	if (w->valid_from && w->valid_until && w->valid_until <= w->valid_from) {
		snprintf(err, errlen, "valid_until: must be after valid_from");
		return -EINVAL;
	}
	*a = (struct account){
		.id = id,
		.created = now,
		.valid_from = w->valid_from,
		.valid_until = w->valid_until,
		.purge_delay = p->purge_delay,
		.fairuse = { .anchor = now },
	};
	if (p->validity.mode == VALIDITY_FROM_CREATION) {
		a->use_until = validity_end(&p->validity, zone, now, 0);
		a->valid_until = earliest(a->valid_until, a->use_until);
	} else if (p->validity.mode == VALIDITY_ALWAYS) {
		a->use_until = a->valid_until;
	}
	if (p->payment == PLAN_POSTPAID)
		return 0;
	start = w->valid_from > now ? w->valid_from : now;
	if (bucket_from_plan(p, zone, start, bucket_id, &a->buckets[0]) < 0) {
		snprintf(err, errlen, "plan: cannot make a bucket from this plan");
		return -EINVAL;
	}
	if (a->buckets[0].cyclic) {
		a->buckets[0].valid_from = start;
		a->use_until = earliest(a->use_until, a->buckets[0].valid_until);
	}
	a->nbuckets = 1;
	return 0;
}

int account_add_bucket(struct account *a, const struct bucket *b, int64_t now, char *err,
		       size_t errlen)
{
	uint32_t at = a->nbuckets;

	if (a->nbuckets >= ACCOUNT_MAX_BUCKETS) {
		snprintf(err, errlen, "buckets: an account holds at most %d", ACCOUNT_MAX_BUCKETS);
		return -ENOSPC;
	}
	for (uint32_t i = 0; i < a->nbuckets; i++) {
		if (b->cyclic && a->buckets[i].cyclic && !bucket_expired(&a->buckets[i], now)) {
			snprintf(err, errlen, "buckets: the account already has a cyclic ticket");
			return -EBUSY;
		}
		if (at == a->nbuckets && a->buckets[i].kind > b->kind)
			at = i;
	}
	memmove(&a->buckets[at + 1], &a->buckets[at], (a->nbuckets - at) * sizeof(a->buckets[0]));
	a->buckets[at] = *b;
	a->nbuckets++;
	return 0;
}

void account_first_login(struct account *a, const struct plan *p, const struct tz *zone,
			 int64_t now)
{
	if (a->first_login)
		return;
	a->first_login = now;
	if (p->validity.mode == VALIDITY_FROM_FIRST_USE || p->validity.mode == VALIDITY_END_OF_DAY)
		a->use_until = validity_end(&p->validity, zone, a->created, now);
}

void account_suspend(struct account *a)
{
	a->status = ACCOUNT_SUSPENDED;
}

void account_resume(struct account *a)
{
	a->status = ACCOUNT_ACTIVE;
}

bool account_refill(struct account *a, const struct tz *zone, int64_t now)
{
	bool changed = false;

	for (uint32_t i = 0; i < a->nbuckets; i++)
		changed |= bucket_refill(&a->buckets[i], zone, now);
	return changed;
}

int account_bucket_in_use(const struct account *a, int64_t now)
{
	for (uint32_t i = 0; i < a->nbuckets; i++)
		if (bucket_usable(&a->buckets[i], now))
			return (int)i;
	return -1;
}

static int64_t topped(int64_t left, int64_t amount, bool overwrite)
{
	if (left == BUCKET_UNLIMITED)
		return left;
	if (overwrite)
		return amount;
	return left > INT64_MAX - amount ? INT64_MAX : left + amount;
}

int account_topup(struct account *a, const struct topup *t, const struct tz *zone, int64_t now,
		  char *err, size_t errlen)
{
	int i = t->bucket;

	if (t->time_amount < 0 || t->data_amount < 0) {
		snprintf(err, errlen, "%s: must not be negative",
			 t->time_amount < 0 ? "time_amount" : "data_amount");
		return -EINVAL;
	}
	if (i < 0)
		for (uint32_t k = 0; k < a->nbuckets && i < 0; k++)
			if (a->buckets[k].kind == BUCKET_PAID)
				i = (int)k;
	if ((t->time_amount || t->data_amount) && (i < 0 || (uint32_t)i >= a->nbuckets)) {
		snprintf(err, errlen, "bucket: the account has no such bucket");
		return -ENOENT;
	}
	if (i >= 0 && (uint32_t)i < a->nbuckets) {
		struct bucket *b = &a->buckets[i];

		if (t->time_amount)
			b->time_left = topped(b->time_left, t->time_amount, t->overwrite);
		if (t->data_amount)
			b->data_left = topped(b->data_left, t->data_amount, t->overwrite);
	}
	if (t->extend.unit != DURATION_NONE && t->extend.count) {
		int64_t from = a->use_until > now ? a->use_until : now;
		int64_t until = duration_add(&t->extend, zone, from);

		/* An account with no end has nothing to extend. */
		if (a->use_until)
			a->use_until = until;
		if (a->valid_until && !a->first_login)
			a->valid_until = duration_add(&t->extend, zone,
						      a->valid_until > now ? a->valid_until : now);
		for (uint32_t k = 0; k < a->nbuckets; k++)
			if (a->buckets[k].valid_until && !a->buckets[k].cyclic)
				a->buckets[k].valid_until = until;
	}
	return 0;
}

int64_t account_validity_end(const struct account *a)
{
	return a->first_login ? a->use_until : a->valid_until;
}

int64_t account_purge_at(const struct account *a)
{
	int64_t end = account_validity_end(a);

	return end ? end + a->purge_delay : 0;
}
