/* The walled garden: admin prefixes from the database (expires_ns 0) and addresses
 * learned from the DNS answers guests receive for the garden's domains.
 *
 * A learned address lives for the record's TTL, but at least GARDEN_TTL_MIN: resolvers
 * hand out TTL 0 and short TTLs for names that front a CDN, and the client's connection
 * that follows the answer (and its TLS handshake, and the payment page's redirects)
 * must still find the entry. At most GARDEN_TTL_MAX, so a domain removed from the
 * garden stops opening addresses within a bounded time even if nothing flushes it.
 * The garden is checked in tc on every packet of an unauthorized client, so an expired
 * entry stops matching at once; deleting it (garden_sweep) is only housekeeping. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <arpa/inet.h>
#include <bpf/bpf.h>

#include "common/cidr.h"
#include "common/log.h"
#include "common/mac.h"
#include "gateway/internal.h"
#include "store/garden.h"
#include "store/sites.h"

#define GARDEN_TTL_MIN	60
#define GARDEN_TTL_MAX	86400
#define NS		1000000000ull

static int domain_matches(const struct gateway *gw, const char *name)
{
	for (int i = 0; i < gw->ndomains; i++)
		if (dns_name_match(gw->domains[i], name))
			return 1;
	return 0;
}

/* Adds or extends a learned address; never shortens one or turns an admin entry
 * (expires_ns 0) into an expiring one. */
static void learn_address(struct gateway *gw, const struct dns_address *a, uint64_t expires)
{
	struct sg_garden_val v = { .expires_ns = expires }, old;
	struct sg_lpm_v4 k4 = { .prefixlen = 32 };
	struct sg_lpm_v6 k6 = { .prefixlen = 128 };
	void *key;
	int fd;

	if (a->family == 4) {
		memcpy(&k4.addr, a->addr, 4);
		key = &k4;
		fd = gw->garden_v4_fd;
	} else {
		memcpy(k6.addr, a->addr, 16);
		key = &k6;
		fd = gw->garden_v6_fd;
	}
	/* an LPM lookup may answer with a covering admin prefix: that is enough too */
	if (bpf_map_lookup_elem(fd, key, &old) == 0) {
		if (!old.expires_ns || old.expires_ns >= expires)
			return;
		v.packets = old.packets;
	}
	if (bpf_map_update_elem(fd, key, &v, BPF_ANY))
		log_warn("garden", "cannot add a learned address error=\"%s\"", strerror(errno));
}

void garden_learn(struct gateway *gw, const struct sg_dns_msg *msg, size_t size)
{
	static struct dns_message d;	/* 17 KB: not on the loop's stack; one loop thread */
	struct dns_address addrs[DNS_MAX_RECORDS];
	char chain[DNS_CHAIN_MAX + 1][DNS_NAME_MAX];
	int n, nchain, matched = 0;
	uint64_t now = gateway_now_ns();

	if ((!gw->ndomains && !gw->app->sites) || size < offsetof(struct sg_dns_msg, data) ||
	    msg->caplen > SG_DNS_CAP || size < offsetof(struct sg_dns_msg, data) + msg->caplen)
		return;
	if (dns_parse(msg->data, msg->caplen, &d) || d.rcode != 0)
		return;
	/* the sites-visited log ([sites] retention_days): names that resolved */
	if (gw->app->sites && d.nrecords > 0) {
		char mac[MAC_TEXT_LEN];

		mac_format(msg->client.addr, mac);
		sites_log_add(gw->app->sites, mac, d.qname, time(NULL));
	}
	if (!gw->ndomains)
		return;
	n = dns_resolve(&d, d.qname, addrs, DNS_MAX_RECORDS, chain, &nchain);
	for (int i = 0; i < nchain && !matched; i++)
		matched = domain_matches(gw, chain[i]);
	if (!matched || n == 0)
		return;
	for (int i = 0; i < n; i++) {
		uint32_t ttl = addrs[i].ttl;
		char text[INET6_ADDRSTRLEN];

		ttl = ttl < GARDEN_TTL_MIN ? GARDEN_TTL_MIN : ttl > GARDEN_TTL_MAX ? GARDEN_TTL_MAX : ttl;
		learn_address(gw, &addrs[i], now + ttl * NS);
		inet_ntop(addrs[i].family == 4 ? AF_INET : AF_INET6, addrs[i].addr, text, sizeof(text));
		log_debug("garden", "learned name=%s address=%s ttl=%u", d.qname, text, ttl);
	}
}

/* Deletes learned entries whose time has passed (or every learned entry). */
static void sweep_map(int fd, size_t key_size, uint64_t now, int all)
{
	char key[sizeof(struct sg_lpm_v6)], next[sizeof(struct sg_lpm_v6)];
	void *prev = NULL;
	char (*stale)[sizeof(struct sg_lpm_v6)] = NULL;
	size_t n = 0, cap = 0;

	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		struct sg_garden_val v;

		memcpy(key, next, key_size);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, &v) || !v.expires_ns || (!all && v.expires_ns > now))
			continue;
		if (n == cap) {
			void *grown = realloc(stale, (cap = cap ? cap * 2 : 64) * sizeof(*stale));

			if (!grown)
				break;
			stale = grown;
		}
		memcpy(stale[n++], key, key_size);
	}
	for (size_t i = 0; i < n; i++)
		bpf_map_delete_elem(fd, stale[i]);
	free(stale);
}

void garden_sweep(struct gateway *gw, int all)
{
	uint64_t now = gateway_now_ns();

	sweep_map(gw->garden_v4_fd, sizeof(struct sg_lpm_v4), now, all);
	sweep_map(gw->garden_v6_fd, sizeof(struct sg_lpm_v6), now, all);
}

struct garden_load_state {
	struct gateway *gw;
	struct cidr *cidrs;
	size_t ncidrs, cap;
	int ndomains;
	int err;
};

static void collect(const struct garden_entry *e, void *arg)
{
	struct garden_load_state *st = arg;
	char err[128];

	if (e->kind == GARDEN_DOMAIN) {
		void *grown = realloc(st->gw->domains, (size_t)(st->ndomains + 1) * DNS_NAME_MAX);

		if (!grown) {
			st->err = -ENOMEM;
			return;
		}
		st->gw->domains = grown;
		snprintf(st->gw->domains[st->ndomains++], DNS_NAME_MAX, "%.*s", DNS_NAME_MAX - 1, e->value);
		return;
	}
	if (st->ncidrs == st->cap) {
		void *grown = realloc(st->cidrs, (st->cap = st->cap ? st->cap * 2 : 16) * sizeof(struct cidr));

		if (!grown) {
			st->err = -ENOMEM;
			return;
		}
		st->cidrs = grown;
	}
	if (cidr_parse(e->value, &st->cidrs[st->ncidrs], err, sizeof(err)) == 0)
		st->ncidrs++;
}

/* Admin entries (expires_ns 0) in one map that the database no longer has. */
static void drop_removed(int fd, size_t key_size, int family, const struct cidr *cidrs, size_t n)
{
	char key[sizeof(struct sg_lpm_v6)], next[sizeof(struct sg_lpm_v6)];
	char (*stale)[sizeof(struct sg_lpm_v6)] = NULL;
	size_t nstale = 0;
	void *prev = NULL;

	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		struct sg_garden_val v;
		int wanted = 0;
		uint32_t prefixlen;

		memcpy(key, next, key_size);
		prev = key;
		if (bpf_map_lookup_elem(fd, key, &v) || v.expires_ns)
			continue;
		memcpy(&prefixlen, key, 4);
		for (size_t i = 0; i < n && !wanted; i++)
			wanted = cidrs[i].family == family && cidrs[i].prefix == prefixlen &&
				 !memcmp(cidrs[i].addr, key + 4, key_size - 4);
		if (wanted)
			continue;
		void *grown = realloc(stale, (nstale + 1) * sizeof(*stale));

		if (!grown)
			break;
		stale = grown;
		memcpy(stale[nstale++], key, key_size);
	}
	for (size_t i = 0; i < nstale; i++)
		bpf_map_delete_elem(fd, stale[i]);
	free(stale);
}

int garden_load(struct gateway *gw, int flush_learned)
{
	struct garden_load_state st = { .gw = gw };
	int e;

	free(gw->domains);
	gw->domains = NULL;
	gw->ndomains = 0;
	e = garden_each(gw->app->db, collect, &st);
	gw->ndomains = st.ndomains;
	if (e || (e = st.err)) {
		free(st.cidrs);
		return e;
	}
	drop_removed(gw->garden_v4_fd, sizeof(struct sg_lpm_v4), AF_INET, st.cidrs, st.ncidrs);
	drop_removed(gw->garden_v6_fd, sizeof(struct sg_lpm_v6), AF_INET6, st.cidrs, st.ncidrs);
	if (flush_learned)
		garden_sweep(gw, 1);
	for (size_t i = 0; i < st.ncidrs && !e; i++) {
		struct cidr *c = &st.cidrs[i];
		struct sg_garden_val v = { 0 }, old;
		struct sg_lpm_v4 k4 = { .prefixlen = c->prefix };
		struct sg_lpm_v6 k6 = { .prefixlen = c->prefix };
		void *key = c->family == AF_INET ? (void *)&k4 : (void *)&k6;
		int fd = c->family == AF_INET ? gw->garden_v4_fd : gw->garden_v6_fd;

		memcpy(&k4.addr, c->addr, 4);
		memcpy(k6.addr, c->addr, 16);
		/* keep the packet count of an entry that is there already */
		if (bpf_map_lookup_elem(fd, key, &old) == 0 && !old.expires_ns)
			continue;
		if (bpf_map_update_elem(fd, key, &v, BPF_ANY))
			e = -errno;
	}
	log_info("gateway", "walled garden written prefixes=%zu domains=%d", st.ncidrs, gw->ndomains);
	free(st.cidrs);
	return e;
}

int gateway_garden_sync(struct app *app)
{
	/* a removed domain must not keep its addresses open: learned ones are flushed
	 * and come back with the next DNS answer for a domain still in the garden */
	return app->gateway ? garden_load(app->gateway, 1) : 0;
}

int gateway_garden_learned(struct app *app,
			   void (*fn)(int family, const uint8_t *addr, int64_t expires, void *arg),
			   void *arg)
{
	struct gateway *gw = app->gateway;
	int fds[2], fams[2] = { 4, 6 };
	size_t sizes[2] = { sizeof(struct sg_lpm_v4), sizeof(struct sg_lpm_v6) };
	uint64_t now = gateway_now_ns();

	if (!gw)
		return -ENODEV;
	fds[0] = gw->garden_v4_fd;
	fds[1] = gw->garden_v6_fd;
	for (int f = 0; f < 2; f++) {
		char key[sizeof(struct sg_lpm_v6)], next[sizeof(struct sg_lpm_v6)];
		void *prev = NULL;

		while (bpf_map_get_next_key(fds[f], prev, next) == 0) {
			struct sg_garden_val v;

			memcpy(key, next, sizes[f]);
			prev = key;
			if (bpf_map_lookup_elem(fds[f], key, &v) || !v.expires_ns || v.expires_ns <= now)
				continue;
			fn(fams[f], (const uint8_t *)key + 4, gateway_ns_to_epoch(v.expires_ns), arg);
		}
	}
	return 0;
}
