#include "radius_client/txn.h"

#include <errno.h>

#include "radius/auth.h"

/* Takes server `server` with a fresh Identifier for a first send at now. */
static int begin_on(struct radius_txn *t, struct radius_pool *pool, unsigned server, int64_t now_ms)
{
	int id = radius_ids_alloc(&pool->server[server].ids, t);

	if (id < 0)
		return id;
	t->server = (uint8_t)server;
	t->id = (uint8_t)id;
	t->tries = 1;
	t->sends++;
	t->since_ms = now_ms;
	t->wait_ms = radius_retry_wait(&pool->policy, 1);
	t->deadline_ms = now_ms + t->wait_ms;
	t->request = (struct radius_packet){ 0 };
	t->state = RADIUS_TXN_WAITING;
	return RADIUS_TXN_SEND;
}

int radius_txn_start(struct radius_txn *t, struct radius_pool *pool, void *owner, int64_t now_ms)
{
	int server;

	if (!pool->n || !owner)
		return -EINVAL;
	*t = (struct radius_txn){ .owner = owner };
	server = radius_pool_pick(pool, 0, now_ms);
	if (server < 0)
		return -EBUSY;
	return begin_on(t, pool, (unsigned)server, now_ms);
}

int radius_txn_sent(struct radius_txn *t, const void *pkt, size_t len)
{
	return radius_decode(pkt, len, &t->request);
}

enum radius_txn_action radius_txn_expire(struct radius_txn *t, struct radius_pool *pool, int64_t now_ms)
{
	int next;

	if (t->state != RADIUS_TXN_WAITING)
		return RADIUS_TXN_FINISHED;
	if (t->tries < pool->policy.max_tries) {
		t->tries++;
		t->sends++;
		t->wait_ms = radius_retry_wait(&pool->policy, t->tries);
		t->deadline_ms = now_ms + t->wait_ms;
		return RADIUS_TXN_RESEND;
	}

	/* this server stayed silent through every retransmission */
	radius_pool_failed(pool, t->server, t->since_ms, now_ms);
	radius_ids_release(&pool->server[t->server].ids, t->id);
	t->tried |= (uint8_t)(1u << t->server);
	next = radius_pool_pick(pool, t->tried, now_ms);
	if (next >= 0 && begin_on(t, pool, (unsigned)next, now_ms) == RADIUS_TXN_SEND)
		return RADIUS_TXN_SEND;
	t->state = RADIUS_TXN_TIMED_OUT;
	return RADIUS_TXN_FINISHED;
}

struct radius_txn *radius_pool_answer(struct radius_pool *pool, unsigned server, const void *buf,
				      size_t len, int64_t now_ms, struct radius_packet *reply, int *err)
{
	struct radius_pool_server *s;
	struct radius_txn *t;
	int rc;

	*err = radius_decode(buf, len, reply);
	if (*err)
		return NULL;
	if (server >= pool->n) {
		*err = -EINVAL;
		return NULL;
	}
	s = &pool->server[server];
	t = radius_ids_owner(&s->ids, reply->id);
	/* a request not sent yet has no authenticator to check against */
	if (!t || t->state != RADIUS_TXN_WAITING || t->server != server || !t->request.data) {
		*err = -ENOENT;
		return NULL;
	}
	rc = radius_verify_reply(reply, &t->request, s->secret, s->secret_len, s->verify_flags);
	if (rc) {
		*err = rc;
		return NULL;
	}
	radius_ids_release(&s->ids, t->id);
	radius_pool_answered(pool, server, now_ms);
	t->state = RADIUS_TXN_ANSWERED;
	return t;
}

void radius_txn_abort(struct radius_txn *t, struct radius_pool *pool)
{
	if (t->state != RADIUS_TXN_WAITING)
		return;
	if (t->server < pool->n && radius_ids_owner(&pool->server[t->server].ids, t->id) == t)
		radius_ids_release(&pool->server[t->server].ids, t->id);
	t->state = RADIUS_TXN_ABORTED;
}
