#include "radius_client/pool.h"

#include <errno.h>
#include <string.h>

void radius_pool_init(struct radius_pool *pool, const struct radius_retry_policy *policy)
{
	memset(pool, 0, sizeof(*pool));
	if (policy)
		pool->policy = *policy;
	radius_retry_policy_fill(&pool->policy);
}

int radius_pool_add(struct radius_pool *pool, const void *secret, size_t secret_len,
		    unsigned verify_flags)
{
	struct radius_pool_server *s;

	if (!secret || !secret_len || secret_len > RADIUS_SECRET_MAX)
		return -EINVAL;
	if (pool->n >= RADIUS_POOL_MAX)
		return -ENOSPC;
	s = &pool->server[pool->n];
	*s = (struct radius_pool_server){
		.secret_len = secret_len,
		.verify_flags = verify_flags,
		.last_answer_ms = -1,
	};
	memcpy(s->secret, secret, secret_len);
	radius_ids_init(&s->ids);
	return (int)pool->n++;
}

bool radius_pool_alive(const struct radius_pool *pool, unsigned server, int64_t now_ms)
{
	return server < pool->n && now_ms >= pool->server[server].dead_until_ms;
}

int radius_pool_pick(const struct radius_pool *pool, unsigned tried, int64_t now_ms)
{
	int soonest = -1;
	bool busy = false;

	for (unsigned i = 0; i < pool->n; i++) {
		const struct radius_pool_server *s = &pool->server[i];

		if (tried & (1u << i))
			continue;
		if (radius_ids_full(&s->ids)) {
			busy = true;
			continue;
		}
		if (radius_pool_alive(pool, i, now_ms))
			return (int)i;
		if (soonest < 0 || s->dead_until_ms < pool->server[soonest].dead_until_ms)
			soonest = (int)i;
	}
	if (soonest >= 0)
		return soonest;
	return busy ? -EBUSY : -ENOENT;
}

void radius_pool_failed(struct radius_pool *pool, unsigned server, int64_t since_ms, int64_t now_ms)
{
	struct radius_pool_server *s;

	if (server >= pool->n)
		return;
	s = &pool->server[server];
	if (s->last_answer_ms >= since_ms)
		return;
	s->dead_until_ms = now_ms + pool->policy.dead_time_ms;
}

void radius_pool_answered(struct radius_pool *pool, unsigned server, int64_t now_ms)
{
	if (server >= pool->n)
		return;
	pool->server[server].last_answer_ms = now_ms;
	pool->server[server].dead_until_ms = 0;
}
