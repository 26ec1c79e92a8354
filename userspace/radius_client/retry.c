#include "radius_client/retry.h"

void radius_retry_policy_fill(struct radius_retry_policy *p)
{
	if (!p->initial_timeout_ms)
		p->initial_timeout_ms = RADIUS_RETRY_DEFAULT_INITIAL_MS;
	if (!p->max_timeout_ms)
		p->max_timeout_ms = RADIUS_RETRY_DEFAULT_MAX_MS;
	if (p->max_timeout_ms < p->initial_timeout_ms)
		p->max_timeout_ms = p->initial_timeout_ms;
	if (!p->max_tries)
		p->max_tries = RADIUS_RETRY_DEFAULT_TRIES;
	if (!p->dead_time_ms)
		p->dead_time_ms = RADIUS_RETRY_DEFAULT_DEAD_MS;
}

uint32_t radius_retry_wait(const struct radius_retry_policy *p, unsigned tries)
{
	unsigned shift = tries ? tries - 1 : 0;
	uint64_t wait;

	if (shift > RADIUS_RETRY_MAX_STEPS - 1)
		shift = RADIUS_RETRY_MAX_STEPS - 1;
	/* 64 bits: initial << 15 must not wrap before the cap applies */
	wait = (uint64_t)p->initial_timeout_ms << shift;
	return wait > p->max_timeout_ms ? p->max_timeout_ms : (uint32_t)wait;
}
