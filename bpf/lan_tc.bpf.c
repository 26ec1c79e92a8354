/* tc (tcx, or clsact on older kernels) on the LAN interface: who may pass, how fast
 * and how much.
 *
 * Ingress (client -> network), by source MAC:
 *   deny list (only when XDP is off) -> drop
 *   ARP, DHCP, ICMPv6 neighbour discovery -> pass
 *   allow list (MAC entry with SG_CLIENT_ALLOWLIST, or source in sg_allow_v4/v6)
 *       -> pass, counted
 *   authorized: source must be a bound address (else drop); to a group MAC -> pass;
 *       then expiry and quota (stop the client, event once), rate limit (drop),
 *       count up -> pass
 *   with SG_SET_FORWARD, what passes by the allow list or as an authorized client's
 *       own traffic goes out directly where it can (lib/forward.h); downloads to
 *       them come the same way from the WAN side (wan_tc.bpf.c), then meet egress
 *       below like any other
 *   unauthorized (and stopped): portal address, DNS, walled garden -> pass;
 *       TCP/80 -> DNAT to the portal; other TCP -> RST; the rest -> drop
 *
 * Egress (network -> client), by destination MAC:
 *   our own RSTs, multicast/broadcast, non-IP -> pass
 *   portal replies on redirected connections -> reverse NAT, pass
 *   DNS answers (UDP source port 53) -> copy to sg_dns, then policy as below
 *   allow list -> pass counted; authorized -> expiry, quota, rate limit, count down
 *   unauthorized: DHCP, ND, DNS, from the portal address or the garden -> pass;
 *       the rest -> drop
 *
 * Frames to a group MAC (multicast, broadcast) are never counted, in either direction:
 * the gateway does not route them, so they stay on the LAN (a phone's MLD reports and
 * mDNS would otherwise be billed as usage).
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#include "lib/maps.h"
#include "lib/parse.h"
#include "lib/acl.h"
#include "lib/ratelimit.h"
#include "lib/nat.h"
#include "lib/rst.h"
#include "lib/forward.h"

#define SG_PORT_DNS		bpf_htons(53)
#define SG_PORT_HTTP		bpf_htons(80)
#define SG_PORT_DHCP4_SRV	bpf_htons(67)
#define SG_PORT_DHCP6_SRV	bpf_htons(547)

enum { SG_UP = 0, SG_DOWN = 1 };

/* The client's counters, at the slot userspace gave its entry; NULL for slot 0 (none). */
static __always_inline struct sg_client_cnt *sg_cnt_get(const struct sg_client_cfg *cfg)
{
	__u32 slot = cfg->slot;

	return slot ? bpf_map_lookup_elem(&sg_client_cnt, &slot) : NULL;
}

static __always_inline void sg_count(struct sg_client_cnt *c, __u64 len, int dir, __u64 now)
{
	if (dir == SG_UP) {
		__sync_fetch_and_add(&c->bytes_up, len);
		__sync_fetch_and_add(&c->packets_up, 1);
		c->last_seen_ns = now;
	} else {
		__sync_fetch_and_add(&c->bytes_down, len);
		__sync_fetch_and_add(&c->packets_down, 1);
	}
}

/* Stops the client for reason. Of all CPUs racing here, the one whose cmpxchg wins
 * reports it, so userspace gets one event per stop. */
static __always_inline void sg_stop(struct sg_client_cnt *c, const struct sg_client_cfg *cfg,
				    const struct sg_mac *mac, __u64 reason, __u64 now)
{
	struct sg_event *e;

	if (c->stopped == reason)
		return;
	if (__sync_val_compare_and_swap(&c->stopped, 0, reason) != 0)
		return;
	c->stopped_ns = now;
	sg_stat_inc(SG_STAT_STOPPED);
	e = bpf_ringbuf_reserve(&sg_events, sizeof(*e), 0);
	if (!e) {
		sg_stat_inc(SG_STAT_RINGBUF_FULL);
		return;	/* userspace still sees .stopped on its next poll */
	}
	e->type = SG_EVENT_STOPPED;
	e->reason = reason;
	e->mac = *mac;
	e->pad = 0;
	e->session_id = cfg->session_id;
	e->ts_ns = now;
	e->bytes_up = c->bytes_up;
	e->bytes_down = c->bytes_down;
	bpf_ringbuf_submit(e, 0);
}

/* An authorized client's packet: 1 pass (counted), 0 stopped (treat as unauthorized),
 * -1 drop (over its rate). Quota: the packet that reaches the budget still passes, the
 * next one is stopped, so a client goes over by at most one packet. */
static __always_inline int sg_client_take(const struct sg_client_cfg *cfg, const struct sg_mac *mac,
					  const struct sg_pkt *p, int dir, __u64 now)
{
	struct sg_client_cnt *c = sg_cnt_get(cfg);
	__u64 reason = SG_STOP_NONE;
	int ok;

	if (!c)
		return -1;	/* no counters, so no quota to check: fail closed */
	if (cfg->end_ns && now >= cfg->end_ns)
		reason = SG_STOP_EXPIRED;
	else if (cfg->budget && c->bytes_up + c->bytes_down >= cfg->budget)
		reason = SG_STOP_QUOTA;
	if (reason) {
		sg_stop(c, cfg, mac, reason, now);
		return 0;
	}
	if (c->stopped)
		c->stopped = SG_STOP_NONE;	/* userspace topped up or extended */

	if (dir == SG_UP)
		ok = sg_bucket_take(&c->tat_up_ns, cfg->rate_up, cfg->burst_up, p->len, now);
	else
		ok = sg_bucket_take(&c->tat_down_ns, cfg->rate_down, cfg->burst_down, p->len, now);
	if (!ok) {
		__sync_fetch_and_add(dir == SG_UP ? &c->drops_up : &c->drops_down, 1);
		sg_stat_inc(SG_STAT_RATE);
		return -1;
	}
	sg_count(c, p->len, dir, now);
	sg_stat_inc(SG_STAT_AUTH);
	return 1;
}

/* A counted packet that may leave: forwarded here or by the stack (lib/forward.h). */
static __always_inline int sg_pass_up(struct __sk_buff *skb, const struct sg_pkt *p,
				      const struct sg_settings *s)
{
	return (s->flags & SG_SET_FORWARD) ? sg_forward(skb, p, 0) : TC_ACT_OK;
}

/* Allow-listed MAC: counted (unless to a group MAC), nothing else. */
static __always_inline int sg_allowlisted(const struct sg_client_cfg *cfg, const struct sg_pkt *p,
					  int dir, __u64 now)
{
	struct sg_client_cnt *c = sg_cnt_get(cfg);

	if (c && !sg_mac_is_multicast(&p->dmac))
		sg_count(c, p->len, dir, now);
	sg_stat_inc(SG_STAT_ALLOW);
	return TC_ACT_OK;
}

/* Anti-spoofing: may this authorized client send from this source address? */
static __always_inline int sg_source_bound(const struct sg_client_cfg *cfg, const struct sg_pkt *p)
{
	if (cfg->flags & SG_CLIENT_ANY_IP)
		return 1;
	if (p->family == 4)
		return cfg->ipv4 && p->saddr4 == cfg->ipv4;
	if (p->family == 6) {
		if (sg_v6_is_linklocal(p->saddr6.v6))
			return 1;
#pragma unroll
		for (int i = 0; i < SG_CLIENT_V6_ADDRS; i++)
			if (!sg_v6_is_zero(cfg->ipv6[i]) && sg_v6_equal(p->saddr6.v6, cfg->ipv6[i]))
				return 1;
		return 0;
	}
	return 1;	/* not IP: nothing to bind */
}

static __always_inline int sg_is_nd(const struct sg_pkt *p)
{
	/* router solicitation/advertisement, neighbour solicitation/advertisement, redirect */
	return p->family == 6 && p->l4 == IPPROTO_ICMPV6 &&
	       p->icmp_type >= 133 && p->icmp_type <= 137;
}

/* ARP, DHCP and ND pass for everybody, before anti-spoofing: a client renewing its
 * lease or doing duplicate address detection has no bound source yet. */
static __always_inline int sg_is_infra_up(const struct sg_pkt *p)
{
	if (p->proto == bpf_htons(SG_ETH_P_ARP) || sg_is_nd(p))
		return 1;
	if (p->l4 != IPPROTO_UDP)
		return 0;
	return (p->family == 4 && p->dport == SG_PORT_DHCP4_SRV) ||
	       (p->family == 6 && p->dport == SG_PORT_DHCP6_SRV);
}

static __always_inline int sg_is_infra_down(const struct sg_pkt *p)
{
	if (sg_is_nd(p))
		return 1;
	if (p->l4 != IPPROTO_UDP)
		return 0;
	return (p->family == 4 && p->sport == SG_PORT_DHCP4_SRV) ||
	       (p->family == 6 && p->sport == SG_PORT_DHCP6_SRV);
}

static __always_inline int sg_is_dns(const struct sg_pkt *p, __be16 port)
{
	return (p->l4 == IPPROTO_UDP || p->l4 == IPPROTO_TCP) && port == SG_PORT_DNS;
}

static __always_inline int sg_pass(__u32 stat)
{
	sg_stat_inc(stat);
	return TC_ACT_OK;
}

static __always_inline int sg_drop(__u32 stat)
{
	sg_stat_inc(stat);
	return TC_ACT_SHOT;
}

/* Unauthorized client (no entry, not authorized, or stopped), client -> network.
 * DNS may go to any resolver: the garden learns from whatever answers come back. */
static __always_inline int sg_unauth_up(struct __sk_buff *skb, const struct sg_pkt *p,
					const struct sg_settings *s, __u64 now)
{
	if (!p->family)
		return sg_drop(SG_STAT_DROP);
	if (sg_is_portal(s, p, 1))
		return sg_pass(SG_STAT_PORTAL);
	if (sg_is_dns(p, p->dport))
		return sg_pass(SG_STAT_DNS);
	if (sg_garden_match((struct sg_pkt *)p, 1, now))
		return sg_pass(SG_STAT_GARDEN);
	if (p->l4 != IPPROTO_TCP)
		return sg_drop(SG_STAT_DROP);
	if (p->dport == SG_PORT_HTTP && sg_portal_set(s, p)) {
		if (sg_nat_to_portal(skb, p, s, now))
			return sg_drop(SG_STAT_DROP);
		return sg_pass(SG_STAT_REDIRECT);
	}
	sg_stat_inc(SG_STAT_RST);
	return sg_send_rst(skb, p);
}

SEC("tc")
int sg_tc_ingress(struct __sk_buff *skb)
{
	struct sg_pkt p = {};
	struct sg_settings *s = sg_settings_get();
	struct sg_client_cfg *cfg;
	__u64 now;
	int r;

	if (!s || sg_load(skb, &p))
		return sg_drop(SG_STAT_DROP);
	if ((s->flags & SG_SET_DENY_IN_TC)) {
		r = sg_deny_match(&p, s->flags);
		if (r >= 0)
			return sg_drop(r);
	}
	now = bpf_ktime_get_coarse_ns();	/* see include/spotgate/maps.h */
	cfg = bpf_map_lookup_elem(&sg_client_cfg, &p.smac);
	if (cfg && (cfg->flags & SG_CLIENT_ALLOWLIST)) {
		sg_allowlisted(cfg, &p, SG_UP, now);
		return sg_pass_up(skb, &p, s);
	}
	if (sg_allow_match(&p, 0, s->flags)) {
		sg_stat_inc(SG_STAT_ALLOW);
		return sg_pass_up(skb, &p, s);
	}
	if (sg_is_infra_up(&p))
		return sg_pass(SG_STAT_INFRA);
	if (cfg && (cfg->flags & SG_CLIENT_AUTHORIZED)) {
		if (!sg_source_bound(cfg, &p)) {
			struct sg_client_cnt *c = sg_cnt_get(cfg);

			if (c) {
				__sync_fetch_and_add(&c->spoofed, 1);
				__sync_fetch_and_add(&c->drops_up, 1);
			}
			return sg_drop(SG_STAT_SPOOF);
		}
		if (sg_mac_is_multicast(&p.dmac))
			return sg_pass(SG_STAT_INFRA);
		r = sg_client_take(cfg, &p.smac, &p, SG_UP, now);
		if (r > 0)
			return sg_pass_up(skb, &p, s);
		if (r < 0)
			return TC_ACT_SHOT;
	}
	return sg_unauth_up(skb, &p, s, now);
}

/* Hands a DNS answer to userspace (bounded copy of the DNS message). */
static __always_inline void sg_dns_copy(struct __sk_buff *skb, const struct sg_pkt *p, __u64 now)
{
	struct sg_dns_msg *m;
	__u64 off = p->l4_off + 8;
	__u64 len, cap;	/* 64-bit: no zero-extension copies for the verifier to lose */

	if (p->l4_len < 8 + 12 || off >= skb->len)
		return;	/* no room for a DNS header */
	len = p->l4_len - 8;
	cap = len;
	if (cap > skb->len - off)
		cap = skb->len - off;
	if (cap > SG_DNS_CAP)
		cap = SG_DNS_CAP;
	/* Re-check on the register the helper gets, so the verifier sees 1..SG_DNS_CAP. */
	asm volatile("" : "+r"(cap));
	if (cap > SG_DNS_CAP)
		return;
	asm volatile("" : "+r"(cap));
	if (cap < 1)
		return;
	m = bpf_ringbuf_reserve(&sg_dns, sizeof(*m), 0);
	if (!m) {
		sg_stat_inc(SG_STAT_RINGBUF_FULL);
		return;
	}
	m->client = p->dmac;
	m->family = p->family;
	m->pad = 0;
	m->len = len;
	m->caplen = cap;
	m->pad2 = 0;
	m->ts_ns = now;
	if (bpf_skb_load_bytes(skb, off, m->data, cap)) {
		bpf_ringbuf_discard(m, 0);
		return;
	}
	bpf_ringbuf_submit(m, 0);
	sg_stat_inc(SG_STAT_DNS_COPY);
}

SEC("tc")
int sg_tc_egress(struct __sk_buff *skb)
{
	struct sg_pkt p = {};
	struct sg_settings *s = sg_settings_get();
	struct sg_client_cfg *cfg;
	__u64 now;
	int r;

	if ((skb->mark & SG_MARK_MASK) == SG_MARK_OWN) {
		sg_set_mark(skb, skb->mark & ~SG_MARK_MASK);
		return TC_ACT_OK;	/* a RST from sg_tc_ingress, counted there */
	}
	if (!s || sg_load(skb, &p))
		return sg_drop(SG_STAT_DROP);
	if (sg_mac_is_multicast(&p.dmac) || !p.family)
		return sg_pass(SG_STAT_INFRA);
	r = sg_nat_from_portal(skb, &p, s);
	if (r < 0)
		return sg_drop(SG_STAT_DROP);
	if (r > 0)
		return sg_pass(SG_STAT_PORTAL);
	now = bpf_ktime_get_coarse_ns();	/* see include/spotgate/maps.h */
	if (p.l4 == IPPROTO_UDP && p.sport == SG_PORT_DNS)
		sg_dns_copy(skb, &p, now);

	cfg = bpf_map_lookup_elem(&sg_client_cfg, &p.dmac);
	if (cfg && (cfg->flags & SG_CLIENT_ALLOWLIST))
		return sg_allowlisted(cfg, &p, SG_DOWN, now);
	if (sg_allow_match(&p, 1, s->flags))
		return sg_pass(SG_STAT_ALLOW);
	if (cfg && (cfg->flags & SG_CLIENT_AUTHORIZED)) {
		r = sg_client_take(cfg, &p.dmac, &p, SG_DOWN, now);
		if (r > 0)
			return TC_ACT_OK;
		if (r < 0)
			return TC_ACT_SHOT;
	}
	if (sg_is_infra_down(&p))
		return sg_pass(SG_STAT_INFRA);
	if (sg_is_dns(&p, p.sport))
		return sg_pass(SG_STAT_DNS);
	if (sg_is_portal(s, &p, 0))
		return sg_pass(SG_STAT_PORTAL);
	if (sg_garden_match(&p, 0, now))
		return sg_pass(SG_STAT_GARDEN);
	return sg_drop(SG_STAT_DROP);
}

char LICENSE[] SEC("license") = "GPL";
