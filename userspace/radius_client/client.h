/* The RADIUS client on the daemon's event loop: remote AAA (Access-Request,
 * Accounting-Request to a primary and a secondary server) and RFC 5176
 * Disconnect/CoA to a NAS (a one-server pool: the NAS's address and CoA
 * port). One connected UDP socket per server, so the kernel already filters
 * answers by source and a server's 256 Identifiers belong to its socket.
 * Retransmission, back-off and failover follow txn.h; the timers are the
 * loop's shared h2o timeouts (timers.h). Like every h2o timeout a wait counts
 * from the loop's cached time, the start of the current iteration, so an
 * iteration that runs long shortens the first wait by as much.
 *
 * Callbacks run on the loop. A done callback may send new requests, cancel
 * others, or destroy the client (a one-off Disconnect to a NAS: create, send,
 * destroy in done). Destroying the client ends every outstanding request with
 * -ECANCELED; callbacks run then cannot send (-ESHUTDOWN). */
#ifndef SPOTGATE_RADIUS_CLIENT_CLIENT_H
#define SPOTGATE_RADIUS_CLIENT_CLIENT_H

#include <h2o.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "radius/radius.h"
#include "radius_client/pool.h"
#include "radius_client/retry.h"
#include "radius_client/timers.h"

struct radius_client_server {
	const char *address;		/* "192.0.2.1:1812", "[2001:db8::1]:3799"; NULL/"" = none */
	const char *secret;
	/* accept Access-Accept/Reject/Challenge without Message-Authenticator,
	 * for servers that predate RFC 3579; open to BlastRADIUS (CVE-2024-3596),
	 * so off unless asked for */
	bool allow_no_message_authenticator;
};

struct radius_client_config {
	struct radius_client_server server[RADIUS_POOL_MAX];	/* primary, optional secondary */
	struct radius_retry_policy retry;			/* zero fields: defaults */
};

struct radius_client_result {
	int status;		/* 0 answered, -ETIMEDOUT, -ECANCELED, or the builder's error on failover */
	const struct radius_packet *reply;	/* when answered; valid during the callback only */
	unsigned server;	/* index of the server that answered, or the last one tried */
	unsigned sends;		/* datagrams sent, retransmissions included */
	uint32_t error_cause;	/* Error-Cause of a Disconnect/CoA ACK or NAK (RFC 5176 §3.5), 0 if absent */
};

struct radius_client_stats {
	uint64_t requests;	/* accepted by radius_client_send*() */
	uint64_t sent;		/* datagrams handed to the kernel */
	uint64_t retransmits;
	uint64_t failovers;
	uint64_t answered;
	uint64_t timeouts;
	uint64_t dropped;	/* datagrams that matched no request or did not verify */
	uint64_t send_errors;	/* send() failed; the timer treats it as a lost datagram */
};

struct radius_client;
struct radius_client_request;

/* Adds the request's attributes to b, which is initialised with the code,
 * the Identifier and (Access-Request) a fresh random authenticator for the
 * server whose secret is given (for radius_add_user_password()). Called again
 * for each server the request fails over to. Returns 0 or -errno. */
typedef int (*radius_client_build_cb)(void *ctx, struct radius_builder *b, const void *secret,
				      size_t secret_len);
typedef void (*radius_client_done_cb)(void *ctx, const struct radius_client_result *res);

/* Opens one socket per configured server on the timers' loop. Returns 0 or
 * -errno with a reason in err. */
int radius_client_create(struct radius_client_timers *timers, const struct radius_client_config *cfg,
			 struct radius_client **out, char *err, size_t errlen);
void radius_client_destroy(struct radius_client *c);

/* Sends a request of `code` built by `build`; `done` gets the outcome once,
 * later, on the loop. `ctx` goes to both and must live until done runs.
 * `handle` (may be NULL) receives a handle for radius_client_cancel(), valid
 * until done runs. Returns 0, or -errno with no callback: -EBUSY every
 * server's Identifiers are taken, -EINVAL bad code, -ESHUTDOWN the client is
 * being destroyed, or the builder's error. */
int radius_client_send(struct radius_client *c, uint8_t code, radius_client_build_cb build,
		       radius_client_done_cb done, void *ctx, struct radius_client_request **handle);

/* The same for a finished packet of any Identifier and secret (copied),
 * re-signed for each server as resign.h describes. */
int radius_client_send_packet(struct radius_client *c, const void *pkt, size_t len,
			      radius_client_done_cb done, void *ctx,
			      struct radius_client_request **handle);

/* Forgets a request: no more sends, done is not called. */
void radius_client_cancel(struct radius_client_request *req);

const struct radius_client_stats *radius_client_get_stats(const struct radius_client *c);
/* The index of the server a new request would go to now, or -1. */
int radius_client_preferred(const struct radius_client *c);

#endif
