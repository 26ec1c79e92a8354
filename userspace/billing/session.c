#include "billing/session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

struct usage_ctx {
	struct account *a;
	const struct plan *p;
	const struct tz *zone;
	struct session *s;
	struct usage_result *out;
	bool unmetered; /* postpaid without a quota: nothing to take from */
};

static void open_stretch(struct session *s, const struct account *a, const struct plan *p,
			 int64_t at)
{
	s->open = (struct usage_record){
		.session_id = s->id,
		.account_id = s->account_id,
		.plan_id = p->id,
		.plan_version = p->version,
		.bucket_id = s->bucket >= 0 ? a->buckets[s->bucket].id : 0,
		.rate = s->rate,
		.start = at,
		.stop = at,
	};
	snprintf(s->open.currency, sizeof(s->open.currency), "%s", p->currency);
}

/* What the open stretch costs at its rate, start cost aside. */
static int64_t stretch_rating(const struct session *s, const struct plan *p)
{
	struct rate r;
	int64_t charge = 0;

	if (p->payment != PLAN_POSTPAID)
		return 0;
	rating_rate(&p->rate, p->schedules, p->nschedules, s->open.rate, &r);
	if (rating_charge(&r, s->open.seconds, s->open.bytes_up + s->open.bytes_down, &charge) < 0)
		return INT64_MAX; /* absurd usage; saturate rather than wrap */
	return charge;
}

static bool stretch_empty(const struct usage_record *r)
{
	return !r->seconds && !r->bytes_up && !r->bytes_down && !r->charge;
}

/* Closes the open stretch at `at` into out->records. False when there is
 * no room, in which case the stretch stays open. */
static bool close_stretch(struct usage_ctx *c, enum cdr_cause cause, int64_t at)
{
	struct session *s = c->s;

	if (stretch_empty(&s->open))
		return true;
	if (c->out->nrecords >= USAGE_MAX_RECORDS)
		return false;
	s->open.charge += stretch_rating(s, c->p);
	s->open.stop = at;
	s->open.cause = cause;
	s->charge += s->open.charge;
	c->out->records[c->out->nrecords++] = s->open;
	return true;
}

static void set_rate(struct usage_ctx *c, int rate, int64_t at)
{
	struct session *s = c->s;

	if (rate == s->rate || !close_stretch(c, CDR_RATE_SWITCH, at))
		return;
	s->rate = rate;
	open_stretch(s, c->a, c->p, at);
	c->out->actions |= USAGE_SWITCH_RATE;
}

static void set_bucket(struct usage_ctx *c, int bucket, int64_t at)
{
	struct session *s = c->s;

	if (bucket == s->bucket || !close_stretch(c, CDR_BUCKET_SWITCH, at))
		return;
	s->bucket = bucket;
	open_stretch(s, c->a, c->p, at);
	c->out->actions |= USAGE_SWITCH_BUCKET;
}

static void add_usage(struct session *s, int64_t at, int64_t seconds, int64_t up, int64_t down)
{
	s->open.seconds += seconds;
	s->open.bytes_up += up;
	s->open.bytes_down += down;
	s->open.stop = at + seconds;
	s->seconds += seconds;
	s->bytes_up += up;
	s->bytes_down += down;
}

/* Takes one slice's usage from the buckets, first usable first; where a
 * bucket runs out part-way, the slice is split in the proportion that
 * exhausts its binding dimension and the rest flows to the next bucket. */
static void take(struct usage_ctx *c, int64_t at, int64_t sec, int64_t up, int64_t down)
{
	while (sec > 0 || up + down > 0) {
		int bi = account_bucket_in_use(c->a, at);
		struct bucket *b;
		__int128 num = 1, den = 1;
		bool bind_t = false, bind_d = false;
		int64_t bytes = up + down, ps, pu, pd;

		if (bi >= 0)
			set_bucket(c, bi, at);
		if (bi < 0) {
			add_usage(c->s, at, sec, up, down);
			if (!c->unmetered) {
				c->out->overage_seconds += sec;
				c->out->overage_bytes += bytes;
			}
			return;
		}
		b = &c->a->buckets[bi];
		if (bucket_limits_time(b) && sec > b->time_left) {
			num = b->time_left;
			den = sec;
			bind_t = true;
		}
		if (bucket_limits_data(b) && bytes > b->data_left) {
			__int128 lhs = (__int128)b->data_left * den, rhs = num * bytes;

			if (lhs <= rhs) {
				bind_t = lhs == rhs && bind_t;
				bind_d = true;
				num = b->data_left;
				den = bytes;
			}
		}
		if (!bind_t && !bind_d) {
			bucket_take(b, sec, bytes);
			add_usage(c->s, at, sec, up, down);
			return;
		}
		ps = bind_t ? b->time_left : (int64_t)(sec * num / den);
		pu = (int64_t)(up * num / den);
		pd = (int64_t)(down * num / den);
		if (bind_d) {
			/* The two floors may leave a byte; give the bucket exactly. */
			pd = b->data_left - pu;
			if (pd > down) {
				pd = down;
				pu = b->data_left - pd;
			}
		}
		bucket_take(b, ps, pu + pd);
		if (bind_t)
			b->time_left = 0;
		if (bind_d)
			b->data_left = 0;
		add_usage(c->s, at, ps, pu, pd);
		at += ps;
		sec -= ps;
		up -= pu;
		down -= pd;
	}
}

static int64_t sooner(int64_t t, int64_t cur, int64_t cand)
{
	return cand > t && cand < cur ? cand : cur;
}

/* The next instant after t, up to `end`, at which the rules change. */
static int64_t next_boundary(const struct usage_ctx *c, int64_t t, int64_t end)
{
	const struct plan *p = c->p;
	struct period_span span;
	int64_t next = end;

	next = sooner(t, next, rating_next_switch(p->schedules, p->nschedules, c->zone, t));
	next = sooner(t, next, c->a->use_until);
	for (uint32_t i = 0; i < c->a->nbuckets; i++) {
		const struct bucket *b = &c->a->buckets[i];

		next = sooner(t, next, bucket_next_refill(b, c->zone, t));
		next = sooner(t, next, b->valid_until);
		next = sooner(t, next, b->valid_from);
	}
	if (p->fairuse.action != FAIRUSE_OFF &&
	    period_at(&p->fairuse.period, c->a->fairuse.anchor, c->zone, t, &span) == 0)
		next = sooner(t, next, span.end);
	return next;
}

static uint64_t pro_rata(uint64_t total, int64_t part, int64_t whole)
{
	if (whole <= 0)
		return total;
	return (uint64_t)((unsigned __int128)total * (uint64_t)part / (uint64_t)whole);
}

static void cut_off(struct usage_result *out, enum billing_reason reason, enum stop_cause cause,
		    const char *message)
{
	if (out->actions & USAGE_CUT_OFF)
		return; /* the first reason found stands */
	out->actions |= USAGE_CUT_OFF;
	out->reason = reason;
	out->stop_cause = cause;
	snprintf(out->message, sizeof(out->message), "%s", message);
}

static void check_cut_off(struct usage_ctx *c, int64_t now)
{
	struct account *a = c->a;
	bool all_expired = a->nbuckets > 0;

	if (a->status == ACCOUNT_SUSPENDED)
		cut_off(c->out, BILLING_SUSPENDED, STOP_SUSPENDED, "This account is suspended.");
	if (a->use_until && now >= a->use_until)
		cut_off(c->out, BILLING_EXPIRED, STOP_EXPIRED, "Your ticket has expired.");
	if (c->p->session_timeout && now - c->s->started >= c->p->session_timeout)
		cut_off(c->out, BILLING_SESSION_TIMEOUT, STOP_SESSION_TIMEOUT,
			"Your session has reached its time limit; log in again to continue.");
	if (c->unmetered || account_bucket_in_use(a, now) >= 0)
		return;
	for (uint32_t i = 0; i < a->nbuckets; i++)
		if (!bucket_expired(&a->buckets[i], now))
			all_expired = false;
	if (all_expired)
		cut_off(c->out, BILLING_EXPIRED, STOP_EXPIRED, "Your ticket has expired.");
	else
		cut_off(c->out, BILLING_DEPLETED, STOP_DEPLETED, "Your time or data allowance is used up.");
}

void session_open(struct session *s, const struct account *a, const struct plan *p,
		  const struct auth_decision *d, int64_t id, int64_t now)
{
	*s = (struct session){
		.id = id,
		.account_id = a->id,
		.started = now,
		.last = now,
		.bucket = d->limits.bucket,
		.rate = d->limits.rate,
		.throttled = d->limits.throttled,
	};
	open_stretch(s, a, p, now);
	if (p->payment == PLAN_POSTPAID)
		s->open.charge = p->start_cost;
}

int account_usage(struct account *a, const struct plan *p, const struct tz *zone,
		  struct session *s, uint64_t bytes_up, uint64_t bytes_down, int64_t seconds,
		  int64_t now, struct usage_result *out)
{
	struct usage_ctx c = {
		.a = a, .p = p, .zone = zone, .s = s, .out = out,
		.unmetered = p->payment == PLAN_POSTPAID && a->nbuckets == 0,
	};
	int64_t t0, t;
	uint64_t up_done = 0, down_done = 0;
	int64_t reset_at;
	enum fairuse_status fu;
	int bi;

	*out = (struct usage_result){ .reason = BILLING_OK };
	if (seconds < 0 || now < s->last || bytes_up > INT64_MAX / 4 || bytes_down > INT64_MAX / 4)
		return -EINVAL;
	t0 = now - seconds < s->last ? s->last : now - seconds; /* never count twice */
	t = t0;
	do {
		int64_t next = next_boundary(&c, t, now);
		uint64_t up_to = pro_rata(bytes_up, next - t0, now - t0);
		uint64_t down_to = pro_rata(bytes_down, next - t0, now - t0);
		int64_t up = (int64_t)(up_to - up_done), down = (int64_t)(down_to - down_done);

		if (account_refill(a, zone, t))
			out->actions |= USAGE_REFILL;
		set_rate(&c, rating_index_at(p->schedules, p->nschedules, zone, t), t);
		take(&c, t, next - t, up, down);
		fairuse_account(&p->fairuse, &a->fairuse, zone, up + down, t, &reset_at);
		up_done = up_to;
		down_done = down_to;
		t = next;
	} while (t < now);

	/* The rules in force from now on. */
	if (account_refill(a, zone, now))
		out->actions |= USAGE_REFILL;
	set_rate(&c, rating_index_at(p->schedules, p->nschedules, zone, now), now);
	bi = account_bucket_in_use(a, now);
	if (bi >= 0)
		set_bucket(&c, bi, now);
	s->last = now;

	fu = fairuse_status(&p->fairuse, &a->fairuse, zone, now, &reset_at);
	if ((fu == FAIRUSE_THROTTLED) != s->throttled) {
		s->throttled = fu == FAIRUSE_THROTTLED;
		out->actions |= s->throttled ? USAGE_THROTTLE : USAGE_UNTHROTTLE;
	}
	check_cut_off(&c, now);
	if (fu == FAIRUSE_BLOCKED)
		cut_off(out, BILLING_FAIR_USE, STOP_FAIR_USE, "You have reached the fair-use limit.");

	out->charge = s->charge + s->open.charge + stretch_rating(s, p);
	limits_compute(a, p, zone, s->started, s->throttled, now, &out->limits);
	return 0;
}

int session_close(struct account *a, const struct plan *p, struct session *s,
		  enum stop_cause cause, int64_t now, struct usage_record *record)
{
	int64_t total;

	if (now < s->last)
		return -EINVAL;
	*record = s->open;
	record->charge += stretch_rating(s, p);
	record->stop = now;
	record->cause = CDR_STOP;
	record->stop_cause = cause;
	total = s->charge + record->charge;
	if (p->payment == PLAN_POSTPAID && total < p->min_charge)
		record->charge += p->min_charge - total; /* the top-up to the minimum */
	s->charge += record->charge;
	s->last = now;
	memset(&s->open, 0, sizeof(s->open));
	if (p->payment != PLAN_POSTPAID)
		return 0;
	return postpaid_post(&a->ledger, s->started, now, s->seconds, s->bytes_up + s->bytes_down,
			     s->charge);
}
