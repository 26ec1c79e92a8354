/* The allow and deny lists, from the database into the maps. The database is the
 * authority: entries the maps have and it does not are deleted, the rest are added
 * without touching the hit counters of entries already there. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "common/cidr.h"
#include "common/log.h"
#include "common/mac.h"
#include "gateway/internal.h"
#include "lan_tc.skel.h"
#include "store/acl.h"

/* The keys one map should hold. */
struct keyset {
	void *keys;
	size_t size;		/* of one key */
	size_t n, cap;
};

static int keyset_add(struct keyset *s, const void *key)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		void *k = realloc(s->keys, cap * s->size);

		if (!k)
			return -ENOMEM;
		s->keys = k;
		s->cap = cap;
	}
	memcpy((char *)s->keys + s->n * s->size, key, s->size);
	s->n++;
	return 0;
}

static int keyset_has(const struct keyset *s, const void *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!memcmp((const char *)s->keys + i * s->size, key, s->size))
			return 1;
	return 0;
}

/* Makes map hold exactly the keys of s; value is written for new keys only. */
static int map_sync(int fd, const struct keyset *s, const void *value)
{
	char key[32], next[32];
	void *prev = NULL;
	struct keyset stale = { .size = s->size };
	int e = 0;

	while (bpf_map_get_next_key(fd, prev, next) == 0) {
		memcpy(key, next, s->size);
		prev = key;
		if (!keyset_has(s, key) && keyset_add(&stale, key))
			break;
	}
	for (size_t i = 0; i < stale.n; i++)
		bpf_map_delete_elem(fd, (char *)stale.keys + i * s->size);
	for (size_t i = 0; i < s->n && !e; i++) {
		if (bpf_map_update_elem(fd, (char *)s->keys + i * s->size, value, BPF_NOEXIST) &&
		    errno != EEXIST)
			e = -errno;
	}
	free(stale.keys);
	return e;
}

struct acl_sets {
	struct keyset deny_mac, deny_v4, deny_v6, allow_v4, allow_v6, allow_mac;
};

static void lpm_keys(const struct cidr *c, struct sg_lpm_v4 *k4, struct sg_lpm_v6 *k6)
{
	memset(k4, 0, sizeof(*k4));
	memset(k6, 0, sizeof(*k6));
	k4->prefixlen = k6->prefixlen = c->prefix;
	memcpy(&k4->addr, c->addr, 4);
	memcpy(k6->addr, c->addr, 16);
}

static void collect(const struct acl_entry *e, void *arg)
{
	struct acl_sets *s = arg;
	int deny = e->list == ACL_DENY;
	char err[128];

	if (e->kind == ACL_MAC) {
		struct sg_mac m;

		if (mac_parse(e->value, m.addr) == 0)
			keyset_add(deny ? &s->deny_mac : &s->allow_mac, &m);
	} else {
		struct cidr c;
		struct sg_lpm_v4 k4;
		struct sg_lpm_v6 k6;

		if (cidr_parse(e->value, &c, err, sizeof(err)))
			return;
		lpm_keys(&c, &k4, &k6);
		if (c.family == AF_INET)
			keyset_add(deny ? &s->deny_v4 : &s->allow_v4, &k4);
		else
			keyset_add(deny ? &s->deny_v6 : &s->allow_v6, &k6);
	}
}

/* Allow-listed MACs live in sg_client_cfg with SG_CLIENT_ALLOWLIST. */
static int sync_allow_macs(struct gateway *gw, const struct keyset *want)
{
	struct sg_mac key, next, *prev = NULL;
	struct keyset stale = { .size = sizeof(struct sg_mac) };
	struct sg_client_cfg cfg, allow = { .flags = SG_CLIENT_ALLOWLIST | SG_CLIENT_ANY_IP };
	int e = 0;

	while (bpf_map_get_next_key(gw->dp.cfg_fd, prev, &next) == 0) {
		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(gw->dp.cfg_fd, &key, &cfg) == 0 &&
		    (cfg.flags & SG_CLIENT_ALLOWLIST) && !keyset_has(want, &key))
			keyset_add(&stale, &key);
	}
	for (size_t i = 0; i < stale.n; i++) {
		struct sg_mac *m = (struct sg_mac *)stale.keys + i;

		dataplane_client_remove(&gw->dp, m, NULL);
		clients_remove(&gw->clients, mac_key(m->addr));
	}
	for (size_t i = 0; i < want->n && !e; i++) {
		struct sg_mac *m = (struct sg_mac *)want->keys + i;
		struct client *c;

		if (bpf_map_lookup_elem(gw->dp.cfg_fd, m, &cfg) == 0 && (cfg.flags & SG_CLIENT_ALLOWLIST))
			continue;
		/* an authorized session of this MAC ends: the allow list wins */
		e = dataplane_client_authorize(&gw->dp, m, &allow);
		if ((c = clients_get(&gw->clients, mac_key(m->addr))))
			c->flags = allow.flags;
	}
	free(stale.keys);
	return e;
}

int acl_load(struct gateway *gw)
{
	struct acl_sets s = {
		.deny_mac = { .size = sizeof(struct sg_mac) },
		.allow_mac = { .size = sizeof(struct sg_mac) },
		.deny_v4 = { .size = sizeof(struct sg_lpm_v4) },
		.allow_v4 = { .size = sizeof(struct sg_lpm_v4) },
		.deny_v6 = { .size = sizeof(struct sg_lpm_v6) },
		.allow_v6 = { .size = sizeof(struct sg_lpm_v6) },
	};
	struct sg_acl_hits zero = { 0 };
	struct lan_tc_bpf *tc = gw->dp.tc;
	int e;

	if ((e = acl_each(gw->app->db, collect, &s)) == 0 &&
	    (e = map_sync(bpf_map__fd(tc->maps.sg_deny_mac), &s.deny_mac, &zero)) == 0 &&
	    (e = map_sync(bpf_map__fd(tc->maps.sg_deny_v4), &s.deny_v4, &zero)) == 0 &&
	    (e = map_sync(bpf_map__fd(tc->maps.sg_deny_v6), &s.deny_v6, &zero)) == 0 &&
	    (e = map_sync(bpf_map__fd(tc->maps.sg_allow_v4), &s.allow_v4, &zero)) == 0 &&
	    (e = map_sync(bpf_map__fd(tc->maps.sg_allow_v6), &s.allow_v6, &zero)) == 0)
		e = sync_allow_macs(gw, &s.allow_mac);
	/* after the lists: an entry just written is looked up from now on */
	if (e == 0 && (e = dataplane_set_flag(&gw->dp, SG_SET_NO_DENY_MAC, s.deny_mac.n == 0)) == 0 &&
	    (e = dataplane_set_flag(&gw->dp, SG_SET_NO_DENY_IP, s.deny_v4.n + s.deny_v6.n == 0)) == 0)
		e = dataplane_set_flag(&gw->dp, SG_SET_NO_ALLOW_IP, s.allow_v4.n + s.allow_v6.n == 0);
	log_info("gateway", "lists written deny_mac=%zu deny_ip=%zu allow_mac=%zu allow_ip=%zu",
		 s.deny_mac.n, s.deny_v4.n + s.deny_v6.n, s.allow_mac.n, s.allow_v4.n + s.allow_v6.n);
	free(s.deny_mac.keys);
	free(s.allow_mac.keys);
	free(s.deny_v4.keys);
	free(s.allow_v4.keys);
	free(s.deny_v6.keys);
	free(s.allow_v6.keys);
	return e;
}

int gateway_acl_sync(struct app *app)
{
	return app->gateway ? acl_load(app->gateway) : 0;
}

int gateway_acl_hits(struct app *app, int deny, const char *value, struct sg_acl_hits *out)
{
	struct gateway *gw = app->gateway;
	struct lan_tc_bpf *tc;
	struct sg_mac m;
	struct cidr c;
	char err[128];

	memset(out, 0, sizeof(*out));
	if (!gw)
		return -ENOENT;
	tc = gw->dp.tc;
	if (mac_parse(value, m.addr) == 0) {
		if (deny)
			return bpf_map_lookup_elem(bpf_map__fd(tc->maps.sg_deny_mac), &m, out) ? -ENOENT : 0;
		return -ENOENT;	/* allow-listed MACs count in their client counters */
	}
	if (cidr_parse(value, &c, err, sizeof(err)))
		return -EINVAL;
	{
		struct sg_lpm_v4 k4;
		struct sg_lpm_v6 k6;
		int fd;

		lpm_keys(&c, &k4, &k6);
		if (c.family == AF_INET)
			fd = bpf_map__fd(deny ? tc->maps.sg_deny_v4 : tc->maps.sg_allow_v4);
		else
			fd = bpf_map__fd(deny ? tc->maps.sg_deny_v6 : tc->maps.sg_allow_v6);
		/* LPM lookups match the longest prefix: ask for this prefix's own entry */
		return bpf_map_lookup_elem(fd, c.family == AF_INET ? (void *)&k4 : (void *)&k6, out) ?
			       -ENOENT : 0;
	}
}
