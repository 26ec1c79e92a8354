#define _GNU_SOURCE	/* sendmmsg, recvmmsg */
#include "radiusd/server.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/sockaddr.h"
#include "app/group_commit.h"

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void refresh_nas(struct radius_server *srv)
{
	if (srv->nas.generation == srv->app->nas_generation && srv->nas.entries)
		return;
	if (nas_table_load(&srv->nas, srv->app->db, srv->app->nas_generation) != 0)
		log_error("radius", "cannot load NAS clients; keeping the previous table");
}

/* Durable before acknowledged: requests write in the group transaction of
 * the loop's turn (app/group_commit.h), and their replies wait here until it
 * has committed, then leave with one sendmmsg per socket. If the commit
 * fails no reply goes out and the cache forgets them: the NAS retries. A
 * long burst is cut into batches of BATCH_MAX, each its own group: the
 * client gets the first replies while the server works on the next batch.
 * Against radclient with 255 requests in flight, 128 answered 5 % more first
 * uses and 7 % more returning logins a second than 256, and 64 less than
 * 128; batches of 32 cost radclient far more than the earlier replies save. */
#define BATCH_MAX 128

struct batch_reply {
	struct sockaddr_storage dst;
	socklen_t dstlen;
	int fd;
	struct radius_dedup_key key;
	bool cached;		/* stored in the reply cache: forget it on a failed commit */
	uint16_t len;
	uint8_t data[RADIUS_MAX_LEN];
};

struct radius_batch {
	bool waiting;		/* for the group commit */
	unsigned n;
	struct batch_reply replies[BATCH_MAX];
};

/* Requests taken per recvmmsg: one system call for a burst instead of one
 * per request (on this kind of virtual machine a system call costs a few
 * microseconds, a tenth of an interim update). */
#define RX_BURST 32

struct radius_rx {
	struct mmsghdr msgs[RX_BURST];
	struct iovec iov[RX_BURST];
	struct sockaddr_storage src[RX_BURST];
	uint8_t buf[RX_BURST][RADIUS_MAX_LEN + 1];	/* + 1: an overlong datagram shows */
};

/* after the commit: every reply (sendmmsg: one system call per socket run) */
static void batch_done(void *arg, bool committed)
{
	struct radius_server *srv = arg;
	struct radius_batch *b = srv->batch;
	struct mmsghdr msgs[BATCH_MAX];
	struct iovec iov[BATCH_MAX];
	unsigned i = 0;

	b->waiting = false;
	if (!committed) {
		log_error("radius", "commit failed, %u replies withheld", b->n);
		for (unsigned k = 0; k < b->n; k++)
			if (b->replies[k].cached)
				reply_cache_forget(&srv->cache, (struct sockaddr *)&b->replies[k].dst,
						   &b->replies[k].key);
		b->n = 0;
		return;
	}
	log_flush();	/* the lines about these answers are written before them */
	while (i < b->n) {
		unsigned n = 0;
		int fd = b->replies[i].fd, sent;

		/* one socket per call: a burst may mix the auth and acct sockets */
		for (; i + n < b->n && b->replies[i + n].fd == fd; n++) {
			struct batch_reply *r = &b->replies[i + n];

			iov[n] = (struct iovec){ .iov_base = r->data, .iov_len = r->len };
			msgs[n] = (struct mmsghdr){ .msg_hdr = { .msg_name = &r->dst, .msg_namelen = r->dstlen,
								   .msg_iov = &iov[n], .msg_iovlen = 1 } };
		}
		for (unsigned done = 0; done < n; done += (unsigned)sent) {
			sent = sendmmsg(fd, msgs + done, n - done, 0);
			if (sent <= 0) {
				log_warn("radius", "sendmmsg failed error=\"%s\"", strerror(errno));
				break;
			}
		}
		i += n;
	}
	b->n = 0;
}

static void batch_add(struct radius_server *srv, const struct radius_request *req, const uint8_t *reply,
		      size_t len, const struct radius_dedup_key *key, bool cached)
{
	struct radius_batch *b = srv->batch;
	struct batch_reply *r = &b->replies[b->n++];

	memcpy(&r->dst, &req->src, req->srclen);
	r->dstlen = req->srclen;
	r->fd = req->fd;
	r->key = *key;
	r->cached = cached;
	r->len = (uint16_t)len;
	memcpy(r->data, reply, len);
	/* without a group (none could begin) this sends at once: the handler's
	 * own transaction has committed */
	if (!b->waiting) {
		b->waiting = true;
		if (group_commit_after(srv->app->commit, batch_done, srv) != 0)
			batch_done(srv, false);
	}
}

/* the packet as one line with attribute names, at log level debug */
static void log_packet(const char *what, const struct radius_packet *pkt, const struct sockaddr_storage *peer)
{
	char line[2048], addr[64];

	if (log_get_level() > LOG_DEBUG)
		return;
	radius_format(pkt, line, sizeof(line));
	sockaddr_format((const struct sockaddr *)peer, addr, sizeof(addr));
	log_debug("radius", "%s %s=%s %s", what, what[0] == 'r' ? "from" : "to", addr, line);
}

static int answer_status_server(struct radius_server *srv, const struct radius_request *req, int acct,
				struct radius_builder *b, uint8_t *buf, size_t size)
{
	srv->stats.status_server++;
	/* RFC 5997 §3: Access-Accept on the auth port, Accounting-Response on
	 * acct, both signed with Message-Authenticator */
	if (!acct)
		return radius_reply_init(b, buf, size, RADIUS_ACCESS_ACCEPT, &req->pkt);
	radius_reply_init(b, buf, size, RADIUS_ACCOUNTING_RESPONSE, &req->pkt);
	return radius_add_message_authenticator(b);
}

static enum radius_outcome count_reply(struct radius_server *srv, uint8_t request, uint8_t code)
{
	if (code == RADIUS_ACCESS_ACCEPT)
		srv->stats.access_accepts++;
	else if (code == RADIUS_ACCESS_REJECT)
		srv->stats.access_rejects++;
	else if (code == RADIUS_ACCOUNTING_RESPONSE)
		srv->stats.accounting_responses++;
	if (request == RADIUS_ACCESS_REQUEST && code == RADIUS_ACCESS_ACCEPT)
		return RADIUS_OUT_ACCEPTED;
	return code == RADIUS_ACCESS_REJECT ? RADIUS_OUT_REJECTED : RADIUS_OUT_ANSWERED;
}

/* spotgate_radius_requests_total: code 0 is a datagram that did not decode */
static void count_request(struct radius_server *srv, uint8_t code, enum radius_outcome outcome)
{
	enum radius_request_kind kind = RADIUS_KIND_OTHER;

	if (code == RADIUS_ACCESS_REQUEST)
		kind = RADIUS_KIND_ACCESS;
	else if (code == RADIUS_ACCOUNTING_REQUEST)
		kind = RADIUS_KIND_ACCOUNTING;
	else if (code == RADIUS_STATUS_SERVER)
		kind = RADIUS_KIND_STATUS;
	srv->stats.requests[kind][outcome]++;
}

/* what became of the request: answered (and how), dropped, or a duplicate */
static enum radius_outcome handle_datagram(struct radius_server *srv, struct radius_request *req,
					   const uint8_t *data, size_t size, int acct)
{
	uint8_t out[RADIUS_MAX_LEN];
	struct radius_builder b;
	struct radius_dedup_key key;
	const uint8_t *cached;
	uint16_t cached_len;
	unsigned flags = 0;
	enum radius_outcome outcome;
	int rc, len;

	srv->stats.received++;
	if (radius_decode(data, size, &req->pkt) != 0) {
		srv->stats.malformed++;
		req->pkt.code = 0;
		return RADIUS_OUT_DROPPED;
	}
	refresh_nas(srv);
	req->nas = nas_table_match(&srv->nas, (struct sockaddr *)&req->src);
	if (!req->nas) {
		char from[64];

		srv->stats.unknown_nas++;
		sockaddr_format((struct sockaddr *)&req->src, from, sizeof(from));
		log_debug("radius", "dropped request from unknown NAS from=%s", from);
		return RADIUS_OUT_DROPPED;
	}
	if (req->nas->require_message_authenticator)
		flags |= RADIUS_REQUIRE_MA;
	if (req->nas->limit_proxy_state)
		flags |= RADIUS_LIMIT_PROXY_STATE;
	rc = radius_verify_request(&req->pkt, req->nas->secret, strlen(req->nas->secret), flags);
	if (rc != 0) {
		if (rc == -ENOENT)
			srv->stats.missing_message_authenticator++;
		else
			srv->stats.bad_authenticator++;
		log_debug("radius", "dropped unverifiable request code=%u id=%u error=%d", req->pkt.code,
			  req->pkt.id, rc);
		return RADIUS_OUT_DROPPED;
	}

	log_packet("received", &req->pkt, &req->src);
	radius_dedup_key(&req->pkt, &key);
	switch (reply_cache_lookup(&srv->cache, (struct sockaddr *)&req->src, &key, now_ms(), &cached,
				   &cached_len)) {
	case CACHE_REPLY:
		srv->stats.duplicates++;
		batch_add(srv, req, cached, cached_len, &key, false);
		return RADIUS_OUT_DUPLICATE;
	case CACHE_PENDING:
		srv->stats.duplicates++;
		return RADIUS_OUT_DUPLICATE;
	case CACHE_MISS:
		break;
	}

	if (req->pkt.code == RADIUS_STATUS_SERVER) {
		rc = answer_status_server(srv, req, acct, &b, out, sizeof(out));
	} else {
		radius_handler handler = NULL;

		if (req->pkt.code == RADIUS_ACCESS_REQUEST && !acct)
			handler = srv->handlers.access;
		else if (req->pkt.code == RADIUS_ACCOUNTING_REQUEST && acct)
			handler = srv->handlers.accounting;
		else
			srv->stats.wrong_port++;	/* e.g. accounting on 1812, or a reply sent to us */
		rc = handler ? handler(srv->handlers.ctx, srv, req, &b, out, sizeof(out)) : -EPROTO;
		if (handler && rc < 0)
			srv->stats.handler_drops++;
	}
	if (rc < 0) {
		reply_cache_forget(&srv->cache, (struct sockaddr *)&req->src, &key);
		return RADIUS_OUT_DROPPED;
	}
	radius_copy_proxy_state(&b, &req->pkt);
	len = radius_finish(&b, req->nas->secret, strlen(req->nas->secret));
	if (len < 0) {
		log_error("radius", "cannot encode reply code=%u error=%d", out[0], len);
		reply_cache_forget(&srv->cache, (struct sockaddr *)&req->src, &key);
		return RADIUS_OUT_DROPPED;
	}
	outcome = count_reply(srv, req->pkt.code, out[0]);
	reply_cache_store(&srv->cache, (struct sockaddr *)&req->src, &key, now_ms(), out, (uint16_t)len);
	if (log_get_level() <= LOG_DEBUG) {
		struct radius_packet reply;

		if (radius_decode(out, (size_t)len, &reply) == 0)
			log_packet("sent", &reply, &req->src);
	}
	batch_add(srv, req, out, (size_t)len, &key, true);
	return outcome;
}

static void on_readable(h2o_socket_t *sock, const char *err, int acct)
{
	struct radius_server *srv = sock->data;
	struct radius_rx *rx = srv->rx;
	int fd = h2o_socket_get_fd(sock);

	if (err)
		return;
	for (;;) {
		unsigned want, room;
		int n;

		if (srv->batch->n == BATCH_MAX)
			group_commit_flush(srv->app->commit);
		room = BATCH_MAX - srv->batch->n;	/* at most one reply per request */
		want = room < RX_BURST ? room : RX_BURST;
		for (unsigned i = 0; i < want; i++) {
			rx->iov[i] = (struct iovec){ .iov_base = rx->buf[i], .iov_len = sizeof(rx->buf[i]) };
			rx->msgs[i].msg_hdr = (struct msghdr){ .msg_name = &rx->src[i], .msg_namelen = sizeof(rx->src[i]),
								.msg_iov = &rx->iov[i], .msg_iovlen = 1 };
		}
		n = recvmmsg(fd, rx->msgs, want, MSG_DONTWAIT, NULL);
		if (n <= 0)
			break;	/* EAGAIN: drained */
		group_commit_join(srv->app->commit);
		for (int i = 0; i < n; i++) {
			struct radius_request req = { .srclen = rx->msgs[i].msg_hdr.msg_namelen, .fd = fd };
			enum radius_outcome outcome;

			memcpy(&req.src, &rx->src[i], sizeof(req.src));
			outcome = handle_datagram(srv, &req, rx->buf[i], rx->msgs[i].msg_len, acct);
			count_request(srv, req.pkt.code, outcome);
		}
		if ((unsigned)n < want)
			break;	/* fewer than asked for: the queue is empty */
	}
	/* the group commits at the end of the loop's turn, then batch_done replies */
}

static void on_auth_readable(h2o_socket_t *sock, const char *err)
{
	on_readable(sock, err, 0);
}

static void on_acct_readable(h2o_socket_t *sock, const char *err)
{
	on_readable(sock, err, 1);
}

static int open_socket(struct radius_server *srv, const char *addr, h2o_socket_cb cb, h2o_socket_t **out,
		       char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rc, size = 4 << 20;

	if (sockaddr_parse(addr, &ss, &len) != 0) {
		snprintf(err, errlen, "%s: not ADDRESS:PORT", addr);
		return -EINVAL;
	}
	fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* bursts from many NAS devices queue in the kernel, not on the wire */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0)
		goto fail;
	*out = h2o_evloop_socket_create(srv->app->loop, fd, H2O_SOCKET_FLAG_DONT_READ);
	(*out)->data = srv;
	h2o_socket_read_start(*out, cb);
	return 0;
fail:
	rc = -errno;
	snprintf(err, errlen, "RADIUS %s: cannot listen: %s", addr, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int radius_server_start(struct radius_server *srv, struct app *app,
			const struct radius_handlers *handlers, char *err, size_t errlen)
{
	const struct config *cfg = &app->cfg;
	int rc;

	memset(srv, 0, sizeof(*srv));
	srv->app = app;
	if (handlers)
		srv->handlers = *handlers;
	srv->batch = calloc(1, sizeof(*srv->batch));
	srv->rx = calloc(1, sizeof(*srv->rx));
	if (!srv->batch || !srv->rx || reply_cache_init(&srv->cache) != 0) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	if (cfg->radius_auth_listen[0]) {
		rc = open_socket(srv, cfg->radius_auth_listen, on_auth_readable, &srv->auth_sock, err, errlen);
		if (rc)
			return rc;
	}
	if (cfg->radius_acct_listen[0]) {
		rc = open_socket(srv, cfg->radius_acct_listen, on_acct_readable, &srv->acct_sock, err, errlen);
		if (rc)
			return rc;
	}
	refresh_nas(srv);
	return 0;
}

void radius_server_stop(struct radius_server *srv)
{
	if (srv->auth_sock)
		h2o_socket_close(srv->auth_sock);
	if (srv->acct_sock)
		h2o_socket_close(srv->acct_sock);
	srv->auth_sock = srv->acct_sock = NULL;
	reply_cache_free(&srv->cache);
	nas_table_free(&srv->nas);
	free(srv->batch);
	free(srv->rx);
	srv->batch = NULL;
	srv->rx = NULL;
}

void radius_server_address(const struct radius_server *srv, int acct, char *buf, size_t size)
{
	h2o_socket_t *sock = acct ? srv->acct_sock : srv->auth_sock;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (!sock || getsockname(h2o_socket_get_fd(sock), (struct sockaddr *)&ss, &len) != 0) {
		snprintf(buf, size, "off");
		return;
	}
	sockaddr_format((struct sockaddr *)&ss, buf, size);
}
