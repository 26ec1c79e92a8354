/* Lookups in the deny list, the allow list and the walled garden. Each match counts
 * itself in the entry's value, so `bpftool map dump` shows which entries are used. */
#ifndef SG_BPF_ACL_H
#define SG_BPF_ACL_H

#include "maps.h"
#include "parse.h"

static __always_inline struct sg_acl_hits *sg_lpm_hits(void *map4, void *map6,
						       struct sg_pkt *p, int dst)
{
	if (p->family == 4) {
		struct sg_lpm_v4 k = { .prefixlen = 32, .addr = dst ? p->daddr4 : p->saddr4 };

		return bpf_map_lookup_elem(map4, &k);
	}
	if (p->family == 6) {
		struct sg_lpm_v6 k = { .prefixlen = 128 };

		__builtin_memcpy(k.addr, dst ? p->daddr6.v6 : p->saddr6.v6, 16);
		return bpf_map_lookup_elem(map6, &k);
	}
	return NULL;
}

/* Deny list: the source MAC, or the source or destination address. Returns the
 * sg_stat to count the drop under, or -1 when nothing matched. flags: the settings'
 * (SG_SET_NO_DENY_*: skip a part that is empty). */
static __always_inline int sg_deny_match(struct sg_pkt *p, __u32 flags)
{
	struct sg_acl_hits *h;

	h = flags & SG_SET_NO_DENY_MAC ? NULL : bpf_map_lookup_elem(&sg_deny_mac, &p->smac);
	if (h) {
		sg_acl_hit(h, p->len);
		return SG_STAT_DENY_MAC;
	}
	if (flags & SG_SET_NO_DENY_IP)
		return -1;
	h = sg_lpm_hits(&sg_deny_v4, &sg_deny_v6, p, 0);
	if (!h)
		h = sg_lpm_hits(&sg_deny_v4, &sg_deny_v6, p, 1);
	if (h) {
		sg_acl_hit(h, p->len);
		return SG_STAT_DENY_IP;
	}
	return -1;
}

/* Allow list by address: the client's address is the source on ingress (dst == 0)
 * and the destination on egress (dst == 1). */
static __always_inline int sg_allow_match(struct sg_pkt *p, int dst, __u32 flags)
{
	struct sg_acl_hits *h;

	if (flags & SG_SET_NO_ALLOW_IP)
		return 0;
	h = sg_lpm_hits(&sg_allow_v4, &sg_allow_v6, p, dst);
	if (!h)
		return 0;
	sg_acl_hit(h, p->len);
	return 1;
}

/* Walled garden: the far end's address is the destination on ingress (dst == 1) and
 * the source on egress (dst == 0). Learned entries stop matching at expires_ns. */
static __always_inline int sg_garden_match(struct sg_pkt *p, int dst, __u64 now)
{
	struct sg_garden_val *g = NULL;

	if (p->family == 4) {
		struct sg_lpm_v4 k = { .prefixlen = 32, .addr = dst ? p->daddr4 : p->saddr4 };

		g = bpf_map_lookup_elem(&sg_garden_v4, &k);
	} else if (p->family == 6) {
		struct sg_lpm_v6 k = { .prefixlen = 128 };

		__builtin_memcpy(k.addr, dst ? p->daddr6.v6 : p->saddr6.v6, 16);
		g = bpf_map_lookup_elem(&sg_garden_v6, &k);
	}
	if (!g || (g->expires_ns && now >= g->expires_ns))
		return 0;
	__sync_fetch_and_add(&g->packets, 1);
	return 1;
}

#endif
