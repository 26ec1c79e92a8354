/* The RADIUS server on the daemon's event loop: UDP sockets for
 * authentication (1812) and accounting (1813). For every datagram, in order:
 * decode with strict length checks, find the NAS by source address (unknown
 * ones are dropped silently and counted), verify the authenticators with the
 * NAS's BlastRADIUS policy, answer duplicates from the RFC 5080 reply cache,
 * answer Status-Server (RFC 5997), and hand everything else to the handlers.
 * Replies get the request's Proxy-State attributes in order and are signed
 * with the NAS's secret here, so handlers only choose code and attributes. */
#ifndef SPOTGATE_RADIUSD_SERVER_H
#define SPOTGATE_RADIUSD_SERVER_H

#include <h2o.h>
#include <stdint.h>
#include <sys/socket.h>

#include "app/app.h"
#include "radius/radius.h"
#include "radiusd/nas_table.h"
#include "radiusd/reply_cache.h"

/* Requests by what they ask and what became of them, for
 * spotgate_radius_requests_total{code, result}. */
enum radius_request_kind { RADIUS_KIND_ACCESS, RADIUS_KIND_ACCOUNTING, RADIUS_KIND_STATUS, RADIUS_KIND_OTHER,
			   RADIUS_KINDS };
enum radius_outcome { RADIUS_OUT_ACCEPTED, RADIUS_OUT_REJECTED, RADIUS_OUT_ANSWERED, RADIUS_OUT_DROPPED,
		      RADIUS_OUT_DUPLICATE, RADIUS_OUTCOMES };

struct radius_stats {
	uint64_t requests[RADIUS_KINDS][RADIUS_OUTCOMES];
	/* guest bytes (Acct-Input/Output-Octets growth) applied to billing */
	uint64_t acct_bytes_up, acct_bytes_down;
	uint64_t received;
	uint64_t malformed;		/* failed decoding: dropped */
	uint64_t unknown_nas;		/* from an address that is no NAS: dropped */
	uint64_t bad_authenticator;	/* failed verification: dropped */
	uint64_t missing_message_authenticator;	/* required but absent: dropped */
	uint64_t wrong_port;		/* e.g. Accounting-Request on the auth port: dropped */
	uint64_t duplicates;		/* answered from the reply cache or still pending */
	uint64_t access_accepts;
	uint64_t access_rejects;
	uint64_t accounting_responses;
	uint64_t status_server;
	uint64_t handler_drops;		/* a handler chose not to answer */
};

/* One request on its way through a handler. */
struct radius_request {
	struct radius_packet pkt;
	const struct nas_client *nas;
	struct sockaddr_storage src;
	socklen_t srclen;
	int fd;				/* the socket it came in on */
};

struct radius_server;
struct radius_batch;
struct radius_rx;

/* A handler builds its reply into b with radius_reply_init(b, buf, size,
 * CODE, &req->pkt) and attributes, and returns 0 to send it, or < 0 to send
 * nothing (the NAS will retry). */
typedef int (*radius_handler)(void *ctx, struct radius_server *srv, const struct radius_request *req,
			      struct radius_builder *b, uint8_t *buf, size_t size);

struct radius_handlers {
	radius_handler access;		/* Access-Request */
	radius_handler accounting;	/* Accounting-Request */
	void *ctx;
};

struct radius_server {
	struct app *app;
	struct radius_handlers handlers;
	h2o_socket_t *auth_sock, *acct_sock;
	struct nas_table nas;
	struct reply_cache cache;
	struct radius_stats stats;
	struct radius_batch *batch;	/* replies waiting for their commit (server.c) */
	struct radius_rx *rx;		/* where a burst of requests is received (server.c) */
};

/* Opens the sockets named in the configuration ([radius] auth_listen,
 * acct_listen). Returns 0 or -errno with a message in err. */
int radius_server_start(struct radius_server *srv, struct app *app,
			const struct radius_handlers *handlers, char *err, size_t errlen);
void radius_server_stop(struct radius_server *srv);

/* The bound address of a socket, for logs and tests ("127.0.0.1:1812"). */
void radius_server_address(const struct radius_server *srv, int acct, char *buf, size_t size);

#endif
