/* The RADIUS client's retransmission and failover state machine, without
 * sockets or clock: one table row per path (answer on the first try, after
 * retransmissions, failover, both servers dead, hold-down expiry, replies
 * that must be ignored), plus Identifier allocation and exhaustion.
 * Requests and replies are real packets built with the codec, so matching
 * goes through radius_verify_reply() with each server's own secret. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "radius/radius.h"
#include "radius_client/ids.h"
#include "radius_client/pool.h"
#include "radius_client/retry.h"
#include "radius_client/txn.h"

static const char *const secrets[RADIUS_POOL_MAX] = { "primary-secret", "secondary-secret" };

/* initial 100 ms, doubling to 400, 3 tries per server, 1 s hold-down */
static const struct radius_retry_policy test_policy = {
	.initial_timeout_ms = 100,
	.max_timeout_ms = 400,
	.max_tries = 3,
	.dead_time_ms = 1000,
};

enum event {
	EV_END,
	EV_START,	/* start request `req` at `at` */
	EV_EXPIRE,	/* its timer runs out (at its deadline) */
	EV_ANSWER,	/* an authentic answer from its current server */
	EV_FORGED,	/* an answer signed with the wrong secret */
	EV_WRONG_ID,	/* an authentic-looking answer with another Identifier */
	EV_WRONG_CODE,	/* Access-Accept to an Accounting-Request */
	EV_OTHER_SERVER,/* its answer arriving on the other server's socket */
	EV_STALE,	/* an answer to what it sent to `server` before failing over */
};

enum want { W_SEND, W_RESEND, W_TIMED_OUT, W_ANSWERED, W_IGNORED, W_BUSY };

struct step {
	enum event ev;
	int req;
	int64_t at;		/* 0: keep the clock (EXPIRE always runs at the deadline) */
	enum want want;
	int server;		/* expected server; for EV_STALE the server it comes from */
	uint32_t wait;		/* expected wait_ms after SEND/RESEND, 0: not checked */
	int err;		/* expected error of an ignored datagram */
};

#define START(r, t, s, w)	{ EV_START, r, t, W_SEND, s, w, 0 }
#define RESEND(r, w)		{ EV_EXPIRE, r, 0, W_RESEND, -1, w, 0 }
#define FAILOVER(r, s)		{ EV_EXPIRE, r, 0, W_SEND, s, 100, 0 }
#define TIMEOUT(r)		{ EV_EXPIRE, r, 0, W_TIMED_OUT, -1, 0, 0 }
#define ANSWER(r, t, s)		{ EV_ANSWER, r, t, W_ANSWERED, s, 0, 0 }
#define IGNORE(ev, r, e)	{ ev, r, 0, W_IGNORED, -1, 0, e }

#define MAX_REQS  4
#define MAX_STEPS 24

struct scenario {
	const char *name;
	unsigned servers;
	uint8_t code;			/* request code, 0: Accounting-Request */
	struct radius_retry_policy policy;	/* zero: test_policy */
	struct step steps[MAX_STEPS];
};

static const struct scenario scenarios[] = {
	{ "answer on first try", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		ANSWER(0, 30, 0),
	} },
	{ "answer after retransmissions, same server", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		ANSWER(0, 350, 0),
	} },
	{ "back-off doubles and stops at the cap", 1, 0,
	  { .initial_timeout_ms = 100, .max_timeout_ms = 400, .max_tries = 5, .dead_time_ms = 1000 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		RESEND(0, 400),
		RESEND(0, 400),
		TIMEOUT(0),
	} },
	{ "failover to the secondary", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		FAILOVER(0, 1),
		ANSWER(0, 750, 1),
	} },
	{ "dead primary avoided until its hold-down ends", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		FAILOVER(0, 1),		/* t=700: primary dead until 1700 */
		ANSWER(0, 750, 1),
		START(1, 800, 1, 100),
		ANSWER(1, 810, 1),
		START(2, 1699, 1, 100),
		ANSWER(2, 1699, 1),
		START(3, 1700, 0, 100),	/* hold-down over: primary preferred again */
		ANSWER(3, 1710, 0),
	} },
	{ "timed out everywhere", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		FAILOVER(0, 1),
		RESEND(0, 200),
		RESEND(0, 400),
		TIMEOUT(0),		/* t=1400 */
	} },
	{ "both dead: still sent, first to the one back soonest", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		FAILOVER(0, 1),		/* primary dead until 1700 */
		RESEND(0, 200),
		RESEND(0, 400),
		TIMEOUT(0),		/* secondary dead until 2400 */
		START(1, 1500, 0, 100),
		RESEND(1, 200),
		RESEND(1, 400),
		FAILOVER(1, 1),		/* t=2200 */
		ANSWER(1, 2250, 1),
		START(2, 2260, 1, 100),	/* secondary answered: alive, primary still dead */
		ANSWER(2, 2270, 1),
	} },
	{ "single server (a NAS's CoA port) times out", 1, RADIUS_DISCONNECT_REQUEST, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		TIMEOUT(0),
		START(1, 800, 0, 100),	/* the only server, dead or not */
		ANSWER(1, 810, 0),
	} },
	{ "CoA-Request answered", 1, RADIUS_COA_REQUEST, { 0 }, {
		START(0, 0, 0, 100),
		ANSWER(0, 10, 0),
	} },
	{ "Access-Request answered after a retransmission", 2, RADIUS_ACCESS_REQUEST, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		ANSWER(0, 150, 0),
	} },
	{ "wrong Identifier ignored", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		IGNORE(EV_WRONG_ID, 0, -ENOENT),
		ANSWER(0, 20, 0),
	} },
	{ "forged authenticator ignored, request keeps waiting", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		IGNORE(EV_FORGED, 0, -EACCES),
		RESEND(0, 200),
		IGNORE(EV_FORGED, 0, -EACCES),
		ANSWER(0, 150, 0),
	} },
	{ "reply code that does not answer the request ignored", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		IGNORE(EV_WRONG_CODE, 0, -EPROTO),
		ANSWER(0, 20, 0),
	} },
	{ "answer on the other server's socket ignored", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		IGNORE(EV_OTHER_SERVER, 0, -ENOENT),
		ANSWER(0, 20, 0),
	} },
	{ "late answer from the server failed over from ignored", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		RESEND(0, 200),
		RESEND(0, 400),
		FAILOVER(0, 1),
		{ EV_STALE, 0, 0, W_IGNORED, 0, 0, -ENOENT },
		ANSWER(0, 720, 1),
	} },
	{ "a server that answered others is not marked dead", 2, 0, { 0 }, {
		START(0, 0, 0, 100),
		START(1, 10, 0, 100),
		ANSWER(1, 20, 0),
		RESEND(0, 200),
		RESEND(0, 400),
		FAILOVER(0, 1),		/* r0 moves on, the primary stays preferred */
		START(2, 710, 0, 100),
		ANSWER(0, 720, 1),
		ANSWER(2, 730, 0),
	} },
};

struct harness {
	const struct scenario *sc;
	struct radius_pool pool;
	struct radius_txn txn[MAX_REQS];
	/* what each request last sent to each server, for stale answers */
	uint8_t sent[MAX_REQS][RADIUS_POOL_MAX][RADIUS_MAX_LEN];
	size_t sent_len[MAX_REQS][RADIUS_POOL_MAX];
	int64_t clock;
};

static uint8_t request_code(const struct scenario *sc)
{
	return sc->code ? sc->code : RADIUS_ACCOUNTING_REQUEST;
}

/* Builds what the I/O edge would send after SEND: the request for (server, id). */
static void build_request(struct harness *h, int r)
{
	struct radius_txn *t = &h->txn[r];
	uint8_t code = request_code(h->sc);
	uint8_t auth[RADIUS_AUTH_LEN];
	uint8_t *buf = h->sent[r][t->server];
	struct radius_builder b;
	char session[16];
	int len;

	memset(auth, 0xa0 + r, sizeof(auth));
	snprintf(session, sizeof(session), "req-%d", r);
	radius_request_init(&b, buf, RADIUS_MAX_LEN, code, t->id, auth);
	radius_add_string(&b, RADIUS_ATTR_USER_NAME, "nemo");
	radius_add_string(&b, RADIUS_ATTR_ACCT_SESSION_ID, session);
	if (code == RADIUS_ACCOUNTING_REQUEST)
		radius_add_u32(&b, RADIUS_ATTR_ACCT_STATUS_TYPE, 1);
	len = radius_finish(&b, secrets[t->server], strlen(secrets[t->server]));
	assert_true(len > 0);
	h->sent_len[r][t->server] = (size_t)len;
	assert_int_equal(radius_txn_sent(t, buf, (size_t)len), 0);
}

static uint8_t answer_code(uint8_t request)
{
	switch (request) {
	case RADIUS_ACCESS_REQUEST:
		return RADIUS_ACCESS_ACCEPT;
	case RADIUS_DISCONNECT_REQUEST:
		return RADIUS_DISCONNECT_ACK;
	case RADIUS_COA_REQUEST:
		return RADIUS_COA_NAK;
	default:
		return RADIUS_ACCOUNTING_RESPONSE;
	}
}

/* A reply from `server` to what request r sent there, signed with `secret`. */
static size_t build_reply(struct harness *h, int r, unsigned server, uint8_t code, const char *secret,
			  uint8_t *out)
{
	struct radius_packet request;
	struct radius_builder b;
	int len;

	assert_int_equal(radius_decode(h->sent[r][server], h->sent_len[r][server], &request), 0);
	radius_reply_init(&b, out, RADIUS_MAX_LEN, code, &request);
	len = radius_finish(&b, secret, strlen(secret));
	assert_true(len > 0);
	return (size_t)len;
}

/* Identifiers held on each server match the requests waiting there. */
static void check_ids(const struct harness *h, const char *where)
{
	for (unsigned s = 0; s < h->pool.n; s++) {
		unsigned waiting = 0;

		for (int r = 0; r < MAX_REQS; r++) {
			const struct radius_txn *t = &h->txn[r];

			if (t->owner && t->state == RADIUS_TXN_WAITING && t->server == s) {
				waiting++;
				assert_ptr_equal(radius_ids_owner(&h->pool.server[s].ids, t->id), t);
			}
		}
		if (h->pool.server[s].ids.used != waiting)
			fail_msg("%s: server %u holds %u Identifiers for %u waiting requests", where, s,
				 h->pool.server[s].ids.used, waiting);
	}
}

static void run_step(struct harness *h, const struct step *st, const char *where)
{
	struct radius_txn *t = &h->txn[st->req];
	uint8_t reply[RADIUS_MAX_LEN];
	struct radius_packet view;
	unsigned from = t->server;
	size_t len = 0;
	int rc = 0, err = 0;
	int got;

	if (st->ev == EV_EXPIRE) {
		assert_int_equal(t->state, RADIUS_TXN_WAITING);
		h->clock = t->deadline_ms;
	} else if (st->at) {
		assert_true(st->at >= h->clock);
		h->clock = st->at;
	}

	switch (st->ev) {
	case EV_START:
		rc = radius_txn_start(t, &h->pool, t, h->clock);
		got = rc == RADIUS_TXN_SEND ? W_SEND : rc == -EBUSY ? W_BUSY : -1;
		break;
	case EV_EXPIRE:
		switch (radius_txn_expire(t, &h->pool, h->clock)) {
		case RADIUS_TXN_SEND:
			got = W_SEND;
			break;
		case RADIUS_TXN_RESEND:
			got = W_RESEND;
			break;
		default:
			got = t->state == RADIUS_TXN_TIMED_OUT ? W_TIMED_OUT : -1;
			break;
		}
		break;
	default:
		switch (st->ev) {
		case EV_FORGED:
			len = build_reply(h, st->req, from, answer_code(request_code(h->sc)), "not-the-secret",
					  reply);
			break;
		case EV_WRONG_CODE:
			len = build_reply(h, st->req, from, RADIUS_ACCESS_ACCEPT, secrets[from], reply);
			break;
		case EV_STALE:
			from = (unsigned)st->server;
			len = build_reply(h, st->req, from, answer_code(request_code(h->sc)), secrets[from],
					  reply);
			break;
		default:
			len = build_reply(h, st->req, from, answer_code(request_code(h->sc)), secrets[from],
					  reply);
			break;
		}
		if (st->ev == EV_WRONG_ID)
			reply[1]++;
		if (st->ev == EV_OTHER_SERVER)
			from = !from;
		struct radius_txn *match = radius_pool_answer(&h->pool, from, reply, len, h->clock, &view, &err);

		if (match) {
			assert_ptr_equal(match, t);
			assert_int_equal(t->state, RADIUS_TXN_ANSWERED);
			got = W_ANSWERED;
		} else {
			got = W_IGNORED;
		}
		break;
	}

	if (got != (int)st->want)
		fail_msg("%s: got outcome %d, want %d (rc=%d err=%d)", where, got, st->want, rc, err);
	if (got == W_SEND)
		build_request(h, st->req);
	if ((got == W_SEND || got == W_ANSWERED) && st->server >= 0 && t->server != st->server)
		fail_msg("%s: on server %u, want %d", where, t->server, st->server);
	if ((got == W_SEND || got == W_RESEND) && st->wait && t->wait_ms != st->wait)
		fail_msg("%s: wait %u ms, want %u", where, t->wait_ms, st->wait);
	if ((got == W_SEND || got == W_RESEND) && t->deadline_ms != h->clock + t->wait_ms)
		fail_msg("%s: deadline %lld, want now + wait", where, (long long)t->deadline_ms);
	if (got == W_IGNORED && err != st->err)
		fail_msg("%s: dropped with %d, want %d", where, err, st->err);
	if (got == W_IGNORED)
		assert_int_equal(t->state, RADIUS_TXN_WAITING);
	check_ids(h, where);
}

static void test_scenarios(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		const struct scenario *sc = &scenarios[i];
		static struct harness h;

		memset(&h, 0, sizeof(h));
		h.sc = sc;
		radius_pool_init(&h.pool, sc->policy.max_tries ? &sc->policy : &test_policy);
		for (unsigned s = 0; s < sc->servers; s++)
			assert_int_equal(radius_pool_add(&h.pool, secrets[s], strlen(secrets[s]), 0), (int)s);
		for (int k = 0; k < MAX_STEPS && sc->steps[k].ev != EV_END; k++) {
			char where[128];

			snprintf(where, sizeof(where), "\"%s\" step %d", sc->name, k + 1);
			run_step(&h, &sc->steps[k], where);
		}
	}
}

static void test_retry_wait(void **state)
{
	struct radius_retry_policy p = { .initial_timeout_ms = 3, .max_timeout_ms = 1u << 30 };
	struct radius_retry_policy zero = { 0 };

	(void)state;
	radius_retry_policy_fill(&p);
	assert_int_equal(radius_retry_wait(&p, 1), 3);
	assert_int_equal(radius_retry_wait(&p, 2), 6);
	assert_int_equal(radius_retry_wait(&p, 16), 3u << 15);
	/* beyond the last step the wait stops growing and never wraps */
	assert_int_equal(radius_retry_wait(&p, 40), 3u << 15);

	radius_retry_policy_fill(&zero);
	assert_int_equal(zero.initial_timeout_ms, RADIUS_RETRY_DEFAULT_INITIAL_MS);
	assert_int_equal(zero.max_timeout_ms, RADIUS_RETRY_DEFAULT_MAX_MS);
	assert_int_equal(zero.max_tries, RADIUS_RETRY_DEFAULT_TRIES);
	assert_int_equal(zero.dead_time_ms, RADIUS_RETRY_DEFAULT_DEAD_MS);

	p = (struct radius_retry_policy){ .initial_timeout_ms = 5000, .max_timeout_ms = 100 };
	radius_retry_policy_fill(&p);
	assert_int_equal(radius_retry_wait(&p, 3), 5000);	/* a cap below the start is raised */
}

static void test_ids(void **state)
{
	static struct radius_ids ids;
	int owner[RADIUS_IDS + 1];
	bool seen[RADIUS_IDS] = { false };

	(void)state;
	radius_ids_init(&ids);
	assert_int_equal(radius_ids_alloc(&ids, NULL), -EINVAL);
	assert_int_equal(radius_ids_alloc(&ids, &owner[0]), 0);
	assert_int_equal(radius_ids_alloc(&ids, &owner[1]), 1);
	assert_int_equal(radius_ids_alloc(&ids, &owner[2]), 2);
	radius_ids_release(&ids, 1);
	assert_null(radius_ids_owner(&ids, 1));
	/* released Identifiers come back late */
	assert_int_equal(radius_ids_alloc(&ids, &owner[3]), 3);
	seen[0] = seen[2] = seen[3] = true;
	for (int i = 4; i < RADIUS_IDS + 1; i++) {
		int id = radius_ids_alloc(&ids, &owner[i]);

		assert_true(id >= 0 && id < RADIUS_IDS);
		assert_false(seen[id]);	/* never two outstanding */
		seen[id] = true;
		assert_ptr_equal(radius_ids_owner(&ids, (uint8_t)id), &owner[i]);
	}
	assert_true(seen[1]);	/* only after wrapping */
	assert_true(radius_ids_full(&ids));
	assert_int_equal(radius_ids_alloc(&ids, &owner[0]), -EBUSY);
	radius_ids_release(&ids, 77);
	radius_ids_release(&ids, 77);	/* twice is harmless */
	assert_int_equal(ids.used, RADIUS_IDS - 1);
	assert_int_equal(radius_ids_alloc(&ids, &owner[0]), 77);
}

/* 256 outstanding requests exhaust a server; the next goes to the other
 * server, or is refused with one server; an answer frees an Identifier. */
static void test_id_exhaustion(void **state)
{
	static struct radius_txn txn[2 * RADIUS_IDS + 1];
	static struct radius_pool pool;
	struct radius_txn extra;

	(void)state;
	radius_pool_init(&pool, &test_policy);
	radius_pool_add(&pool, "a", 1, 0);
	for (int i = 0; i < RADIUS_IDS; i++) {
		assert_int_equal(radius_txn_start(&txn[i], &pool, &txn[i], 0), RADIUS_TXN_SEND);
		assert_int_equal(txn[i].server, 0);
	}
	assert_int_equal(radius_txn_start(&extra, &pool, &extra, 0), -EBUSY);
	radius_txn_abort(&txn[10], &pool);
	assert_int_equal(radius_txn_start(&extra, &pool, &extra, 0), RADIUS_TXN_SEND);
	assert_int_equal(extra.id, txn[10].id);

	radius_pool_add(&pool, "b", 1, 0);
	assert_int_equal(radius_txn_start(&txn[RADIUS_IDS], &pool, &txn[RADIUS_IDS], 0), RADIUS_TXN_SEND);
	assert_int_equal(txn[RADIUS_IDS].server, 1);
	for (int i = RADIUS_IDS + 1; i < 2 * RADIUS_IDS; i++)
		assert_int_equal(radius_txn_start(&txn[i], &pool, &txn[i], 0), RADIUS_TXN_SEND);
	assert_int_equal(radius_txn_start(&txn[2 * RADIUS_IDS], &pool, &txn[2 * RADIUS_IDS], 0), -EBUSY);
	assert_int_equal(radius_pool_pick(&pool, 0, 0), -EBUSY);

	/* a request that must fail over to a server without a free Identifier times out */
	for (unsigned k = 1; k < test_policy.max_tries; k++)
		assert_int_equal(radius_txn_expire(&txn[0], &pool, 100 * k), RADIUS_TXN_RESEND);
	assert_int_equal(radius_txn_expire(&txn[0], &pool, 700), RADIUS_TXN_FINISHED);
	assert_int_equal(txn[0].state, RADIUS_TXN_TIMED_OUT);
	assert_int_equal(pool.server[0].ids.used, RADIUS_IDS - 1);
}

static void test_pool(void **state)
{
	struct radius_pool pool;
	char long_secret[RADIUS_SECRET_MAX + 2];

	(void)state;
	memset(long_secret, 'x', sizeof(long_secret));
	radius_pool_init(&pool, NULL);
	assert_int_equal(pool.policy.max_tries, RADIUS_RETRY_DEFAULT_TRIES);
	assert_int_equal(radius_pool_pick(&pool, 0, 0), -ENOENT);
	assert_int_equal(radius_pool_add(&pool, "", 0, 0), -EINVAL);
	assert_int_equal(radius_pool_add(&pool, long_secret, sizeof(long_secret), 0), -EINVAL);
	assert_int_equal(radius_pool_add(&pool, "a", 1, 0), 0);
	assert_int_equal(radius_pool_add(&pool, "b", 1, 0), 1);
	assert_int_equal(radius_pool_add(&pool, "c", 1, 0), -ENOSPC);
	assert_int_equal(radius_pool_pick(&pool, 0, 0), 0);
	assert_int_equal(radius_pool_pick(&pool, 1, 0), 1);
	assert_int_equal(radius_pool_pick(&pool, 3, 0), -ENOENT);

	radius_pool_failed(&pool, 0, 0, 10);
	assert_false(radius_pool_alive(&pool, 0, 10));
	assert_int_equal(radius_pool_pick(&pool, 0, 10), 1);
	assert_true(radius_pool_alive(&pool, 0, 10 + RADIUS_RETRY_DEFAULT_DEAD_MS));
	/* an answer revives at once */
	radius_pool_answered(&pool, 0, 20);
	assert_int_equal(radius_pool_pick(&pool, 0, 20), 0);
	/* ... and a failure of a request older than that answer does not kill */
	radius_pool_failed(&pool, 0, 15, 30);
	assert_true(radius_pool_alive(&pool, 0, 30));
	radius_pool_failed(&pool, 0, 21, 30);
	assert_false(radius_pool_alive(&pool, 0, 30));
}

static void test_txn_misuse(void **state)
{
	struct radius_pool pool;
	struct radius_txn t;
	struct radius_packet view;
	uint8_t junk[10] = { 0 };
	int err;

	(void)state;
	radius_pool_init(&pool, &test_policy);
	assert_int_equal(radius_txn_start(&t, &pool, &t, 0), -EINVAL);	/* no servers */
	radius_pool_add(&pool, "a", 1, 0);
	assert_int_equal(radius_txn_start(&t, &pool, NULL, 0), -EINVAL);
	assert_int_equal(radius_txn_start(&t, &pool, &t, 0), RADIUS_TXN_SEND);
	/* a runt datagram is dropped before any lookup */
	assert_null(radius_pool_answer(&pool, 0, junk, sizeof(junk), 0, &view, &err));
	assert_int_equal(err, -EMSGSIZE);
	radius_txn_abort(&t, &pool);
	assert_int_equal(t.state, RADIUS_TXN_ABORTED);
	assert_int_equal(pool.server[0].ids.used, 0);
	assert_int_equal(radius_txn_expire(&t, &pool, 100), RADIUS_TXN_FINISHED);
	radius_txn_abort(&t, &pool);	/* twice is harmless */
	assert_int_equal(pool.server[0].ids.used, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scenarios),
		cmocka_unit_test(test_retry_wait),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_id_exhaustion),
		cmocka_unit_test(test_pool),
		cmocka_unit_test(test_txn_misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
