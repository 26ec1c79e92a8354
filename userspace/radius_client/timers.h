/* The retransmission timers every RADIUS client on one event loop shares:
 * one h2o timeout per distinct wait (an h2o timeout has a single duration).
 * They live as long as the loop, as h2o_context_t's timeouts do, not as long
 * as a client: h2o walks its timeouts while it runs their callbacks, so a
 * client freed from such a callback must not take a timeout with it. Sharing
 * also keeps a client per NAS (Disconnect/CoA) cheap. */
#ifndef SPOTGATE_RADIUS_CLIENT_TIMERS_H
#define SPOTGATE_RADIUS_CLIENT_TIMERS_H

#include <h2o.h>
#include <stdint.h>

/* A policy uses at most log2(max/initial) + 1 waits: room for several. */
#define RADIUS_CLIENT_TIMER_WAITS 32

struct radius_client_timers {
	h2o_evloop_t *loop;
	unsigned n;
	h2o_timeout_t waits[RADIUS_CLIENT_TIMER_WAITS];
};

void radius_client_timers_init(struct radius_client_timers *t, h2o_evloop_t *loop);
/* The timeout of `ms`, made on first use; NULL when all are taken by other waits. */
h2o_timeout_t *radius_client_timers_get(struct radius_client_timers *t, uint32_t ms);
/* After every client using them is destroyed. */
void radius_client_timers_dispose(struct radius_client_timers *t);

#endif
