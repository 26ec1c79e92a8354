/* forward = bpf: an authorized client's packet goes from the LAN straight to the
 * interface the gateway's routing table names, past its IP stack, and so does a
 * download to one (from the WAN side): no second parse, route and neighbour lookup in
 * the stack, no netfilter. Only for plain unicast IP that
 * the stack would forward unchanged; everything else goes up the stack as before,
 * which answers with ICMP (TTL, MTU), resolves neighbours and delivers to the gateway
 * itself. Bypassing netfilter is why it is a setting: a gateway that NATs or filters
 * forwarded traffic keeps forward = stack (docs/architecture.md). */
#ifndef SG_BPF_FORWARD_H
#define SG_BPF_FORWARD_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "maps.h"
#include "parse.h"

#define SG_AF_INET	2
#define SG_AF_INET6	10

/* The L3 length the route's MTU must hold. A GSO superpacket leaves as segments of
 * gso_size payload each, so that plus its headers; 0 when unknown (the stack decides). */
static __always_inline __u16 sg_fwd_l3_len(struct __sk_buff *skb, const struct sg_pkt *p)
{
	__u32 l4_hdr;

	if (skb->gso_segs <= 1)
		return (__u16)p->len;
	if (p->l4 == IPPROTO_TCP)
		l4_hdr = p->tcp_doff;
	else if (p->l4 == IPPROTO_UDP)
		l4_hdr = 8;
	else
		return 0;
	return (__u16)(p->l4_off - ETH_HLEN + l4_hdr + skb->gso_size);
}

/* Is the next hop a client the LAN's egress program lets through (authorized or
 * allow-listed)? Downloads to anybody else keep the stack's way. */
static __always_inline int sg_fwd_to_client(const __u8 *dmac)
{
	struct sg_mac mac;
	struct sg_client_cfg *cfg;

	__builtin_memcpy(&mac, dmac, sizeof(mac));
	cfg = bpf_map_lookup_elem(&sg_client_cfg, &mac);
	return cfg && (cfg->flags & (SG_CLIENT_AUTHORIZED | SG_CLIENT_ALLOWLIST));
}

/* TC_ACT_REDIRECT when the packet went out directly, TC_ACT_OK for the stack. With
 * to_client, only when the next hop is a client's MAC (sg_fwd_to_client). */
static __always_inline int sg_forward(struct __sk_buff *skb, const struct sg_pkt *p, int to_client)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + ETH_HLEN;
	struct ipv6hdr *ip6 = data + ETH_HLEN;
	struct bpf_fib_lookup f = {};
	__u32 check;

	if (skb->pkt_type != PACKET_HOST || !p->simple || !p->l4)
		return TC_ACT_OK;	/* not ours to route, IPv4 options, fragments */
	f.tot_len = sg_fwd_l3_len(skb, p);
	if (!f.tot_len)
		return TC_ACT_OK;
	f.ifindex = skb->ifindex;
	f.l4_protocol = p->l4;
	f.sport = p->sport;
	f.dport = p->dport;
	if (p->family == 4) {
		if ((void *)(ip + 1) > end || ip->ttl <= 1)
			return TC_ACT_OK;
		f.family = SG_AF_INET;
		f.tos = ip->tos;
		f.ipv4_src = ip->saddr;
		f.ipv4_dst = ip->daddr;
	} else if (p->family == 6) {
		if ((void *)(ip6 + 1) > end || ip6->hop_limit <= 1)
			return TC_ACT_OK;
		f.family = SG_AF_INET6;
		f.flowinfo = *(__be32 *)ip6 & bpf_htonl(0x0FFFFFFF);
		__builtin_memcpy(f.ipv6_src, &ip6->saddr, 16);
		__builtin_memcpy(f.ipv6_dst, &ip6->daddr, 16);
	} else {
		return TC_ACT_OK;
	}
	if (bpf_fib_lookup(skb, &f, sizeof(f), 0) != BPF_FIB_LKUP_RET_SUCCESS ||
	    f.ifindex == skb->ifindex || (to_client && !sg_fwd_to_client(f.dmac)))
		return TC_ACT_OK;
	if (p->family == 4) {
		/* TTL - 1 and its checksum update, as the stack's ip_decrease_ttl() */
		check = ip->check;
		check += bpf_htons(0x0100);
		ip->check = (__sum16)(check + (check >= 0xFFFF));
		ip->ttl--;
	} else {
		ip6->hop_limit--;
	}
	__builtin_memcpy(eth->h_dest, f.dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, f.smac, ETH_ALEN);
	return bpf_redirect(f.ifindex, 0);
}

#endif
