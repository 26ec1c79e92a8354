/* The servers a RADIUS client talks to: a primary and an optional secondary
 * (remote AAA), or one NAS's CoA port (Disconnect/CoA). Each has its secret,
 * its Identifiers and its liveness. Pure: times are the caller's now_ms.
 *
 * A server that leaves a request unanswered through all its retransmissions
 * is dead for the policy's hold-down, unless it answered something else
 * meanwhile (one lost request does not condemn a server that is plainly up).
 * New requests prefer live servers in configured order; when every server is
 * dead they still go out, to the one whose hold-down ends first: a request
 * that waits beats one refused without trying, and a server may be back
 * early. Any authentic answer brings a server back at once. */
#ifndef SPOTGATE_RADIUS_CLIENT_POOL_H
#define SPOTGATE_RADIUS_CLIENT_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "radius_client/ids.h"
#include "radius_client/retry.h"

#define RADIUS_POOL_MAX   2
#define RADIUS_SECRET_MAX 128

struct radius_pool_server {
	uint8_t secret[RADIUS_SECRET_MAX];
	size_t secret_len;
	unsigned verify_flags;		/* radius_verify_reply() flags, e.g. RADIUS_REQUIRE_MA */
	int64_t dead_until_ms;		/* in hold-down while now < this */
	int64_t last_answer_ms;		/* last authentic answer, -1 never */
	struct radius_ids ids;
};

struct radius_pool {
	struct radius_retry_policy policy;
	unsigned n;
	struct radius_pool_server server[RADIUS_POOL_MAX];
};

/* An empty pool; `policy` may be NULL, zero fields take the defaults. */
void radius_pool_init(struct radius_pool *pool, const struct radius_retry_policy *policy);
/* Adds a server; returns its index, -ENOSPC when the pool is full, -EINVAL
 * for an empty or over-long secret. */
int radius_pool_add(struct radius_pool *pool, const void *secret, size_t secret_len,
		    unsigned verify_flags);

bool radius_pool_alive(const struct radius_pool *pool, unsigned server, int64_t now_ms);

/* The server for a request that has given up on those in `tried` (bit i =
 * server i), following the preference above and skipping servers without a
 * free Identifier. -ENOENT when every server is tried, -EBUSY when the only
 * ones left have no free Identifier. */
int radius_pool_pick(const struct radius_pool *pool, unsigned tried, int64_t now_ms);

/* A request sent to `server` first at `since_ms` went unanswered: dead until
 * now + hold-down, unless the server answered at or after `since_ms`. */
void radius_pool_failed(struct radius_pool *pool, unsigned server, int64_t since_ms, int64_t now_ms);
/* An authentic answer came from `server`: alive. */
void radius_pool_answered(struct radius_pool *pool, unsigned server, int64_t now_ms);

#endif
