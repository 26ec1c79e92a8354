/* Packet parser shared by the XDP and tc programs: Ethernet, IPv4 (options,
 * fragments), IPv6 (a few extension headers), TCP/UDP ports, ICMP types. It copies
 * what policy needs into struct sg_pkt, so the callers hold no packet pointers across
 * helper calls that may move the packet. */
#ifndef SG_BPF_PARSE_H
#define SG_BPF_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <spotgate/maps.h>

#define SG_ETH_P_ARP	0x0806

/* Headers the parser wants in the linear part of an skb: Ethernet, IPv6, a few
 * extension headers, TCP. tc pulls this much when the linear part is shorter. */
#define SG_PULL_LEN	128

#define SG_TCP_FIN	0x01
#define SG_TCP_SYN	0x02
#define SG_TCP_RST	0x04
#define SG_TCP_PSH	0x08
#define SG_TCP_ACK	0x10

union sg_addr {
	__u8 v6[16];
	__be32 w[4];
	__u64 q[2];		/* 8-byte aligned: compared as two words */
};

struct sg_pkt {
	union sg_addr saddr6;	/* first: keeps them 8-byte aligned on the stack */
	union sg_addr daddr6;
	__u32 len;		/* IP bytes: frame length - ETH_HLEN */
	__be16 proto;		/* ethertype */
	__u8 family;		/* 4, 6, or 0 for anything that is not IP */
	__u8 l4;		/* IPPROTO_*, 0 when there is no L4 header (later fragment) */
	__u8 simple;		/* IPv4 without options / IPv6 without extension headers */
	__u8 tcp_flags;
	__u8 icmp_type;
	__u8 tcp_doff;		/* TCP header length in bytes */
	__u16 l4_off;		/* from the start of the frame */
	__u16 l4_len;		/* L4 header + payload, per the IP header */
	struct sg_mac smac;
	struct sg_mac dmac;
	__be32 saddr4;
	__be32 daddr4;
	__be16 sport;
	__be16 dport;
	__be32 tcp_seq;
	__be32 tcp_ack;
};

/* Writes skb->mark with one 32-bit store: the verifier refuses the narrower store
 * clang would make when only some bits change. */
static __always_inline void sg_set_mark(struct __sk_buff *skb, __u32 mark)
{
	asm volatile("" : "+r"(mark));
	skb->mark = mark;
}

static __always_inline int sg_mac_is_multicast(const struct sg_mac *m)
{
	return m->addr[0] & 1;
}

static __always_inline void sg_mac_copy(struct sg_mac *dst, const __u8 *src)
{
	__builtin_memcpy(dst->addr, src, 6);
}

static __always_inline int sg_v6_is_zero(const __u8 *a)
{
	const __u64 *q = (const __u64 *)a;

	return (q[0] | q[1]) == 0;
}

static __always_inline int sg_v6_equal(const __u8 *a, const __u8 *b)
{
	const __u64 *x = (const __u64 *)a, *y = (const __u64 *)b;

	return x[0] == y[0] && x[1] == y[1];
}

static __always_inline int sg_v6_is_linklocal(const __u8 *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

static __always_inline int sg_parse_l4(void *l4, void *data_end, struct sg_pkt *p)
{
	if (p->l4 == IPPROTO_TCP) {
		struct tcphdr *th = l4;

		if ((void *)(th + 1) > data_end)
			return -1;
		p->sport = th->source;
		p->dport = th->dest;
		p->tcp_seq = th->seq;
		p->tcp_ack = th->ack_seq;
		p->tcp_flags = ((__u8 *)th)[13];
		p->tcp_doff = th->doff * 4;
	} else if (p->l4 == IPPROTO_UDP) {
		struct udphdr *uh = l4;

		if ((void *)(uh + 1) > data_end)
			return -1;
		p->sport = uh->source;
		p->dport = uh->dest;
	} else if (p->l4 == IPPROTO_ICMP || p->l4 == IPPROTO_ICMPV6) {
		__u8 *t = l4;

		if ((void *)(t + 1) > data_end)
			return -1;
		p->icmp_type = *t;
	}
	return 0;
}

static __always_inline int sg_parse_ipv4(void *data, void *data_end, struct sg_pkt *p)
{
	struct iphdr *iph = data + ETH_HLEN;
	__u32 ihl, tot;

	if ((void *)(iph + 1) > data_end)
		return -1;
	ihl = iph->ihl * 4;
	tot = bpf_ntohs(iph->tot_len);
	if (ihl < sizeof(*iph) || tot < ihl)
		return -1;
	p->family = 4;
	p->saddr4 = iph->saddr;
	p->daddr4 = iph->daddr;
	p->simple = ihl == sizeof(*iph);
	p->l4_off = ETH_HLEN + ihl;
	p->l4_len = tot - ihl;
	if (iph->frag_off & bpf_htons(0x1fff))
		return 0;	/* later fragment: no ports */
	p->l4 = iph->protocol;
	if (data + ETH_HLEN + ihl > data_end)
		return -1;
	return sg_parse_l4(data + ETH_HLEN + ihl, data_end, p);
}

static __always_inline int sg_parse_ipv6(void *data, void *data_end, struct sg_pkt *p)
{
	struct ipv6hdr *ip6 = data + ETH_HLEN;
	__u32 off = ETH_HLEN + sizeof(*ip6);
	__u32 plen;
	__u8 next;

	if ((void *)(ip6 + 1) > data_end)
		return -1;
	p->family = 6;
	__builtin_memcpy(p->saddr6.v6, &ip6->saddr, 16);
	__builtin_memcpy(p->daddr6.v6, &ip6->daddr, 16);
	plen = bpf_ntohs(ip6->payload_len);
	next = ip6->nexthdr;
	p->simple = 1;

#pragma unroll
	for (int i = 0; i < 4; i++) {
		__u8 *eh = data + off;

		if (next != IPPROTO_HOPOPTS && next != IPPROTO_ROUTING &&
		    next != IPPROTO_DSTOPTS && next != IPPROTO_FRAGMENT)
			break;
		if ((void *)(eh + 8) > data_end)
			return -1;
		p->simple = 0;
		if (next == IPPROTO_FRAGMENT) {
			/* offset in bits 3..15 of bytes 2-3 */
			if ((eh[2] << 8 | eh[3]) & 0xfff8) {
				p->l4_off = off;
				return 0;	/* later fragment: no ports */
			}
			next = eh[0];
			off += 8;
		} else {
			next = eh[0];
			off += (eh[1] + 1) * 8;
		}
	}
	if (off - ETH_HLEN - sizeof(*ip6) > plen)
		return -1;
	p->l4 = next;
	p->l4_off = off;
	p->l4_len = plen - (off - ETH_HLEN - sizeof(*ip6));
	if (off > SG_PULL_LEN)
		return -1;
	return sg_parse_l4(data + off, data_end, p);
}

/* Fills *p from the frame at [data, data_end). Returns 0, or -1 when the frame is
 * too short for the headers it announces (callers drop those). */
static __always_inline int sg_parse(void *data, void *data_end, __u32 frame_len,
				    struct sg_pkt *p)
{
	struct ethhdr *eth = data;

	if ((void *)(eth + 1) > data_end)
		return -1;
	p->len = frame_len - ETH_HLEN;
	p->proto = eth->h_proto;
	sg_mac_copy(&p->dmac, eth->h_dest);
	sg_mac_copy(&p->smac, eth->h_source);
	if (eth->h_proto == bpf_htons(ETH_P_IP))
		return sg_parse_ipv4(data, data_end, p);
	if (eth->h_proto == bpf_htons(ETH_P_IPV6))
		return sg_parse_ipv6(data, data_end, p);
	return 0;
}

/* Parses the headers, pulling them into the linear part only when they are not all
 * there already. A TCP superpacket from a local stack carries just its headers in the
 * linear part and is a clone (the sender keeps it for retransmission): pulling more
 * than it needs makes the kernel copy the head and take a reference on every page
 * fragment, about 0.7 us per 64 KB superpacket in the lab (docs/benchmarks.md). */
static __always_inline int sg_load(struct __sk_buff *skb, struct sg_pkt *p)
{
	__u32 want = skb->len < SG_PULL_LEN ? skb->len : SG_PULL_LEN;

	if (!sg_parse((void *)(long)skb->data, (void *)(long)skb->data_end, skb->len, p))
		return 0;
	if ((void *)(long)skb->data + want <= (void *)(long)skb->data_end)
		return -1;	/* all there and still short: malformed */
	__builtin_memset(p, 0, sizeof(*p));
	bpf_skb_pull_data(skb, want);
	return sg_parse((void *)(long)skb->data, (void *)(long)skb->data_end, skb->len, p);
}

#endif
