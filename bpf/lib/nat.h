/* Portal redirect: unauthorized TCP/80 is DNATed to the portal in tc.
 *
 * Why DNAT in tc with an LRU reverse-NAT map (and not bpf_sk_assign or a mark plus an
 * nftables rule): it is the only one of the three that lives entirely in the programs
 * and maps we already attach and pin. bpf_sk_assign needs a policy-routing rule that
 * makes every address local ("ip route add local default dev lo table N") and a
 * listener that answers from non-local addresses, and it cannot be exercised by
 * bpf_prog_test_run without a live socket. A mark plus "meta mark X tcp dport 80
 * redirect" is one rule, but it brings in nftables and conntrack NAT as a second place
 * that must be installed, kept in sync with the mark value and survive restarts. The
 * DNAT here is the same code for IPv4 and IPv6 (only the checksum arithmetic differs),
 * keeps working while the daemon restarts (the map is pinned), and its output is
 * checked byte for byte in tests/unit/test_bpf_lan_tc.c. The costs: the checksum
 * updates below, and an LRU map that under a SYN flood may evict the entry of an older
 * redirected connection, which then breaks; the browser simply retries. The key is the
 * client's address and port, which after the rewrite is all that tells two redirected
 * connections apart (the destination is the portal for both); a client reusing one
 * source port for two destinations at once would collide in the kernel's socket table
 * anyway.
 *
 * Ingress: C:cp -> D:80 becomes C:cp -> P:pp, remembering (C, cp) -> (D, 80).
 * Egress:  P:pp -> C:cp becomes D:80 -> C:cp when (C, cp) is remembered.
 */
#ifndef SG_BPF_NAT_H
#define SG_BPF_NAT_H

#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "maps.h"
#include "parse.h"

#define SG_IP4_CSUM_OFF		(ETH_HLEN + 10)
#define SG_IP4_SADDR_OFF	(ETH_HLEN + 12)
#define SG_IP4_DADDR_OFF	(ETH_HLEN + 16)
#define SG_IP6_SADDR_OFF	(ETH_HLEN + 8)
#define SG_IP6_DADDR_OFF	(ETH_HLEN + 24)
#define SG_TCP_CSUM_OFF		16

static __always_inline void sg_v4_mapped(__u8 *out, __be32 a)
{
	__be32 *w = (__be32 *)out;

	w[0] = 0;
	w[1] = 0;
	w[2] = bpf_htonl(0xffff);
	w[3] = a;
}

/* Is the portal configured for this packet's family? */
static __always_inline int sg_portal_set(const struct sg_settings *s, const struct sg_pkt *p)
{
	if (!s->portal_port)
		return 0;
	if (p->family == 4)
		return s->portal_v4 != 0;
	return !sg_v6_is_zero(s->portal_v6);
}

/* Is the packet's address (destination if dst, else source) the portal address? */
static __always_inline int sg_is_portal(const struct sg_settings *s, const struct sg_pkt *p,
					int dst)
{
	if (p->family == 4)
		return s->portal_v4 && (dst ? p->daddr4 : p->saddr4) == s->portal_v4;
	if (p->family == 6)
		return !sg_v6_is_zero(s->portal_v6) &&
		       sg_v6_equal(dst ? p->daddr6.v6 : p->saddr6.v6, s->portal_v6);
	return 0;
}

/* Rewrites address and port at addr_off / port_off (source or destination) of a TCP
 * packet, with the IPv4 header and TCP checksums updated incrementally. */
static __always_inline int sg_rewrite(struct __sk_buff *skb, const struct sg_pkt *p,
				      __u32 addr_off, __u32 port_off,
				      const union sg_addr *old_addr, const union sg_addr *new_addr,
				      __be16 old_port, __be16 new_port)
{
	__u32 csum_off = p->l4_off + SG_TCP_CSUM_OFF;

	if (p->family == 4) {
		__be32 o = old_addr->w[0], n = new_addr->w[0];

		if (bpf_l4_csum_replace(skb, csum_off, o, n, BPF_F_PSEUDO_HDR | 4) ||
		    bpf_l3_csum_replace(skb, SG_IP4_CSUM_OFF, o, n, 4) ||
		    bpf_skb_store_bytes(skb, addr_off, &n, 4, 0))
			return -1;
	} else {
		union sg_addr o = *old_addr, n = *new_addr;
		__s64 diff;

		diff = bpf_csum_diff(o.w, 16, n.w, 16, 0);
		if (bpf_l4_csum_replace(skb, csum_off, 0, diff, BPF_F_PSEUDO_HDR) ||
		    bpf_skb_store_bytes(skb, addr_off, n.v6, 16, 0))
			return -1;
	}
	if (bpf_l4_csum_replace(skb, csum_off, old_port, new_port, 2) ||
	    bpf_skb_store_bytes(skb, port_off, &new_port, 2, 0))
		return -1;
	return 0;
}

/* Ingress: send this TCP/80 packet of an unauthorized client to the portal. */
static __always_inline int sg_nat_to_portal(struct __sk_buff *skb, const struct sg_pkt *p,
					    const struct sg_settings *s, __u64 now)
{
	struct sg_nat_key k = { .port = p->sport, .family = p->family };
	struct sg_nat_val v = { .port = p->dport, .last_ns = now };
	union sg_addr old, portal;
	__u32 addr_off;

	if (p->family == 4) {
		sg_v4_mapped(k.addr, p->saddr4);
		sg_v4_mapped(v.addr, p->daddr4);
		old.w[0] = p->daddr4;
		portal.w[0] = s->portal_v4;
		addr_off = SG_IP4_DADDR_OFF;
	} else {
		__builtin_memcpy(k.addr, p->saddr6.v6, 16);
		__builtin_memcpy(v.addr, p->daddr6.v6, 16);
		__builtin_memcpy(old.v6, p->daddr6.v6, 16);
		__builtin_memcpy(portal.v6, s->portal_v6, 16);
		addr_off = SG_IP6_DADDR_OFF;
	}
	if (bpf_map_update_elem(&sg_portal_nat, &k, &v, BPF_ANY))
		return -1;
	return sg_rewrite(skb, p, addr_off, p->l4_off + 2, &old, &portal,
			  p->dport, s->portal_port);
}

/* Egress: if this is the portal answering a redirected connection, give it back the
 * source the client expects. Returns 1 when rewritten, 0 when not ours, -1 on error. */
static __always_inline int sg_nat_from_portal(struct __sk_buff *skb, const struct sg_pkt *p,
					      const struct sg_settings *s)
{
	struct sg_nat_key k = { .port = p->dport, .family = p->family };
	struct sg_nat_val *v;
	union sg_addr portal, orig;
	__be16 orig_port;
	__u32 addr_off;

	if (p->l4 != IPPROTO_TCP || p->sport != s->portal_port || !sg_is_portal(s, p, 0))
		return 0;
	if (p->family == 4) {
		sg_v4_mapped(k.addr, p->daddr4);
		portal.w[0] = s->portal_v4;
		addr_off = SG_IP4_SADDR_OFF;
	} else {
		__builtin_memcpy(k.addr, p->daddr6.v6, 16);
		__builtin_memcpy(portal.v6, s->portal_v6, 16);
		addr_off = SG_IP6_SADDR_OFF;
	}
	v = bpf_map_lookup_elem(&sg_portal_nat, &k);
	if (!v)
		return 0;
	if (p->family == 4)
		__builtin_memcpy(&orig.w[0], &v->addr[12], 4);
	else
		__builtin_memcpy(orig.v6, v->addr, 16);
	orig_port = v->port;
	if (sg_rewrite(skb, p, addr_off, p->l4_off, &portal, &orig, p->sport, orig_port))
		return -1;
	return 1;
}

#endif
