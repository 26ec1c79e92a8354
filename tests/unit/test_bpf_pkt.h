/* Packet crafting and checking for the BPF unit tests (test_bpf_*.c): Ethernet +
 * IPv4/IPv6 + TCP/UDP/ICMPv6 frames with correct checksums, checksum verification
 * of what a program wrote back, and small map helpers. Header-only: each test file
 * is its own program. */
#ifndef SPOTGATE_TEST_BPF_PKT_H
#define SPOTGATE_TEST_BPF_PKT_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "spotgate/maps.h"

#define ETH_LEN 14

struct pktspec {
	int family;		/* 4 or 6; 0 = ARP */
	const uint8_t *smac, *dmac;
	const char *src, *dst;
	uint8_t proto;		/* IPPROTO_TCP, _UDP, _ICMPV6 */
	uint16_t sport, dport;	/* host order; ICMPv6: sport = type */
	uint8_t flags;		/* TCP flags */
	uint32_t seq, ack;
	uint16_t payload;	/* bytes of payload after the L4 header */
};

struct frame {
	uint8_t b[2048];
	uint32_t len;
};

static inline uint32_t csum_add(const void *data, size_t len, uint32_t sum)
{
	const uint8_t *p = data;

	for (size_t i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

static inline uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static inline void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

static inline uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* Pseudo-header sum for the L4 checksum of the IP packet at ip. */
static inline uint32_t pseudo_sum(const uint8_t *ip, int family, uint8_t proto, uint32_t l4len)
{
	uint32_t sum;

	if (family == 4)
		sum = csum_add(ip + 12, 8, 0);
	else
		sum = csum_add(ip + 8, 32, 0);
	return sum + proto + l4len;	/* 16-bit words: zero|proto and the length */
}

static inline uint32_t l3_len(int family)
{
	return family == 4 ? 20 : 40;
}

/* Builds the frame described by s; returns its length. */
static inline uint32_t build(struct frame *f, const struct pktspec *s)
{
	uint8_t *ip = f->b + ETH_LEN, *l4;
	uint32_t l4len, hl;

	memset(f->b, 0, sizeof(f->b));
	memcpy(f->b, s->dmac, 6);
	memcpy(f->b + 6, s->smac, 6);
	if (s->family == 0) {
		put16(f->b + 12, 0x0806);
		f->len = 60;
		return f->len;
	}
	hl = l3_len(s->family);
	l4 = ip + hl;
	if (s->proto == IPPROTO_TCP)
		l4len = 20 + s->payload;
	else
		l4len = 8 + s->payload;
	for (uint32_t i = 0; i < s->payload; i++)
		l4[l4len - s->payload + i] = (uint8_t)(i * 7 + 1);

	if (s->family == 4) {
		put16(f->b + 12, 0x0800);
		ip[0] = 0x45;
		put16(ip + 2, (uint16_t)(20 + l4len));
		put16(ip + 4, 0x1234);
		ip[8] = 64;
		ip[9] = s->proto;
		inet_pton(AF_INET, s->src, ip + 12);
		inet_pton(AF_INET, s->dst, ip + 16);
		put16(ip + 10, csum_fold(csum_add(ip, 20, 0)));
	} else {
		put16(f->b + 12, 0x86dd);
		ip[0] = 0x60;
		put16(ip + 4, (uint16_t)l4len);
		ip[6] = s->proto;
		ip[7] = 64;
		inet_pton(AF_INET6, s->src, ip + 8);
		inet_pton(AF_INET6, s->dst, ip + 24);
	}

	if (s->proto == IPPROTO_TCP) {
		put16(l4, s->sport);
		put16(l4 + 2, s->dport);
		put32(l4 + 4, s->seq);
		put32(l4 + 8, s->ack);
		l4[12] = 5 << 4;
		l4[13] = s->flags;
		put16(l4 + 14, 64240);
		put16(l4 + 16, csum_fold(csum_add(l4, l4len, pseudo_sum(ip, s->family, s->proto, l4len))));
	} else if (s->proto == IPPROTO_UDP) {
		put16(l4, s->sport);
		put16(l4 + 2, s->dport);
		put16(l4 + 4, (uint16_t)l4len);
		put16(l4 + 6, csum_fold(csum_add(l4, l4len, pseudo_sum(ip, s->family, s->proto, l4len))));
	} else {	/* ICMPv6: type, code, checksum */
		l4[0] = (uint8_t)s->sport;
		put16(l4 + 2, csum_fold(csum_add(l4, l4len, pseudo_sum(ip, s->family, s->proto, l4len))));
	}
	f->len = ETH_LEN + hl + l4len;
	return f->len;
}

/* Whether the IPv4 header (if any) and TCP/UDP checksums of frame b are right. */
static inline int checksums_ok(const uint8_t *b, uint32_t len)
{
	const uint8_t *ip = b + ETH_LEN;
	int family = get16(b + 12) == 0x0800 ? 4 : 6;
	uint32_t hl = l3_len(family), l4len;
	uint8_t proto;

	if (family == 4) {
		if (csum_fold(csum_add(ip, 20, 0)) != 0)
			return 0;
		l4len = get16(ip + 2) - 20;
		proto = ip[9];
	} else {
		l4len = get16(ip + 4);
		proto = ip[6];
	}
	if (ETH_LEN + hl + l4len > len)
		return 0;
	return csum_fold(csum_add(ip + hl, l4len, pseudo_sum(ip, family, proto, l4len))) == 0;
}

/* The programs read the coarse clock, up to a tick behind CLOCK_MONOTONIC: compare
 * their times with this one. */
static inline uint64_t mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Sum of a per-CPU sg_stats slot. */
static inline uint64_t stat_get(int fd, uint32_t idx)
{
	int n = libbpf_num_possible_cpus();
	uint64_t vals[n > 0 ? n : 1], sum = 0;

	if (n <= 0 || bpf_map_lookup_elem(fd, &idx, vals))
		return UINT64_MAX;
	for (int i = 0; i < n; i++)
		sum += vals[i];
	return sum;
}

static inline struct sg_lpm_v4 lpm4(const char *addr, uint32_t prefix)
{
	struct sg_lpm_v4 k = { .prefixlen = prefix };

	inet_pton(AF_INET, addr, &k.addr);
	return k;
}

static inline struct sg_lpm_v6 lpm6(const char *addr, uint32_t prefix)
{
	struct sg_lpm_v6 k = { .prefixlen = prefix };

	inet_pton(AF_INET6, addr, k.addr);
	return k;
}

static inline struct sg_mac mac_of(const uint8_t *m)
{
	struct sg_mac k;

	memcpy(k.addr, m, 6);
	return k;
}

#endif
