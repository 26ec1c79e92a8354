#include "billing/fairuse.h"

#include <errno.h>
#include <stdio.h>

enum fairuse_status fairuse_status(const struct fairuse_policy *p, const struct fairuse_state *s,
				   const struct tz *zone, int64_t now, int64_t *reset_at)
{
	struct period_span span;
	int64_t used;

	*reset_at = 0;
	if (p->action == FAIRUSE_OFF || period_at(&p->period, s->anchor, zone, now, &span) < 0)
		return FAIRUSE_NORMAL;
	*reset_at = span.end;
	used = span.index == s->period_index ? s->used_bytes : 0;
	if (used <= p->threshold_bytes)
		return FAIRUSE_NORMAL;
	return p->action == FAIRUSE_BLOCK ? FAIRUSE_BLOCKED : FAIRUSE_THROTTLED;
}

enum fairuse_status fairuse_account(const struct fairuse_policy *p, struct fairuse_state *s,
				    const struct tz *zone, int64_t bytes, int64_t now,
				    int64_t *reset_at)
{
	struct period_span span;

	if (p->action != FAIRUSE_OFF && period_at(&p->period, s->anchor, zone, now, &span) == 0) {
		if (span.index != s->period_index) {
			s->period_index = span.index;
			s->used_bytes = 0;
		}
		s->used_bytes += bytes;
	}
	return fairuse_status(p, s, zone, now, reset_at);
}

int fairuse_validate(const struct fairuse_policy *p, char *err, size_t errlen)
{
	const char *field = NULL, *why = NULL;

	if (p->action == FAIRUSE_OFF)
		return 0;
	if (p->action != FAIRUSE_THROTTLE && p->action != FAIRUSE_BLOCK)
		field = "action", why = "must be throttle or block";
	else if (p->threshold_bytes <= 0)
		field = "threshold_bytes", why = "must be greater than 0";
	else if (p->period.unit <= PERIOD_NONE || p->period.unit > PERIOD_YEAR)
		field = "period", why = "must be day, week, month or year";
	else if (p->period.count == 0)
		field = "period.count", why = "must be at least 1";
	else if (p->action == FAIRUSE_THROTTLE && !p->speed_up && !p->speed_down)
		field = "speed", why = "a throttle needs an upload or download speed";
	if (!field)
		return 0;
	snprintf(err, errlen, "fairuse.%s: %s", field, why);
	return -EINVAL;
}
