#include "radius_client/client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/sockaddr.h"
#include "radius_client/resign.h"
#include "radius_client/txn.h"

struct client_socket {
	struct radius_client *client;
	unsigned server;
	h2o_socket_t *sock;
	char address[64];		/* for logs */
};

struct radius_client {
	h2o_evloop_t *loop;
	struct radius_client_timers *timers;
	struct radius_pool pool;
	struct client_socket sockets[RADIUS_POOL_MAX];
	struct radius_client_stats stats;
	unsigned in_callback;		/* done callbacks running now */
	bool closing;			/* destroy asked for: no new requests */
};

struct radius_client_request {
	struct radius_client *client;
	struct radius_txn txn;
	h2o_timeout_entry_t timer;
	uint8_t code;
	radius_client_build_cb build;	/* either this ... */
	uint8_t *tmpl_buf;		/* ... or a packet to re-sign (owned) */
	struct radius_packet tmpl;
	radius_client_done_cb done;
	void *ctx;
	uint16_t len;
	uint8_t packet[RADIUS_MAX_LEN];	/* what went to txn.server */
};

static void request_free(struct radius_client_request *req)
{
	h2o_timeout_unlink(&req->timer);
	free(req->tmpl_buf);
	free(req);
}

static void arm(struct radius_client_request *req)
{
	struct radius_client *c = req->client;
	/* never NULL: create made sure every wait of the policy has its timeout */
	h2o_timeout_t *wait = radius_client_timers_get(c->timers, req->txn.wait_ms);

	h2o_timeout_unlink(&req->timer);
	h2o_timeout_link(c->loop, wait, &req->timer);
}

static void transmit(struct radius_client_request *req)
{
	struct radius_client *c = req->client;
	struct client_socket *cs = &c->sockets[req->txn.server];

	log_flush();	/* what led to this request is written before it goes out */
	/* a lost datagram and a refused send look the same to the retry timer;
	 * ECONNREFUSED here is an earlier ICMP error surfacing */
	if (send(h2o_socket_get_fd(cs->sock), req->packet, req->len, 0) < 0) {
		c->stats.send_errors++;
		log_debug("radius-client", "send failed server=%s error=\"%s\"", cs->address,
			  strerror(errno));
	} else {
		c->stats.sent++;
	}
	arm(req);
}

/* Builds the request for the server and Identifier the state machine chose. */
static int build(struct radius_client_request *req)
{
	const struct radius_pool_server *s = &req->client->pool.server[req->txn.server];
	int len;

	if (req->build) {
		uint8_t auth[RADIUS_AUTH_LEN] = { 0 };
		struct radius_builder b;
		int rc;

		if (radius_code_auth_kind(req->code) == RADIUS_AUTH_RANDOM &&
		    radius_random_authenticator(auth) != 0)
			return -EIO;
		radius_request_init(&b, req->packet, sizeof(req->packet), req->code, req->txn.id, auth);
		rc = req->build(req->ctx, &b, s->secret, s->secret_len);
		if (rc < 0)
			return rc;
		len = radius_finish(&b, s->secret, s->secret_len);
	} else {
		len = radius_request_resign(&req->tmpl, req->txn.id, s->secret, s->secret_len,
					    req->packet, sizeof(req->packet));
	}
	if (len < 0)
		return len;
	req->len = (uint16_t)len;
	return radius_txn_sent(&req->txn, req->packet, req->len);
}

static void finish(struct radius_client_request *req, int status, const struct radius_packet *reply)
{
	struct radius_client_result res = {
		.status = status,
		.reply = reply,
		.server = req->txn.server,
		.sends = req->txn.sends,
	};

	if (reply)
		radius_get_u32(reply, 0, RADIUS_ATTR_ERROR_CAUSE, &res.error_cause);
	h2o_timeout_unlink(&req->timer);
	req->client->in_callback++;
	req->done(req->ctx, &res);
	req->client->in_callback--;
	request_free(req);
}

static void client_free(struct radius_client *c);

/* After a done callback: true when it destroyed the client, which is now gone. */
static bool destroyed_in_callback(struct radius_client *c)
{
	if (!c->closing || c->in_callback)
		return false;
	client_free(c);
	return true;
}

static void on_timer(h2o_timeout_entry_t *entry)
{
	struct radius_client_request *req = H2O_STRUCT_FROM_MEMBER(struct radius_client_request, timer, entry);
	struct radius_client *c = req->client;
	unsigned from = req->txn.server;
	int rc;

	switch (radius_txn_expire(&req->txn, &c->pool, (int64_t)h2o_now(c->loop))) {
	case RADIUS_TXN_RESEND:
		c->stats.retransmits++;
		transmit(req);
		return;
	case RADIUS_TXN_SEND:
		c->stats.failovers++;
		log_info("radius-client", "no answer, failing over from=%s to=%s id=%u",
			 c->sockets[from].address, c->sockets[req->txn.server].address, req->txn.id);
		rc = build(req);
		if (rc < 0) {
			radius_txn_abort(&req->txn, &c->pool);
			finish(req, rc, NULL);
			destroyed_in_callback(c);
			return;
		}
		transmit(req);
		return;
	case RADIUS_TXN_FINISHED:
		c->stats.timeouts++;
		log_info("radius-client", "request timed out code=%u sends=%u", req->code, req->txn.sends);
		finish(req, -ETIMEDOUT, NULL);
		destroyed_in_callback(c);
		return;
	}
}

static void on_readable(h2o_socket_t *sock, const char *err)
{
	struct client_socket *cs = sock->data;
	struct radius_client *c = cs->client;
	int fd = h2o_socket_get_fd(sock);
	uint8_t buf[RADIUS_MAX_LEN + 1];

	if (err)
		return;
	for (;;) {
		struct radius_packet reply;
		struct radius_txn *t;
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		int why;

		if (n < 0) {
			/* an ICMP error from an earlier send is reported once: go on */
			if (errno == ECONNREFUSED || errno == EINTR)
				continue;
			break;	/* EAGAIN: drained */
		}
		t = radius_pool_answer(&c->pool, cs->server, buf, (size_t)n, (int64_t)h2o_now(c->loop),
				       &reply, &why);
		if (!t) {
			c->stats.dropped++;
			log_debug("radius-client", "dropped datagram server=%s error=%d", cs->address, why);
			continue;
		}
		c->stats.answered++;
		finish(t->owner, 0, &reply);
		if (destroyed_in_callback(c))
			return;
	}
}

static int open_socket(struct radius_client *c, unsigned server, const char *address, char *err,
		       size_t errlen)
{
	struct client_socket *cs = &c->sockets[server];
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rc;

	if (sockaddr_parse(address, &ss, &len) != 0) {
		snprintf(err, errlen, "RADIUS server %s: not ADDRESS:PORT", address);
		return -EINVAL;
	}
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	/* connected: the kernel drops datagrams from anyone but the server */
	if (fd < 0 || connect(fd, (struct sockaddr *)&ss, len) != 0) {
		rc = -errno;
		snprintf(err, errlen, "RADIUS server %s: %s", address, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	cs->client = c;
	cs->server = server;
	snprintf(cs->address, sizeof(cs->address), "%s", address);
	cs->sock = h2o_evloop_socket_create(c->loop, fd, H2O_SOCKET_FLAG_DONT_READ);
	cs->sock->data = cs;
	h2o_socket_read_start(cs->sock, on_readable);
	return 0;
}

int radius_client_create(struct radius_client_timers *timers, const struct radius_client_config *cfg,
			 struct radius_client **out, char *err, size_t errlen)
{
	struct radius_client *c;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	c->loop = timers->loop;
	c->timers = timers;
	radius_pool_init(&c->pool, &cfg->retry);
	for (unsigned i = 0; i < RADIUS_POOL_MAX; i++) {
		const struct radius_client_server *s = &cfg->server[i];

		if (!s->address || !s->address[0])
			continue;
		rc = radius_pool_add(&c->pool, s->secret, s->secret ? strlen(s->secret) : 0,
				     s->allow_no_message_authenticator ? 0 : RADIUS_REQUIRE_MA);
		if (rc < 0) {
			snprintf(err, errlen, "RADIUS server %s: secret empty or longer than %d",
				 s->address, RADIUS_SECRET_MAX);
			goto fail;
		}
		rc = open_socket(c, (unsigned)rc, s->address, err, errlen);
		if (rc < 0)
			goto fail;
	}
	if (!c->pool.n) {
		snprintf(err, errlen, "no RADIUS server configured");
		rc = -EINVAL;
		goto fail;
	}
	/* tries never exceed max_tries, and waits stop changing after the last step */
	for (unsigned i = 1; i <= c->pool.policy.max_tries && i <= RADIUS_RETRY_MAX_STEPS; i++) {
		if (!radius_client_timers_get(timers, radius_retry_wait(&c->pool.policy, i))) {
			snprintf(err, errlen, "too many distinct RADIUS retry timeouts");
			rc = -ENOSPC;
			goto fail;
		}
	}
	*out = c;
	return 0;
fail:
	client_free(c);
	return rc;
}

void radius_client_destroy(struct radius_client *c)
{
	if (!c || c->closing)
		return;
	c->closing = true;
	/* from inside a done callback: finished when the callback returns */
	if (!c->in_callback)
		client_free(c);
}

static void client_free(struct radius_client *c)
{
	c->closing = true;
	/* every outstanding request holds an Identifier on its server */
	for (unsigned s = 0; s < c->pool.n; s++) {
		for (unsigned id = 0; id < RADIUS_IDS; id++) {
			struct radius_txn *t = radius_ids_owner(&c->pool.server[s].ids, (uint8_t)id);

			if (!t)
				continue;
			radius_txn_abort(t, &c->pool);
			finish(t->owner, -ECANCELED, NULL);
		}
	}
	for (unsigned i = 0; i < RADIUS_POOL_MAX; i++)
		if (c->sockets[i].sock)
			h2o_socket_close(c->sockets[i].sock);
	free(c);
}

static struct radius_client_request *request_new(struct radius_client *c, radius_client_done_cb done,
						 void *ctx)
{
	struct radius_client_request *req = calloc(1, sizeof(*req));

	if (!req)
		return NULL;
	req->client = c;
	req->done = done;
	req->ctx = ctx;
	req->timer.cb = on_timer;
	return req;
}

/* First send of a request whose code and builder or template are set. */
static int start(struct radius_client_request *req, struct radius_client_request **handle)
{
	struct radius_client *c = req->client;
	int rc = radius_txn_start(&req->txn, &c->pool, req, (int64_t)h2o_now(c->loop));

	if (rc < 0) {
		request_free(req);
		return rc;
	}
	rc = build(req);
	if (rc < 0) {
		radius_txn_abort(&req->txn, &c->pool);
		request_free(req);
		return rc;
	}
	c->stats.requests++;
	transmit(req);
	if (handle)
		*handle = req;
	return 0;
}

int radius_client_send(struct radius_client *c, uint8_t code, radius_client_build_cb build,
		       radius_client_done_cb done, void *ctx, struct radius_client_request **handle)
{
	struct radius_client_request *req;

	if (c->closing)
		return -ESHUTDOWN;
	if (!radius_code_is_request(code) || !build || !done)
		return -EINVAL;
	req = request_new(c, done, ctx);
	if (!req)
		return -ENOMEM;
	req->code = code;
	req->build = build;
	return start(req, handle);
}

int radius_client_send_packet(struct radius_client *c, const void *pkt, size_t len,
			      radius_client_done_cb done, void *ctx,
			      struct radius_client_request **handle)
{
	struct radius_client_request *req;
	struct radius_packet view;
	int rc;

	if (c->closing)
		return -ESHUTDOWN;
	if (!done)
		return -EINVAL;
	rc = radius_decode(pkt, len, &view);
	if (rc)
		return rc;
	rc = radius_request_resignable(&view);
	if (rc)
		return rc;
	req = request_new(c, done, ctx);
	if (!req)
		return -ENOMEM;
	req->tmpl_buf = malloc(view.len);
	if (!req->tmpl_buf) {
		free(req);
		return -ENOMEM;
	}
	memcpy(req->tmpl_buf, pkt, view.len);
	radius_decode(req->tmpl_buf, view.len, &req->tmpl);
	req->code = view.code;
	return start(req, handle);
}

void radius_client_cancel(struct radius_client_request *req)
{
	if (!req)
		return;
	radius_txn_abort(&req->txn, &req->client->pool);
	request_free(req);
}

const struct radius_client_stats *radius_client_get_stats(const struct radius_client *c)
{
	return &c->stats;
}

int radius_client_preferred(const struct radius_client *c)
{
	int s = radius_pool_pick(&c->pool, 0, (int64_t)h2o_now(c->loop));

	return s < 0 ? -1 : s;
}
