/* The RADIUS client on a real h2o evloop against tiny UDP responders on
 * 127.0.0.1 in this process. Responders verify every request with their own
 * secret, answer selected ones and ignore others, so the client has to
 * retransmit, fail over, drop forgeries and give up. Timeouts are tens of
 * milliseconds; only generous upper bounds are put on wall-clock time. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "radius/radius.h"
#include "radius_client/client.h"

#define WAIT_LIMIT_MS 5000	/* no test comes near this; it only stops a hang */

/* short, with room for a loaded machine (ASan, parallel builds) to answer in time */
static const struct radius_retry_policy fast = {
	.initial_timeout_ms = 40,
	.max_timeout_ms = 160,
	.max_tries = 3,
	.dead_time_ms = 10000,	/* longer than any test: a dead server stays dead */
};

/* --- a UDP server that answers what it is told to --------------------- */

struct responder {
	h2o_socket_t *sock;
	char address[64];
	const char *secret;
	unsigned ignore;	/* requests left unanswered before answering */
	bool silent;		/* never answer */
	bool forge_next;	/* sign the next answer with a wrong secret */
	bool no_ma;		/* answer Access-Requests without Message-Authenticator */
	uint8_t reply_code;	/* 0: the usual positive answer */
	uint32_t error_cause;	/* added to the answer when not 0 */
	unsigned received;	/* datagrams */
	unsigned verified;	/* requests that verified with `secret` */
	unsigned answered;
	bool retransmits_identical;	/* every repeat of an Identifier carried the same octets */
	char password[RADIUS_PASSWORD_MAX + 1];	/* User-Password of the last Access-Request */
	uint8_t last[RADIUS_MAX_LEN];
	size_t last_len;
};

static uint8_t positive_answer(uint8_t request)
{
	switch (request) {
	case RADIUS_ACCESS_REQUEST:
		return RADIUS_ACCESS_ACCEPT;
	case RADIUS_DISCONNECT_REQUEST:
		return RADIUS_DISCONNECT_ACK;
	case RADIUS_COA_REQUEST:
		return RADIUS_COA_ACK;
	default:
		return RADIUS_ACCOUNTING_RESPONSE;
	}
}

/* An Access-Accept signed the pre-RFC 3579 way: Response Authenticator only. */
static int accept_without_ma(const struct radius_packet *req, const char *secret, uint8_t *out)
{
	static const uint8_t attrs[] = { RADIUS_ATTR_SESSION_TIMEOUT, 6, 0, 0, 0x0e, 0x10 };
	uint16_t len = RADIUS_HDR_LEN + sizeof(attrs);
	uint8_t auth[RADIUS_AUTH_LEN];

	out[0] = RADIUS_ACCESS_ACCEPT;
	out[1] = req->id;
	out[2] = (uint8_t)(len >> 8);
	out[3] = (uint8_t)len;
	memcpy(out + RADIUS_HDR_LEN, attrs, sizeof(attrs));
	assert_int_equal(radius_authenticator_compute(out, len, req->authenticator, secret, strlen(secret),
						      auth), 0);
	memcpy(out + 4, auth, RADIUS_AUTH_LEN);
	return len;
}

static void respond(struct responder *r, int fd, const uint8_t *buf, size_t n, struct sockaddr_storage *src,
		    socklen_t srclen)
{
	uint8_t out[RADIUS_MAX_LEN];
	struct radius_packet req;
	struct radius_builder b;
	size_t pwlen;
	int len;

	r->received++;
	if (radius_decode(buf, n, &req) != 0 ||
	    radius_verify_request(&req, r->secret, strlen(r->secret), RADIUS_REQUIRE_MA) != 0)
		return;
	r->verified++;
	if (r->last_len && r->last[1] == req.id && (r->last_len != n || memcmp(r->last, buf, n)))
		r->retransmits_identical = false;
	memcpy(r->last, buf, n);
	r->last_len = n;
	if (req.code == RADIUS_ACCESS_REQUEST)
		radius_get_user_password(&req, r->secret, strlen(r->secret), r->password, &pwlen);
	if (r->silent)
		return;
	if (r->ignore) {
		r->ignore--;
		return;
	}

	if (r->no_ma && req.code == RADIUS_ACCESS_REQUEST) {
		len = accept_without_ma(&req, r->secret, out);
	} else {
		radius_reply_init(&b, out, sizeof(out), r->reply_code ? r->reply_code : positive_answer(req.code),
				  &req);
		if (out[0] == RADIUS_ACCESS_ACCEPT)
			radius_add_u32(&b, RADIUS_ATTR_SESSION_TIMEOUT, 3600);
		if (r->error_cause)
			radius_add_u32(&b, RADIUS_ATTR_ERROR_CAUSE, r->error_cause);
		if (r->forge_next) {
			r->forge_next = false;
			len = radius_finish(&b, "forger", 6);
		} else {
			len = radius_finish(&b, r->secret, strlen(r->secret));
		}
	}
	assert_true(len > 0);
	assert_true(sendto(fd, out, (size_t)len, 0, (struct sockaddr *)src, srclen) == len);
	r->answered++;
}

static void on_responder_readable(h2o_socket_t *sock, const char *err)
{
	struct responder *r = sock->data;
	int fd = h2o_socket_get_fd(sock);
	uint8_t buf[RADIUS_MAX_LEN];

	if (err)
		return;
	for (;;) {
		struct sockaddr_storage src;
		socklen_t srclen = sizeof(src);
		ssize_t n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&src, &srclen);

		if (n < 0)
			break;
		respond(r, fd, buf, (size_t)n, &src, srclen);
	}
}

/* A port on 127.0.0.1 nobody listens on: sends there draw ICMP port unreachable. */
static void closed_port(char *address, size_t size)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, len), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	snprintf(address, size, "127.0.0.1:%u", ntohs(sin.sin_port));
}

static void responder_open(struct responder *r, h2o_evloop_t *loop, const char *secret)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	memset(r, 0, sizeof(*r));
	r->secret = secret;
	r->retransmits_identical = true;
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, len), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	snprintf(r->address, sizeof(r->address), "127.0.0.1:%u", ntohs(sin.sin_port));
	r->sock = h2o_evloop_socket_create(loop, fd, H2O_SOCKET_FLAG_DONT_READ);
	r->sock->data = r;
	h2o_socket_read_start(r->sock, on_responder_readable);
}

/* --- fixture ----------------------------------------------------------- */

struct fixture {
	h2o_evloop_t *loop;
	struct radius_client_timers timers;
	struct responder primary, secondary;
	struct radius_client *client;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->loop = h2o_evloop_create();
	radius_client_timers_init(&f->timers, f->loop);
	responder_open(&f->primary, f->loop, "primary-secret");
	responder_open(&f->secondary, f->loop, "secondary-secret");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	radius_client_destroy(f->client);
	radius_client_timers_dispose(&f->timers);
	h2o_socket_close(f->primary.sock);
	h2o_socket_close(f->secondary.sock);
	h2o_evloop_run(f->loop, 0);	/* lets h2o free the closed sockets */
	h2o_evloop_destroy(f->loop);
	free(f);
	return 0;
}

static void client_for(struct fixture *f, const char *primary, const char *secondary)
{
	struct radius_client_config cfg = {
		.server = {
			{ .address = primary, .secret = f->primary.secret },
			{ .address = secondary, .secret = f->secondary.secret },
		},
		.retry = fast,
	};
	char err[128];

	assert_int_equal(radius_client_create(&f->timers, &cfg, &f->client, err, sizeof(err)), 0);
	/* h2o timers count from the loop's cached time, which is as old as the
	 * last iteration: refresh it, or a 40 ms wait may have run out already */
	h2o_evloop_run(f->loop, 0);
}

static int64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* --- one request and what became of it --------------------------------- */

struct call {
	uint8_t code;		/* what the builder makes */
	int calls;		/* times done ran */
	int builds;		/* times the builder ran */
	int status;
	uint8_t reply_code;
	unsigned server, sends;
	uint32_t error_cause;
	uint32_t session_timeout;
};

static int build(void *ctx, struct radius_builder *b, const void *secret, size_t secret_len)
{
	struct call *c = ctx;
	static const char rate[] = "1M/4M";

	c->builds++;
	radius_add_string(b, RADIUS_ATTR_USER_NAME, "alice");
	switch (c->code) {
	case RADIUS_ACCESS_REQUEST:
		radius_add_user_password(b, "hunter2", 7, secret, secret_len);
		break;
	case RADIUS_ACCOUNTING_REQUEST:
		radius_add_u32(b, RADIUS_ATTR_ACCT_STATUS_TYPE, 1);
		radius_add_string(b, RADIUS_ATTR_ACCT_SESSION_ID, "5f3a0001");
		break;
	case RADIUS_COA_REQUEST:
		radius_add_vsa(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, rate, sizeof(rate) - 1);
		break;
	default:
		radius_add_string(b, RADIUS_ATTR_ACCT_SESSION_ID, "5f3a0001");
		break;
	}
	return 0;
}

static int build_fails(void *ctx, struct radius_builder *b, const void *secret, size_t secret_len)
{
	(void)ctx, (void)b, (void)secret, (void)secret_len;
	return -E2BIG;
}

static void done(void *ctx, const struct radius_client_result *res)
{
	struct call *c = ctx;

	c->calls++;
	c->status = res->status;
	c->server = res->server;
	c->sends = res->sends;
	c->error_cause = res->error_cause;
	if (res->reply) {
		c->reply_code = res->reply->code;
		radius_get_u32(res->reply, 0, RADIUS_ATTR_SESSION_TIMEOUT, &c->session_timeout);
	}
}

static void wait_for(struct fixture *f, const struct call *c)
{
	int64_t start = mono_ms();

	while (!c->calls && mono_ms() - start < WAIT_LIMIT_MS)
		h2o_evloop_run(f->loop, 10);
	assert_int_equal(c->calls, 1);
}

/* Runs the loop a little longer, so that a second callback or a stray
 * retransmission would show. */
static void linger(struct fixture *f, int ms)
{
	int64_t start = mono_ms();

	while (mono_ms() - start < ms)
		h2o_evloop_run(f->loop, 5);
}

static void send_one(struct fixture *f, struct call *c, uint8_t code)
{
	c->code = code;
	assert_int_equal(radius_client_send(f->client, code, build, done, c, NULL), 0);
	wait_for(f, c);
}

/* --- tests ------------------------------------------------------------- */

static void test_access_accept_first_try(void **state)
{
	struct fixture *f = *state;
	struct call c = { 0 };

	client_for(f, f->primary.address, f->secondary.address);
	send_one(f, &c, RADIUS_ACCESS_REQUEST);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.reply_code, RADIUS_ACCESS_ACCEPT);
	assert_int_equal(c.session_timeout, 3600);
	assert_int_equal(c.server, 0);
	assert_int_equal(c.sends, 1);
	assert_string_equal(f->primary.password, "hunter2");	/* hidden with the right secret */
	linger(f, 60);
	assert_int_equal(c.calls, 1);
	assert_int_equal(f->primary.received, 1);
	assert_int_equal(radius_client_get_stats(f->client)->answered, 1);
	assert_int_equal(radius_client_get_stats(f->client)->retransmits, 0);
}

static void test_retransmits_until_answered(void **state)
{
	struct fixture *f = *state;
	struct call c = { 0 };

	f->primary.ignore = 2;
	client_for(f, f->primary.address, f->secondary.address);
	send_one(f, &c, RADIUS_ACCOUNTING_REQUEST);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.reply_code, RADIUS_ACCOUNTING_RESPONSE);
	assert_int_equal(c.sends, 3);
	assert_int_equal(c.server, 0);
	assert_int_equal(c.builds, 1);	/* retransmissions resend, they do not rebuild */
	assert_int_equal(f->primary.verified, 3);
	assert_true(f->primary.retransmits_identical);
	assert_int_equal(f->secondary.received, 0);
	assert_int_equal(radius_client_get_stats(f->client)->retransmits, 2);
}

static void test_failover_and_hold_down(void **state)
{
	struct fixture *f = *state;
	struct call c = { 0 }, next = { 0 };

	f->primary.silent = true;
	client_for(f, f->primary.address, f->secondary.address);
	send_one(f, &c, RADIUS_ACCESS_REQUEST);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.reply_code, RADIUS_ACCESS_ACCEPT);
	assert_int_equal(c.server, 1);
	assert_int_equal(c.sends, 4);
	assert_int_equal(c.builds, 2);		/* rebuilt for the secondary's secret */
	assert_int_equal(f->primary.verified, 3);
	assert_int_equal(f->secondary.verified, 1);
	assert_string_equal(f->secondary.password, "hunter2");
	assert_int_equal(radius_client_get_stats(f->client)->failovers, 1);

	/* the primary is in hold-down: the next request goes straight to the secondary */
	assert_int_equal(radius_client_preferred(f->client), 1);
	send_one(f, &next, RADIUS_ACCOUNTING_REQUEST);
	assert_int_equal(next.status, 0);
	assert_int_equal(next.server, 1);
	assert_int_equal(next.sends, 1);
	assert_int_equal(f->primary.received, 3);
}

static void test_timeout_everywhere(void **state)
{
	struct fixture *f = *state;
	struct call c = { 0 };
	int64_t start = mono_ms();

	f->primary.silent = f->secondary.silent = true;
	client_for(f, f->primary.address, f->secondary.address);
	send_one(f, &c, RADIUS_ACCOUNTING_REQUEST);
	assert_int_equal(c.status, -ETIMEDOUT);
	assert_int_equal(c.sends, 6);
	assert_int_equal(f->primary.verified, 3);
	assert_int_equal(f->secondary.verified, 3);
	/* 2 x (40 + 80 + 160) ms of waiting; only a lower bound, the timers never fire early */
	assert_true(mono_ms() - start >= 500);
	linger(f, 100);
	assert_int_equal(c.calls, 1);
	assert_int_equal(f->primary.received + f->secondary.received, 6);
	assert_int_equal(radius_client_get_stats(f->client)->timeouts, 1);
}

static void test_refused_primary_fails_over(void **state)
{
	struct fixture *f = *state;
	char nobody[64];
	struct call c = { 0 };

	closed_port(nobody, sizeof(nobody));
	client_for(f, nobody, f->secondary.address);
	send_one(f, &c, RADIUS_ACCOUNTING_REQUEST);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.server, 1);
	assert_int_equal(f->secondary.verified, 1);
}

static void test_forged_answer_ignored(void **state)
{
	struct fixture *f = *state;
	struct call c = { 0 };

	f->primary.forge_next = true;
	client_for(f, f->primary.address, NULL);
	send_one(f, &c, RADIUS_ACCOUNTING_REQUEST);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.sends, 2);	/* the forgery did not end the request */
	assert_int_equal(f->primary.answered, 2);
	assert_int_equal(radius_client_get_stats(f->client)->dropped, 1);
}

/* BlastRADIUS: by default an Access-Accept without Message-Authenticator
 * never counts as an answer; allow_no_message_authenticator lets it in. */
static void test_accept_without_message_authenticator(void **state)
{
	struct fixture *f = *state;
	struct radius_client_config cfg = {
		.server = { { .address = f->primary.address, .secret = f->primary.secret,
			      .allow_no_message_authenticator = true } },
		.retry = fast,
	};
	struct call strict = { 0 }, lax = { 0 };
	char err[128];

	f->primary.no_ma = true;
	client_for(f, f->primary.address, NULL);
	send_one(f, &strict, RADIUS_ACCESS_REQUEST);
	assert_int_equal(strict.status, -ETIMEDOUT);
	assert_int_equal(f->primary.answered, 3);
	assert_int_equal(radius_client_get_stats(f->client)->dropped, 3);

	radius_client_destroy(f->client);
	assert_int_equal(radius_client_create(&f->timers, &cfg, &f->client, err, sizeof(err)), 0);
	h2o_evloop_run(f->loop, 0);
	send_one(f, &lax, RADIUS_ACCESS_REQUEST);
	assert_int_equal(lax.status, 0);
	assert_int_equal(lax.session_timeout, 3600);
}

/* RFC 5176 to a NAS: a one-server pool on its CoA port; a finished packet
 * (any Identifier, any secret) re-signed; the NAK's Error-Cause reported. */
static void test_disconnect_nak_with_error_cause(void **state)
{
	struct fixture *f = *state;
	uint8_t pkt[RADIUS_MAX_LEN];
	struct radius_builder b;
	struct call c = { 0 };
	int len;

	f->primary.ignore = 1;
	f->primary.reply_code = RADIUS_DISCONNECT_NAK;
	f->primary.error_cause = RADIUS_ERR_SESSION_NOT_FOUND;
	client_for(f, f->primary.address, NULL);

	radius_request_init(&b, pkt, sizeof(pkt), RADIUS_DISCONNECT_REQUEST, 77, NULL);
	radius_add_message_authenticator(&b);
	radius_add_string(&b, RADIUS_ATTR_USER_NAME, "alice");
	radius_add_string(&b, RADIUS_ATTR_ACCT_SESSION_ID, "5f3a0001");
	len = radius_finish(&b, "whatever", 8);
	assert_true(len > 0);
	assert_int_equal(radius_client_send_packet(f->client, pkt, (size_t)len, done, &c, NULL), 0);
	wait_for(f, &c);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.reply_code, RADIUS_DISCONNECT_NAK);
	assert_int_equal(c.error_cause, RADIUS_ERR_SESSION_NOT_FOUND);
	assert_int_equal(c.sends, 2);
	assert_int_equal(f->primary.verified, 2);	/* verified with the NAS's secret */
	assert_true(f->primary.retransmits_identical);
}

static void test_coa_ack(void **state)
{
	struct fixture *f = *state;
	struct call c = { 0 };

	client_for(f, f->primary.address, NULL);
	send_one(f, &c, RADIUS_COA_REQUEST);
	assert_int_equal(c.status, 0);
	assert_int_equal(c.reply_code, RADIUS_COA_ACK);
	assert_int_equal(c.error_cause, 0);
}

static void test_cancel_and_destroy(void **state)
{
	struct fixture *f = *state;
	struct radius_client_request *handle = NULL;
	struct call kept = { .code = RADIUS_ACCOUNTING_REQUEST }, cancelled = { .code = RADIUS_ACCOUNTING_REQUEST };

	f->primary.silent = true;
	client_for(f, f->primary.address, NULL);
	assert_int_equal(radius_client_send(f->client, kept.code, build, done, &kept, NULL), 0);
	assert_int_equal(radius_client_send(f->client, cancelled.code, build, done, &cancelled, &handle), 0);
	assert_non_null(handle);
	linger(f, 30);
	radius_client_cancel(handle);
	linger(f, 60);
	assert_int_equal(kept.calls, 0);
	radius_client_destroy(f->client);
	f->client = NULL;
	assert_int_equal(kept.calls, 1);
	assert_int_equal(kept.status, -ECANCELED);
	assert_int_equal(cancelled.calls, 0);
}

/* The one-off Disconnect pattern: the done callback destroys the client.
 * Requests still outstanding end with -ECANCELED and cannot send anew. */
struct one_off {
	struct call call;		/* first: build() takes the same ctx as a struct call */
	struct radius_client **slot;	/* the fixture's pointer, cleared on destroy */
	struct radius_client *client;	/* the client the request went to */
	int resend_rc;		/* what a send from a -ECANCELED callback got */
};

static void done_and_destroy(void *ctx, const struct radius_client_result *res)
{
	struct one_off *o = ctx;

	done(&o->call, res);
	radius_client_destroy(o->client);
	*o->slot = NULL;
}

static void done_and_resend(void *ctx, const struct radius_client_result *res)
{
	struct one_off *o = ctx;

	done(&o->call, res);
	o->resend_rc = radius_client_send(o->client, RADIUS_ACCOUNTING_REQUEST, build, done, &o->call, NULL);
}

static void test_destroy_from_callback(void **state)
{
	struct fixture *f = *state;
	struct one_off answered = { .slot = &f->client, .call.code = RADIUS_DISCONNECT_REQUEST };
	struct one_off pending = { .slot = &f->client, .call.code = RADIUS_ACCOUNTING_REQUEST };

	f->secondary.silent = true;	/* holds the second request open */
	client_for(f, f->primary.address, NULL);
	answered.client = f->client;
	assert_int_equal(radius_client_send(f->client, answered.call.code, build, done_and_destroy, &answered,
					    NULL), 0);
	wait_for(f, &answered.call);
	assert_null(f->client);
	assert_int_equal(answered.call.status, 0);
	assert_int_equal(answered.call.reply_code, RADIUS_DISCONNECT_ACK);

	/* destroyed from a timer's callback, with a younger request outstanding */
	client_for(f, f->secondary.address, NULL);
	answered = (struct one_off){ .slot = &f->client, .client = f->client,
				     .call.code = RADIUS_ACCOUNTING_REQUEST };
	pending.client = f->client;
	assert_int_equal(radius_client_send(f->client, answered.call.code, build, done_and_destroy, &answered,
					    NULL), 0);
	linger(f, 30);
	assert_int_equal(radius_client_send(f->client, pending.call.code, build, done_and_resend, &pending,
					    NULL), 0);
	wait_for(f, &answered.call);
	assert_int_equal(answered.call.status, -ETIMEDOUT);
	assert_null(f->client);
	assert_int_equal(pending.call.calls, 1);
	assert_int_equal(pending.call.status, -ECANCELED);
	assert_int_equal(pending.resend_rc, -ESHUTDOWN);
	linger(f, 50);
}

/* 256 Identifiers per server: the 257th request goes to the secondary, the
 * 513th is refused at once. */
static void test_identifier_exhaustion(void **state)
{
	struct fixture *f = *state;
	static struct call calls[2 * 256 + 1];
	unsigned on_primary = 0;

	f->primary.silent = f->secondary.silent = true;
	client_for(f, f->primary.address, f->secondary.address);
	for (int i = 0; i < 2 * 256; i++) {
		calls[i] = (struct call){ .code = RADIUS_ACCOUNTING_REQUEST };
		assert_int_equal(radius_client_send(f->client, calls[i].code, build, done, &calls[i], NULL), 0);
	}
	calls[512] = (struct call){ .code = RADIUS_ACCOUNTING_REQUEST };
	assert_int_equal(radius_client_send(f->client, calls[512].code, build, done, &calls[512], NULL),
			 -EBUSY);
	radius_client_destroy(f->client);
	f->client = NULL;
	for (int i = 0; i < 2 * 256; i++) {
		assert_int_equal(calls[i].calls, 1);
		assert_int_equal(calls[i].status, -ECANCELED);
		on_primary += calls[i].server == 0;
	}
	assert_int_equal(on_primary, 256);
	assert_int_equal(calls[512].calls, 0);
}

static void test_refusals(void **state)
{
	struct fixture *f = *state;
	struct radius_client_config cfg = { .server = { { .address = "not-an-address", .secret = "s" } } };
	struct radius_client *c = NULL;
	struct radius_client_timers timers;
	static const uint8_t pap[] = {	/* RFC 2865 §7.1: carries User-Password */
		0x01, 0x00, 0x00, 0x38, 0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57, 0xbd, 0x83,
		0xd5, 0xcb, 0x98, 0xf4, 0x22, 0x7a, 0x01, 0x06, 0x6e, 0x65, 0x6d, 0x6f, 0x02, 0x12,
		0x0d, 0xbe, 0x70, 0x8d, 0x93, 0xd4, 0x13, 0xce, 0x31, 0x96, 0xe4, 0x3f, 0x78, 0x2a,
		0x0a, 0xee, 0x04, 0x06, 0xc0, 0xa8, 0x01, 0x10, 0x05, 0x06, 0x00, 0x00, 0x00, 0x03,
	};
	struct call call = { 0 };
	char err[128] = "";

	assert_int_equal(radius_client_create(&f->timers, &cfg, &c, err, sizeof(err)), -EINVAL);
	assert_null(c);
	assert_non_null(strstr(err, "not-an-address"));
	cfg.server[0].address = NULL;
	assert_int_equal(radius_client_create(&f->timers, &cfg, &c, err, sizeof(err)), -EINVAL);
	cfg.server[0].address = f->primary.address;
	cfg.server[0].secret = "";
	assert_int_equal(radius_client_create(&f->timers, &cfg, &c, err, sizeof(err)), -EINVAL);

	/* 16 waits each (doubling 15 times): two fit the shared timers, a third not */
	radius_client_timers_init(&timers, f->loop);
	cfg.server[0].secret = "s";
	cfg.retry = (struct radius_retry_policy){ .max_timeout_ms = 1u << 20, .max_tries = 16 };
	for (unsigned k = 0; k < 3; k++) {
		cfg.retry.initial_timeout_ms = 1 + 2 * k;
		assert_int_equal(radius_client_create(&timers, &cfg, &c, err, sizeof(err)), k < 2 ? 0 : -ENOSPC);
		radius_client_destroy(c);
	}
	radius_client_timers_dispose(&timers);

	client_for(f, f->primary.address, NULL);
	assert_int_equal(radius_client_send(f->client, RADIUS_ACCESS_ACCEPT, build, done, &call, NULL), -EINVAL);
	assert_int_equal(radius_client_send(f->client, RADIUS_ACCOUNTING_REQUEST, build_fails, done, &call, NULL),
			 -E2BIG);
	assert_int_equal(radius_client_send_packet(f->client, pap, sizeof(pap), done, &call, NULL), -EINVAL);
	assert_int_equal(radius_client_send_packet(f->client, pap, 10, done, &call, NULL), -EMSGSIZE);
	linger(f, 30);
	assert_int_equal(call.calls, 0);
	assert_int_equal(f->primary.received, 0);
	assert_int_equal(radius_client_get_stats(f->client)->requests, 0);
}

int main(void)
{
	uint8_t warm[RADIUS_AUTH_LEN];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_access_accept_first_try, setup, teardown),
		cmocka_unit_test_setup_teardown(test_retransmits_until_answered, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failover_and_hold_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refused_primary_fails_over, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forged_answer_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accept_without_message_authenticator, setup, teardown),
		cmocka_unit_test_setup_teardown(test_disconnect_nak_with_error_cause, setup, teardown),
		cmocka_unit_test_setup_teardown(test_coa_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel_and_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_from_callback, setup, teardown),
		cmocka_unit_test_setup_teardown(test_identifier_exhaustion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
	};

	/* OpenSSL seeds its generator on first use (~10 ms under ASan): not
	 * inside the first test's first wait */
	radius_random_authenticator(warm);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
