/* gateway: the lists and the walled garden from the database into the maps, domain
 * learning from DNS answers (CNAME chains, TTL bounds, admin prefixes untouched), the
 * poll tick's hooks (usage deltas, kernel stops, idle sessions), and billing's limits
 * as map limits. Real programs and maps, unpinned; a real SQLite file. */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "billing/limits.h"
#include "gateway/internal.h"
#include "lan_tc.skel.h"
#include "store/acl.h"
#include "store/db.h"
#include "store/garden.h"

struct fx {
	struct app app;
	struct gateway gw;
	char path[64];
};

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct dataplane_opts o = { .max_clients = 1024 };
	char err[256];
	int fd;

	snprintf(fx->path, sizeof(fx->path), "/tmp/test_gateway_XXXXXX");
	fd = mkstemp(fx->path);
	close(fd);
	unlink(fx->path);
	if (db_open(fx->path, &fx->app.db, err, sizeof(err)) ||
	    dataplane_open(&fx->gw.dp, &o, err, sizeof(err))) {
		fprintf(stderr, "setup: %s\n", err);
		return -1;
	}
	fx->gw.app = &fx->app;
	fx->gw.garden_v4_fd = bpf_map__fd(fx->gw.dp.tc->maps.sg_garden_v4);
	fx->gw.garden_v6_fd = bpf_map__fd(fx->gw.dp.tc->maps.sg_garden_v6);
	fx->app.gateway = &fx->gw;
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	dataplane_close(&fx->gw.dp);
	clients_free(&fx->gw.clients);
	free(fx->gw.domains);
	db_close(fx->app.db);
	unlink(fx->path);
	free(fx);
	return 0;
}

static int count_keys(int fd, size_t key_size)
{
	char key[64], next[64];
	void *prev = NULL;
	int n = 0;

	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		memcpy(key, next, key_size);
		prev = key;
		n++;
	}
	return n;
}

/* --- DNS answers ------------------------------------------------------------------ */

struct msg {
	struct sg_dns_msg m;
	size_t n;
};

static void put(struct msg *m, const void *p, size_t n)
{
	memcpy(m->m.data + m->n, p, n);
	m->n += n;
}

static void put16(struct msg *m, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(m, b, 2);
}

static size_t put_name(struct msg *m, const char *name)
{
	size_t at = m->n;

	while (*name) {
		const char *dot = strchr(name, '.');
		uint8_t l = (uint8_t)(dot ? (size_t)(dot - name) : strlen(name));

		put(m, &l, 1);
		put(m, name, l);
		name += l + (dot ? 1 : 0);
	}
	put(m, "", 1);
	return at;
}

static void rr(struct msg *m, size_t name, uint16_t type, uint32_t ttl, const void *rdata,
	       uint16_t len)
{
	put16(m, (uint16_t)(0xc000 | name));
	put16(m, type);
	put16(m, 1);
	put16(m, (uint16_t)(ttl >> 16));
	put16(m, (uint16_t)ttl);
	put16(m, len);
	put(m, rdata, len);
}

/* qname CNAME target (written out), target A addr, with ttl */
static void answer(struct msg *m, const char *qname, const char *target, const char *addr,
		   uint32_t ttl)
{
	uint8_t a[4], tname[128];
	size_t q, t, tl = 0;

	memset(m, 0, sizeof(*m));
	put16(m, 0x1234);
	put16(m, 0x8180);
	put16(m, 1);
	put16(m, target ? 2 : 1);
	put16(m, 0);
	put16(m, 0);
	q = put_name(m, qname);
	put16(m, 1);
	put16(m, 1);
	inet_pton(AF_INET, addr, a);
	if (target) {
		for (const char *p = target; *p;) {
			const char *dot = strchr(p, '.');
			uint8_t l = (uint8_t)(dot ? (size_t)(dot - p) : strlen(p));

			tname[tl++] = l;
			memcpy(tname + tl, p, l);
			tl += l;
			p += l + (dot ? 1 : 0);
		}
		tname[tl++] = 0;
		rr(m, q, 5, ttl, tname, (uint16_t)tl);
		t = m->n - tl;
		rr(m, t, 1, ttl, a, 4);
	} else {
		rr(m, q, 1, ttl, a, 4);
	}
	m->m.caplen = (uint32_t)m->n;
	m->m.len = (uint32_t)m->n;
	m->m.family = 4;
}

static int learned(struct fx *fx, const char *addr, struct sg_garden_val *v)
{
	struct sg_lpm_v4 k = { .prefixlen = 32 };

	inet_pton(AF_INET, addr, &k.addr);
	return bpf_map_lookup_elem(fx->gw.garden_v4_fd, &k, v) == 0;
}

static void test_garden_learning(void **state)
{
	struct fx *fx = *state;
	struct garden_entry dom = { .kind = GARDEN_DOMAIN, .value = "*.garden.example" };
	struct garden_entry net = { .kind = GARDEN_CIDR, .value = "198.51.100.0/24" };
	struct sg_garden_val v;
	struct msg m;
	uint64_t now;

	assert_int_equal(garden_add(fx->app.db, &dom), 0);
	assert_int_equal(garden_add(fx->app.db, &net), 0);
	assert_int_equal(garden_load(&fx->gw, 0), 0);
	assert_int_equal(fx->gw.ndomains, 1);
	assert_int_equal(count_keys(fx->gw.garden_v4_fd, sizeof(struct sg_lpm_v4)), 1);

	/* a CNAME chain from a garden name: the end's address is learned, TTL 5 -> 60 s */
	answer(&m, "cdn.garden.example", "edge.cdn.example.net", "203.0.113.20", 5);
	now = gateway_now_ns();
	garden_learn(&fx->gw, &m.m, sizeof(m.m));
	assert_true(learned(fx, "203.0.113.20", &v));
	assert_true(v.expires_ns >= now + 59000000000ull && v.expires_ns <= now + 61000000000ull);
	/* a long TTL extends it, up to a day */
	answer(&m, "www.garden.example", NULL, "203.0.113.20", 10u * 86400);
	garden_learn(&fx->gw, &m.m, sizeof(m.m));
	assert_true(learned(fx, "203.0.113.20", &v));
	assert_true(v.expires_ns <= gateway_now_ns() + 86400000000000ull);
	assert_true(v.expires_ns > now + 86000000000000ull);
	/* names outside the garden teach nothing; neither does the bare parent domain */
	answer(&m, "www.example.com", NULL, "203.0.113.30", 300);
	garden_learn(&fx->gw, &m.m, sizeof(m.m));
	answer(&m, "garden.example", NULL, "203.0.113.31", 300);
	garden_learn(&fx->gw, &m.m, sizeof(m.m));
	assert_false(learned(fx, "203.0.113.30", &v));
	assert_false(learned(fx, "203.0.113.31", &v));
	/* an address inside an admin prefix stays covered by it, never made to expire */
	answer(&m, "a.garden.example", NULL, "198.51.100.7", 300);
	garden_learn(&fx->gw, &m.m, sizeof(m.m));
	assert_int_equal(count_keys(fx->gw.garden_v4_fd, sizeof(struct sg_lpm_v4)), 2);
	/* a truncated or garbage copy is ignored */
	answer(&m, "b.garden.example", NULL, "203.0.113.40", 300);
	m.m.caplen = 20;
	garden_learn(&fx->gw, &m.m, sizeof(m.m));
	m.m.caplen = SG_DNS_CAP + 1;
	garden_learn(&fx->gw, &m.m, sizeof(m.m));
	assert_false(learned(fx, "203.0.113.40", &v));

	/* listing */
	assert_int_equal(gateway_garden_sync(&fx->app), 0);	/* flushes learned */
	assert_false(learned(fx, "203.0.113.20", &v));
	/* removing the admin prefix takes it out of the map */
	assert_int_equal(garden_remove(fx->app.db, net.id, NULL), 0);
	assert_int_equal(garden_load(&fx->gw, 0), 0);
	assert_int_equal(count_keys(fx->gw.garden_v4_fd, sizeof(struct sg_lpm_v4)), 0);
}

static void test_acl_sync(void **state)
{
	struct fx *fx = *state;
	struct lan_tc_bpf *tc = fx->gw.dp.tc;
	struct acl_entry deny = { .list = ACL_DENY, .kind = ACL_MAC, .value = "02:00:00:00:00:0d" };
	struct acl_entry allow_net = { .list = ACL_ALLOW, .kind = ACL_CIDR, .value = "192.0.2.128/25" };
	struct acl_entry deny6 = { .list = ACL_DENY, .kind = ACL_CIDR, .value = "2001:db8:bad::/48" };
	struct sg_mac m = { { 0x02, 0, 0, 0, 0, 0x0d } };
	struct sg_client_cfg cfg;
	struct sg_acl_hits hits;

	assert_int_equal(acl_put(fx->app.db, &deny), 0);
	assert_int_equal(acl_put(fx->app.db, &allow_net), 0);
	assert_int_equal(acl_put(fx->app.db, &deny6), 0);
	assert_int_equal(acl_load(&fx->gw), 0);
	assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(tc->maps.sg_deny_mac), &m, &hits), 0);
	assert_int_equal(count_keys(bpf_map__fd(tc->maps.sg_allow_v4), sizeof(struct sg_lpm_v4)), 1);
	assert_int_equal(count_keys(bpf_map__fd(tc->maps.sg_deny_v6), sizeof(struct sg_lpm_v6)), 1);
	assert_int_equal(gateway_acl_hits(&fx->app, 1, "2001:db8:bad::/48", &hits), 0);
	/* hits survive a reload */
	hits.packets = 7;
	bpf_map_update_elem(bpf_map__fd(tc->maps.sg_deny_mac), &m, &hits, BPF_EXIST);
	assert_int_equal(acl_load(&fx->gw), 0);
	assert_int_equal(gateway_acl_hits(&fx->app, 1, "02:00:00:00:00:0d", &hits), 0);
	assert_int_equal(hits.packets, 7);

	/* moving the MAC to the allow list: out of sg_deny_mac, into sg_client_cfg */
	deny.list = ACL_ALLOW;
	assert_int_equal(acl_put(fx->app.db, &deny), 1);
	assert_int_equal(acl_load(&fx->gw), 0);
	assert_int_not_equal(bpf_map_lookup_elem(bpf_map__fd(tc->maps.sg_deny_mac), &m, &hits), 0);
	assert_int_equal(bpf_map_lookup_elem(fx->gw.dp.cfg_fd, &m, &cfg), 0);
	assert_true(cfg.flags & SG_CLIENT_ALLOWLIST);
	/* an allow-listed MAC cannot be authorized or kicked */
	{
		struct gateway_addrs a = { .any = 1 };
		struct gateway_limits l = { 0 };

		assert_int_equal(gateway_authorize(&fx->app, m.addr, &a, &l), -EPERM);
		assert_int_equal(gateway_kick(&fx->app, m.addr, NULL), -EPERM);
	}
	/* and removing it from the database removes the entry */
	assert_int_equal(acl_remove(fx->app.db, deny.id, NULL), 0);
	assert_int_equal(acl_load(&fx->gw), 0);
	assert_int_not_equal(bpf_map_lookup_elem(fx->gw.dp.cfg_fd, &m, &cfg), 0);
}

/* --- the poll tick's hooks --------------------------------------------------------- */

/* Counts as the programs would: into the counter array, at the client's slot. */
static void put_cnt(struct fx *fx, const struct sg_mac *m, const struct sg_client_cnt *cnt)
{
	struct sg_client_cfg cfg;

	assert_int_equal(bpf_map_lookup_elem(fx->gw.dp.cfg_fd, m, &cfg), 0);
	assert_int_equal(bpf_map_update_elem(fx->gw.dp.cnt_fd, &cfg.slot, cnt, BPF_EXIST), 0);
}

struct seen {
	uint64_t up, down;
	int usage_calls, stops, online;
	enum gateway_stop reason;
};

static void on_usage(void *ctx, const uint8_t mac[6], uint64_t sid, uint64_t up, uint64_t down,
		     int64_t last_seen)
{
	struct seen *s = ctx;

	(void)mac;
	(void)last_seen;
	assert_int_equal(sid, 42);
	s->up += up;
	s->down += down;
	s->usage_calls++;
}

static void on_stop(void *ctx, const uint8_t mac[6], uint64_t sid, enum gateway_stop reason)
{
	struct seen *s = ctx;

	(void)mac;
	(void)sid;
	s->stops++;
	s->reason = reason;
}

static void on_online(void *ctx, const uint8_t mac[6], const struct sg_client_cfg *cfg,
		      const struct sg_client_cnt *cnt)
{
	struct seen *s = ctx;

	(void)mac;
	(void)cnt;
	assert_int_equal(cfg->session_id, 42);
	s->online++;
}

static void test_hooks(void **state)
{
	struct fx *fx = *state;
	struct seen seen = { 0 };
	struct gateway_hooks h = { .ctx = &seen, .on_usage = on_usage, .on_stop = on_stop };
	struct sg_mac m = { { 0x02, 0, 0, 0, 0x01, 0x01 } };
	struct gateway_addrs a = { 0 };
	struct gateway_limits l = { .budget = 1000000, .until = time(NULL) + 3600, .rate_down = 2000000,
				    .session_id = 42 };
	struct gateway_client c;
	struct sg_client_cnt cnt;

	gateway_set_hooks(&fx->app, &h);
	inet_pton(AF_INET, "192.0.2.11", &a.ipv4);
	assert_int_equal(gateway_authorize(&fx->app, m.addr, &a, &l), 0);
	assert_int_equal(gateway_client_get(&fx->app, m.addr, &c), 0);
	assert_int_equal(c.cfg.budget, 1000000);
	assert_true(c.until >= l.until - 1 && c.until <= l.until + 1);	/* monotonic ns round trip */
	/* registering learns who is online already */
	h.on_online = on_online;
	gateway_set_hooks(&fx->app, &h);
	assert_int_equal(seen.online, 1);

	/* the programs count; each tick hands over the growth */
	assert_int_equal(dataplane_client_get(&fx->gw.dp, &m, NULL, &cnt), 0);
	cnt.bytes_up = 1000;
	cnt.bytes_down = 5000;
	cnt.last_seen_ns = gateway_now_ns();
	put_cnt(fx, &m, &cnt);
	gateway_poll(&fx->app);
	gateway_poll(&fx->app);
	assert_int_equal(seen.usage_calls, 1);
	assert_int_equal(seen.up, 1000);
	assert_int_equal(seen.down, 5000);
	cnt.bytes_down = 7000;
	put_cnt(fx, &m, &cnt);
	gateway_poll(&fx->app);
	assert_int_equal(seen.down, 7000);

	/* a stop the kernel made (event lost): reported once by the poll */
	cnt.stopped = SG_STOP_QUOTA;
	put_cnt(fx, &m, &cnt);
	gateway_poll(&fx->app);
	gateway_poll(&fx->app);
	assert_int_equal(seen.stops, 1);
	assert_int_equal(seen.reason, GATEWAY_STOP_QUOTA);

	/* a limit change keeps the counters */
	l.budget = 2000000;
	assert_int_equal(gateway_update(&fx->app, m.addr, &l), 0);
	assert_int_equal(gateway_client_get(&fx->app, m.addr, &c), 0);
	assert_int_equal(c.cnt.bytes_down, 7000);
	assert_int_equal(c.cfg.budget, 2000000);
	assert_int_equal(c.cfg.rate_down, 2000000);

	/* idle: silent for 10 s with an idle timeout of 5 s -> removed, on_stop(IDLE) */
	l.idle_timeout = 5;
	assert_int_equal(gateway_update(&fx->app, m.addr, &l), 0);
	cnt.stopped = 0;
	cnt.bytes_up = 1500;
	cnt.last_seen_ns = gateway_now_ns() - 10000000000ull;
	put_cnt(fx, &m, &cnt);
	clients_find(&fx->gw.clients, mac_key(m.addr))->since_ns = cnt.last_seen_ns;
	gateway_poll(&fx->app);
	assert_int_equal(seen.stops, 2);
	assert_int_equal(seen.reason, GATEWAY_STOP_IDLE);
	assert_int_equal(seen.up, 1500);	/* the last growth went out before the stop */
	assert_int_equal(gateway_client_get(&fx->app, m.addr, &c), -ENOENT);
	assert_int_equal(gateway_kick(&fx->app, m.addr, NULL), -ENOENT);
	gateway_set_hooks(&fx->app, &(struct gateway_hooks){ 0 });
}

/* The poll finds a client by its counter slot; a slot taken over by another MAC, a
 * client removed or swept, never leave the index pointing at the wrong one or at freed
 * memory (ASan would see it). */
static void test_clients_by_slot(void **state)
{
	struct client_table t = { 0 };
	struct client *a = clients_get(&t, 0xa), *b;
	(void)state;

	assert_ptr_equal(clients_at(&t, 5, 0xa), a);
	assert_ptr_equal(clients_at(&t, 5, 0xa), a);		/* remembered */
	assert_null(clients_at(&t, 5, 0xb));			/* no such client */
	b = clients_get(&t, 0xb);
	assert_ptr_equal(clients_at(&t, 5, 0xb), b);		/* the slot went to b */
	assert_ptr_equal(clients_at(&t, 70000, 0xa), a);	/* a moved, far up */
	clients_remove(&t, 0xa);
	assert_null(clients_at(&t, 70000, 0xa));
	assert_ptr_equal(clients_at(&t, 5, 0xb), b);

	b->seen_gen = 1;
	clients_sweep(&t, 2);					/* b not seen: gone */
	assert_int_equal(t.count, 0);
	assert_null(clients_at(&t, 5, 0xb));
	clients_free(&t);
}

static void test_limits_from_session(void **state)
{
	struct session_limits l = { .seconds_left = 600, .bytes_total_left = 5000, .speed_up = 1000,
				    .speed_down = 2000, .idle_timeout = 300, .end_at = 0 };
	struct gateway_limits g;
	(void)state;

	gateway_limits_from_session(&l, 100, 1000000, 9, &g);
	assert_int_equal(g.budget, 5100);
	assert_int_equal(g.until, 1000600);
	assert_int_equal(g.rate_up, 1000);
	assert_int_equal(g.rate_down, 2000);
	assert_int_equal(g.idle_timeout, 300);
	assert_int_equal(g.session_id, 9);
	/* end_at earlier than the time left */
	l.end_at = 1000100;
	gateway_limits_from_session(&l, 100, 1000000, 9, &g);
	assert_int_equal(g.until, 1000100);
	/* no limits: 0 for both */
	l = (struct session_limits){ .seconds_left = LIMIT_NONE, .bytes_total_left = LIMIT_NONE };
	gateway_limits_from_session(&l, 100, 1000000, 9, &g);
	assert_int_equal(g.budget, 0);
	assert_int_equal(g.until, 0);
	/* nothing left of a fresh session: a budget of 1 byte, never "unlimited" */
	l.bytes_total_left = 0;
	gateway_limits_from_session(&l, 0, 1000000, 9, &g);
	assert_int_equal(g.budget, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_garden_learning, setup, teardown),
		cmocka_unit_test_setup_teardown(test_acl_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hooks, setup, teardown),
		cmocka_unit_test(test_clients_by_slot),
		cmocka_unit_test(test_limits_from_session),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
