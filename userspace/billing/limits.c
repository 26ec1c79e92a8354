#include "billing/limits.h"

/* Earliest of two instants where 0 means "never". */
static int64_t earliest(int64_t a, int64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

static uint64_t slower(uint64_t a, uint64_t b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

/* The last instant any usable bucket can still be used; 0 = open-ended. */
static int64_t buckets_end(const struct account *a, int64_t now)
{
	int64_t end = -1;

	for (uint32_t i = 0; i < a->nbuckets; i++) {
		const struct bucket *b = &a->buckets[i];

		if (!bucket_usable(b, now))
			continue;
		if (!b->valid_until)
			return 0;
		if (b->valid_until > end)
			end = b->valid_until;
	}
	return end < 0 ? 0 : end;
}

void limits_compute(const struct account *a, const struct plan *p, const struct tz *zone,
		    int64_t started, bool throttled, int64_t now, struct session_limits *out)
{
	int bi = account_bucket_in_use(a, now);
	struct rate rate;
	int64_t reset_at;

	*out = (struct session_limits){
		.seconds_left = LIMIT_NONE,
		.bytes_total_left = LIMIT_NONE,
		.bytes_up_left = LIMIT_NONE,
		.bytes_down_left = LIMIT_NONE,
		.idle_timeout = p->idle_timeout,
		.interim_interval = p->interim_interval ? p->interim_interval : PLAN_DEFAULT_INTERIM,
		.bucket = bi,
		.next_bucket = -1,
		.throttled = throttled,
	};
	out->end_at = earliest(a->use_until, buckets_end(a, now));
	if (p->session_timeout)
		out->end_at = earliest(out->end_at, started + p->session_timeout);
	if (bi >= 0) {
		const struct bucket *b = &a->buckets[bi];

		out->bucket_id = b->id;
		if (bucket_limits_time(b))
			out->seconds_left = b->time_left;
		if (bucket_limits_data(b))
			out->bytes_total_left = b->data_left;
		if (b->valid_until)
			out->recheck_at = b->valid_until;
		for (uint32_t i = (uint32_t)bi + 1; i < a->nbuckets && out->next_bucket < 0; i++)
			if (bucket_usable(&a->buckets[i], now))
				out->next_bucket = (int)i;
	}
	if (out->end_at) {
		int64_t until_end = out->end_at > now ? out->end_at - now : 0;

		if (out->seconds_left == LIMIT_NONE || until_end < out->seconds_left)
			out->seconds_left = until_end;
	}

	out->rate = rating_index_at(p->schedules, p->nschedules, zone, now);
	rating_rate(&p->rate, p->schedules, p->nschedules, out->rate, &rate);
	out->speed_up = rate.speed_up;
	out->speed_down = rate.speed_down;
	if (throttled) {
		out->speed_up = slower(rate.speed_up, p->fairuse.speed_up);
		out->speed_down = slower(rate.speed_down, p->fairuse.speed_down);
	}

	out->recheck_at = earliest(out->recheck_at,
				   rating_next_switch(p->schedules, p->nschedules, zone, now));
	for (uint32_t i = 0; i < a->nbuckets; i++)
		out->recheck_at = earliest(out->recheck_at, bucket_next_refill(&a->buckets[i], zone, now));
	/* Only a throttled session has anything to gain from the reset. */
	if (fairuse_status(&p->fairuse, &a->fairuse, zone, now, &reset_at) != FAIRUSE_NORMAL)
		out->recheck_at = earliest(out->recheck_at, reset_at);
	if (out->end_at && out->recheck_at >= out->end_at)
		out->recheck_at = 0; /* the session ends first */
}
