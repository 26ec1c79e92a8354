/* Retransmission policy of the RADIUS client: how long to wait for an
 * answer, how often to resend to one server, how long a silent server is
 * left alone. Back-off as in RFC 5080 §2.2.1 (the wait doubles up to a cap),
 * without its random jitter: the state machine stays deterministic, and a
 * gateway's few requests per second do not synchronise into storms. */
#ifndef SPOTGATE_RADIUS_CLIENT_RETRY_H
#define SPOTGATE_RADIUS_CLIENT_RETRY_H

#include <stdint.h>

/* More back-off steps than this keep the last step's wait. */
#define RADIUS_RETRY_MAX_STEPS 16

struct radius_retry_policy {
	uint32_t initial_timeout_ms;	/* wait after the first send to a server */
	uint32_t max_timeout_ms;	/* the wait doubles up to this */
	uint32_t max_tries;		/* sends to one server before failing over (>= 1) */
	uint32_t dead_time_ms;		/* hold-down of a server that left a request unanswered */
};

/* 1 s, 2 s, 4 s on each server: a portal login learns within ~14 s that
 * both central servers are gone, and a 30 s hold-down spares the logins that
 * follow the wait on a server known to be down. */
#define RADIUS_RETRY_DEFAULT_INITIAL_MS 1000
#define RADIUS_RETRY_DEFAULT_MAX_MS     8000
#define RADIUS_RETRY_DEFAULT_TRIES      3
#define RADIUS_RETRY_DEFAULT_DEAD_MS    30000

/* Zero fields take the defaults above; max_timeout_ms is raised to
 * initial_timeout_ms when it is lower. */
void radius_retry_policy_fill(struct radius_retry_policy *p);

/* The wait after send number `tries` (1-based) to one server:
 * initial << (tries - 1), at most max_timeout_ms. */
uint32_t radius_retry_wait(const struct radius_retry_policy *p, unsigned tries);

#endif
