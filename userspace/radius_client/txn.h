/* One request's way through the pool: the retransmission and failover state
 * machine. Pure: no sockets, no clock; the I/O edge (client.h) feeds it
 * now_ms and does what it returns.
 *
 *   start   -> SEND to the preferred server with a fresh Identifier
 *   expire  -> RESEND the same octets (same Identifier and authenticator,
 *              RFC 5080 §2.2.1) with the wait doubled, until max_tries;
 *              then SEND to the next server (the silent one is marked dead,
 *              its Identifier released), or FINISHED timed out
 *   answer  -> the reply is matched by (server, Identifier) and verified
 *              with radius_verify_reply(): FINISHED answered
 * Replies that match nothing or do not verify are ignored; the request keeps
 * waiting, so a forged or stale datagram cannot end it. */
#ifndef SPOTGATE_RADIUS_CLIENT_TXN_H
#define SPOTGATE_RADIUS_CLIENT_TXN_H

#include <stddef.h>
#include <stdint.h>

#include "radius/packet.h"
#include "radius_client/pool.h"

enum radius_txn_state {
	RADIUS_TXN_WAITING,	/* sent; an answer or the timer comes next */
	RADIUS_TXN_ANSWERED,
	RADIUS_TXN_TIMED_OUT,	/* every server given up on */
	RADIUS_TXN_ABORTED,
};

/* What the I/O edge does next. */
enum radius_txn_action {
	RADIUS_TXN_SEND,	/* build the request for (server, id), radius_txn_sent(), send, wait wait_ms */
	RADIUS_TXN_RESEND,	/* send the same octets to the same server, wait wait_ms */
	RADIUS_TXN_FINISHED,	/* see state; the Identifier is released */
};

struct radius_txn {
	enum radius_txn_state state;
	uint8_t server;
	uint8_t id;
	uint8_t tried;			/* bit per server given up on */
	unsigned tries;			/* sends to `server` so far */
	unsigned sends;			/* sends to all servers */
	uint32_t wait_ms;		/* the wait running now */
	int64_t deadline_ms;		/* when it runs out */
	int64_t since_ms;		/* first send to `server` */
	struct radius_packet request;	/* what went to `server` (radius_txn_sent) */
	void *owner;			/* the caller's; Identifiers map back to it */
};

/* Picks a server and an Identifier: returns RADIUS_TXN_SEND, or -EBUSY when
 * no server has a free Identifier, -EINVAL for an empty pool or no owner. */
int radius_txn_start(struct radius_txn *t, struct radius_pool *pool, void *owner, int64_t now_ms);

/* Records what was built after a SEND. The packet is not copied: the buffer
 * must stay unchanged until the next SEND or the end. -EBADMSG etc. when the
 * octets do not decode (radius_decode). */
int radius_txn_sent(struct radius_txn *t, const void *pkt, size_t len);

/* The wait ran out (the caller's timer fired at deadline_ms): RESEND, SEND
 * to the next server, or FINISHED (state TIMED_OUT). */
enum radius_txn_action radius_txn_expire(struct radius_txn *t, struct radius_pool *pool, int64_t now_ms);

/* A datagram that arrived from `server`. Returns the request it answers, now
 * ANSWERED with its Identifier released and the server marked alive; *reply
 * is a view over `buf`. NULL for a datagram to drop, with *err:
 *   -EMSGSIZE/-EBADMSG/-EPROTO  does not decode (radius_decode)
 *   -ENOENT                     no request waits on this server with this Identifier
 *   -EPROTO/-EACCES/-ENOENT     radius_verify_reply() refused it (wrong code,
 *                               forged authenticator, missing Message-Authenticator) */
struct radius_txn *radius_pool_answer(struct radius_pool *pool, unsigned server, const void *buf,
				      size_t len, int64_t now_ms, struct radius_packet *reply, int *err);

/* Ends a request early (cancelled, or its packet could not be built). */
void radius_txn_abort(struct radius_txn *t, struct radius_pool *pool);

#endif
