#include "billing/bucket.h"

#include <errno.h>

bool bucket_depleted(const struct bucket *b)
{
	return (bucket_limits_time(b) && b->time_left <= 0) ||
	       (bucket_limits_data(b) && b->data_left <= 0);
}

bool bucket_expired(const struct bucket *b, int64_t now)
{
	return b->valid_until && now >= b->valid_until;
}

bool bucket_usable(const struct bucket *b, int64_t now)
{
	return !bucket_depleted(b) && !bucket_expired(b, now) && !(b->valid_from && now < b->valid_from);
}

static int64_t refill_value(int64_t left, int64_t amount, enum refill_mode mode, int64_t times)
{
	int64_t add;

	if (amount == BUCKET_UNLIMITED || left == BUCKET_UNLIMITED)
		return amount == BUCKET_UNLIMITED ? BUCKET_UNLIMITED : (mode == REFILL_OVERWRITE ? amount : left);
	if (mode == REFILL_OVERWRITE)
		return amount;
	if (__builtin_mul_overflow(amount, times, &add) || __builtin_add_overflow(left, add, &left))
		return INT64_MAX;
	return left;
}

bool bucket_refill(struct bucket *b, const struct tz *zone, int64_t now)
{
	struct bucket_refill *r = &b->refill;
	struct period_span span;
	int64_t upto;

	if (r->mode == REFILL_NONE || period_at(&r->period, r->anchor, zone, now, &span) < 0)
		return false;
	upto = span.index;
	if (r->last_index >= 0 && upto > r->last_index)
		upto = r->last_index;
	if (upto <= r->applied_index)
		return false;
	b->time_left = refill_value(b->time_left, r->time_amount, r->mode, upto - r->applied_index);
	b->data_left = refill_value(b->data_left, r->data_amount, r->mode, upto - r->applied_index);
	r->applied_index = upto;
	return true;
}

int64_t bucket_next_refill(const struct bucket *b, const struct tz *zone, int64_t now)
{
	const struct bucket_refill *r = &b->refill;
	struct period_span span;

	if (r->mode == REFILL_NONE || period_at(&r->period, r->anchor, zone, now, &span) < 0)
		return 0;
	if (r->last_index >= 0 && span.index + 1 > r->last_index)
		return 0;
	return span.end;
}

int bucket_from_plan(const struct plan *p, const struct tz *zone, int64_t start, int64_t id,
		     struct bucket *out)
{
	int64_t time = plan_limits_time(p) ? p->time_amount : BUCKET_UNLIMITED;
	int64_t data = plan_limits_data(p) ? p->data_amount : BUCKET_UNLIMITED;

	if (p->payment != PLAN_PREPAID)
		return -EINVAL;
	*out = (struct bucket){
		.id = id,
		.kind = p->price || p->cyclic.price_per_cycle ? BUCKET_PAID : BUCKET_FREE,
		.plan_id = p->id,
		.plan_version = p->version,
		.time_left = time,
		.data_left = data,
		.refill = { .mode = REFILL_NONE, .last_index = -1 },
	};
	if (plan_is_cyclic(p)) {
		struct period cycle = {
			.unit = p->cyclic.unit,
			.count = 1,
			.aligned = p->cyclic.unit == PERIOD_MONTH,
		};

		out->cyclic = true;
		out->refill = (struct bucket_refill){
			.mode = REFILL_OVERWRITE,
			.period = cycle,
			.anchor = start,
			.time_amount = time,
			.data_amount = data,
			.applied_index = 0,
			.last_index = plan_cycles(p) - 1,
		};
		out->valid_until = period_boundary(&cycle, start, zone, plan_cycles(p));
	}
	return 0;
}

void bucket_take(struct bucket *b, int64_t seconds, int64_t bytes)
{
	if (bucket_limits_time(b))
		b->time_left = seconds >= b->time_left ? 0 : b->time_left - seconds;
	if (bucket_limits_data(b))
		b->data_left = bytes >= b->data_left ? 0 : b->data_left - bytes;
}
