#include "billing/authorize.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const reason_names[] = {
	[BILLING_OK] = "ok",
	[BILLING_SUSPENDED] = "suspended",
	[BILLING_NOT_YET_VALID] = "not-yet-valid",
	[BILLING_EXPIRED] = "expired",
	[BILLING_DEPLETED] = "depleted",
	[BILLING_FAIR_USE] = "fair-use",
	[BILLING_TOO_MANY_DEVICES] = "too-many-devices",
	[BILLING_SESSION_TIMEOUT] = "session-timeout",
};

const char *billing_reason_name(enum billing_reason reason)
{
	if ((unsigned)reason < sizeof(reason_names) / sizeof(reason_names[0]))
		return reason_names[reason];
	return "unknown";
}

static int reject(struct auth_decision *out, enum billing_reason reason, int64_t retry_at,
		  const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int reject(struct auth_decision *out, enum billing_reason reason, int64_t retry_at,
		  const char *fmt, ...)
{
	va_list ap;

	out->accept = false;
	out->reason = reason;
	out->retry_at = retry_at;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof(out->message), fmt, ap);
	va_end(ap);
	return 0;
}

/* "2024-07-01 00:00" in the location's time. */
static const char *local_text(const struct tz *zone, int64_t t, char *buf, size_t len)
{
	struct civil c;

	tz_to_local(zone, t, &c);
	snprintf(buf, len, "%04d-%02u-%02u %02u:%02u", (int)c.year, c.month, c.day, c.hour, c.minute);
	return buf;
}

/* Why no bucket is usable: one will become valid later, all are spent, or
 * all have expired. */
static int reject_no_bucket(const struct account *a, const struct tz *zone, int64_t now,
			    struct auth_decision *out)
{
	char when[32];
	int64_t soonest = 0;
	bool any_left = false;

	for (uint32_t i = 0; i < a->nbuckets; i++) {
		const struct bucket *b = &a->buckets[i];

		if (b->valid_from > now && !bucket_depleted(b) && (!soonest || b->valid_from < soonest))
			soonest = b->valid_from;
		if (!bucket_expired(b, now) && !bucket_depleted(b))
			any_left = true;
	}
	if (soonest)
		return reject(out, BILLING_NOT_YET_VALID, soonest, "Your ticket can be used from %s.",
			      local_text(zone, soonest, when, sizeof(when)));
	if (!any_left && a->nbuckets) {
		bool all_expired = true;

		for (uint32_t i = 0; i < a->nbuckets; i++)
			if (!bucket_expired(&a->buckets[i], now))
				all_expired = false;
		if (all_expired)
			return reject(out, BILLING_EXPIRED, 0, "Your ticket has expired.");
	}
	return reject(out, BILLING_DEPLETED, 0, "Your time or data allowance is used up.");
}

int billing_authorize(struct account *a, const struct plan *p, const struct tz *zone,
		      const struct device_request *dev, int64_t now, struct auth_decision *out)
{
	struct account next = *a;
	char when[32];
	int64_t reset_at;

	*out = (struct auth_decision){ 0 };
	if (a->status == ACCOUNT_SUSPENDED)
		return reject(out, BILLING_SUSPENDED, 0,
			      "This account is suspended. Please ask at the front desk.");
	if (!a->first_login) {
		if (a->valid_from && now < a->valid_from)
			return reject(out, BILLING_NOT_YET_VALID, a->valid_from,
				      "Your ticket can be used from %s.",
				      local_text(zone, a->valid_from, when, sizeof(when)));
		if (a->valid_until && now >= a->valid_until)
			return reject(out, BILLING_EXPIRED, 0,
				      "Your ticket had to be used before %s.",
				      local_text(zone, a->valid_until, when, sizeof(when)));
	}
	account_first_login(&next, p, zone, now);
	account_refill(&next, zone, now);
	if (next.use_until && now >= next.use_until)
		return reject(out, BILLING_EXPIRED, 0, "Your ticket expired at %s.",
			      local_text(zone, next.use_until, when, sizeof(when)));
	if (account_bucket_in_use(&next, now) < 0 &&
	    !(p->payment == PLAN_POSTPAID && next.nbuckets == 0))
		return reject_no_bucket(&next, zone, now, out);
	switch (fairuse_status(&p->fairuse, &next.fairuse, zone, now, &reset_at)) {
	case FAIRUSE_BLOCKED:
		return reject(out, BILLING_FAIR_USE, reset_at,
			      "You have reached the fair-use limit until %s.",
			      local_text(zone, reset_at, when, sizeof(when)));
	case FAIRUSE_THROTTLED:
		out->limits.throttled = true;
		break;
	case FAIRUSE_NORMAL:
		break;
	}
	if (p->max_devices && dev && dev->sessions_online >= p->max_devices)
		return reject(out, BILLING_TOO_MANY_DEVICES, 0,
			      "This ticket is already in use on %u device%s; log out on one first.",
			      dev->sessions_online, dev->sessions_online == 1 ? "" : "s");

	*a = next;
	out->accept = true;
	out->reason = BILLING_OK;
	limits_compute(a, p, zone, now, out->limits.throttled, now, &out->limits);
	return 0;
}
