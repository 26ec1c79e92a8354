/* Refusing unauthorized TCP with a RST, built in place: the client's segment is cut
 * down to its headers, turned around (MACs, addresses, ports swapped) and sent back out
 * of the interface it came in on. A silent drop would leave the browser waiting for
 * its SYN retries (up to a minute for HTTPS); a RST makes it fail at once.
 *
 * Sequence numbers as RFC 9293 3.10.7.1 (segment arrives for a closed connection):
 * if the segment has ACK, RST with seq = its ack; otherwise RST|ACK with seq 0 and
 * ack = its seq + its length (SYN and FIN count one each).
 *
 * Only plain headers are turned around (IPv4 without options, IPv6 without extension
 * headers); the rare others are dropped. The RST carries SG_MARK_OWN so the egress
 * program lets it out. Checksums are computed in full; bpf_skb_store_bytes with
 * BPF_F_RECOMPUTE_CSUM keeps skb->csum right for CHECKSUM_COMPLETE skbs. */
#ifndef SG_BPF_RST_H
#define SG_BPF_RST_H

#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include "csum.h"
#include "parse.h"

struct sg_tcp20 {
	__be16 source;
	__be16 dest;
	__be32 seq;
	__be32 ack_seq;
	__u8 doff_res;		/* data offset << 4 */
	__u8 flags;
	__be16 window;
	__be16 check;
	__be16 urg_ptr;
};

struct sg_pseudo4 {
	__be32 saddr;
	__be32 daddr;
	__u8 zero;
	__u8 proto;
	__be16 len;
};

struct sg_pseudo6 {
	__u8 saddr[16];
	__u8 daddr[16];
	__be32 len;
	__u8 zero[3];
	__u8 proto;
};

static __always_inline void sg_rst_tcp(const struct sg_pkt *p, struct sg_tcp20 *t)
{
	__u32 seglen = 0;

	if (p->l4_len > p->tcp_doff)
		seglen = p->l4_len - p->tcp_doff;
	if (p->tcp_flags & SG_TCP_SYN)
		seglen++;
	if (p->tcp_flags & SG_TCP_FIN)
		seglen++;
	t->source = p->dport;
	t->dest = p->sport;
	t->doff_res = 5 << 4;
	if (p->tcp_flags & SG_TCP_ACK) {
		t->seq = p->tcp_ack;
		t->ack_seq = 0;
		t->flags = SG_TCP_RST;
	} else {
		t->seq = 0;
		t->ack_seq = bpf_htonl(bpf_ntohl(p->tcp_seq) + seglen);
		t->flags = SG_TCP_RST | SG_TCP_ACK;
	}
	t->window = 0;
	t->check = 0;
	t->urg_ptr = 0;
}

static __always_inline int sg_store_eth(struct __sk_buff *skb, const struct sg_pkt *p)
{
	struct ethhdr eth;

	__builtin_memcpy(eth.h_dest, p->smac.addr, 6);
	__builtin_memcpy(eth.h_source, p->dmac.addr, 6);
	eth.h_proto = p->proto;
	return bpf_skb_store_bytes(skb, 0, &eth, sizeof(eth), BPF_F_RECOMPUTE_CSUM);
}

/* Turns the TCP segment in skb into a RST to its sender. Returns the tc verdict. */
static __always_inline int sg_send_rst(struct __sk_buff *skb, const struct sg_pkt *p)
{
	struct sg_tcp20 t;
	__u32 sum;

	if (!p->simple || (p->tcp_flags & SG_TCP_RST))
		return TC_ACT_SHOT;
	sg_rst_tcp(p, &t);

	if (p->family == 4) {
		struct iphdr ip = {
			.version = 4, .ihl = 5, .tot_len = bpf_htons(40),
			.frag_off = bpf_htons(0x4000), .ttl = 64, .protocol = IPPROTO_TCP,
			.saddr = p->daddr4, .daddr = p->saddr4,
		};
		struct sg_pseudo4 ph = {
			.saddr = p->daddr4, .daddr = p->saddr4,
			.proto = IPPROTO_TCP, .len = bpf_htons(20),
		};

		ip.check = sg_csum_fold(sg_csum_add(&ip, sizeof(ip), 0));
		sum = sg_csum_add(&ph, sizeof(ph), 0);
		t.check = sg_csum_fold(sg_csum_add(&t, sizeof(t), sum));
		if (bpf_skb_change_tail(skb, ETH_HLEN + 40, 0) ||
		    sg_store_eth(skb, p) ||
		    bpf_skb_store_bytes(skb, ETH_HLEN, &ip, sizeof(ip), BPF_F_RECOMPUTE_CSUM) ||
		    bpf_skb_store_bytes(skb, ETH_HLEN + 20, &t, sizeof(t), BPF_F_RECOMPUTE_CSUM))
			return TC_ACT_SHOT;
	} else {
		struct ipv6hdr ip6 = {
			.version = 6, .payload_len = bpf_htons(20),
			.nexthdr = IPPROTO_TCP, .hop_limit = 64,
		};
		struct sg_pseudo6 ph = { .len = bpf_htonl(20), .proto = IPPROTO_TCP };

		__builtin_memcpy(&ip6.saddr, p->daddr6.v6, 16);
		__builtin_memcpy(&ip6.daddr, p->saddr6.v6, 16);
		__builtin_memcpy(ph.saddr, p->daddr6.v6, 16);
		__builtin_memcpy(ph.daddr, p->saddr6.v6, 16);
		sum = sg_csum_add(&ph, sizeof(ph), 0);
		t.check = sg_csum_fold(sg_csum_add(&t, sizeof(t), sum));
		if (bpf_skb_change_tail(skb, ETH_HLEN + 60, 0) ||
		    sg_store_eth(skb, p) ||
		    bpf_skb_store_bytes(skb, ETH_HLEN, &ip6, sizeof(ip6), BPF_F_RECOMPUTE_CSUM) ||
		    bpf_skb_store_bytes(skb, ETH_HLEN + 40, &t, sizeof(t), BPF_F_RECOMPUTE_CSUM))
			return TC_ACT_SHOT;
	}
	sg_set_mark(skb, (skb->mark & ~SG_MARK_MASK) | SG_MARK_OWN);
	return bpf_redirect(skb->ifindex, 0);
}

#endif
