/* tc programs (bpf/lan_tc.bpf.c): one crafted frame per path through ingress and
 * egress, run with bpf_prog_test_run_opts() on a freshly loaded skeleton (no pinning,
 * no attach), checking the verdict, the path counter in sg_stats and, where the
 * program rewrites the frame, the bytes and checksums it wrote. Then the stateful
 * paths: reverse NAT, quota, expiry, exact counters, rate limit, DNS copies. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <linux/bpf.h>
#include <linux/pkt_cls.h>

#include "test_bpf_pkt.h"
#include "lan_tc.skel.h"

static const uint8_t mac_gw[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t mac_auth[6] = { 0x02, 0, 0, 0, 0, 0x0a };	/* authorized */
static const uint8_t mac_guest[6] = { 0x02, 0, 0, 0, 0, 0x14 };	/* no entry */
static const uint8_t mac_staff[6] = { 0x02, 0, 0, 0, 0, 0x1e };	/* allow-listed MAC */
static const uint8_t mac_bad[6] = { 0x02, 0, 0, 0, 0, 0x66 };	/* on the deny list */
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mac_mld[6] = { 0x33, 0x33, 0, 0, 0, 0x16 };	/* ff02::16, MLDv2 reports */
static const uint8_t mac_mdns[6] = { 0x01, 0, 0x5e, 0, 0, 0xfb };	/* 224.0.0.251 */

#define PORTAL4		"192.0.2.1"
#define PORTAL6		"2001:db8:1::1"
#define PORTAL_PORT	8081
#define AUTH4		"192.0.2.10"
#define AUTH6		"2001:db8:1::10"
#define GUEST4		"192.0.2.20"
#define GUEST6		"2001:db8:1::20"
#define STAFF4		"192.0.2.30"
#define ALLOWED4	"192.0.2.50"	/* allow list by address */
#define NET4		"203.0.113.10"	/* somewhere on the internet */
#define NET6		"2001:db8:ee::10"
#define GARDEN4		"203.0.113.130"	/* in 203.0.113.128/28 */
#define GARDEN6		"2001:db8:ffff::5"	/* in 2001:db8:ffff::/48 */
#define LEARNED4	"203.0.113.200"	/* learned from DNS, TTL passed */
#define SESSION		0x5e55
#define ALL_STATS	-1

struct fx {
	struct lan_tc_bpf *skel;
	int in, out;		/* program fds */
	int cfg, cnt, stats, nat, settings;
	struct ring_buffer *events, *dns;
	int n_events;
	struct sg_event event;
	int n_dns;
	struct sg_dns_msg dns_msg;
};

static int on_event(void *ctx, void *data, size_t len)
{
	struct fx *fx = ctx;

	assert_int_equal(len, sizeof(struct sg_event));
	memcpy(&fx->event, data, sizeof(fx->event));
	fx->n_events++;
	return 0;
}

static int on_dns(void *ctx, void *data, size_t len)
{
	struct fx *fx = ctx;

	assert_int_equal(len, sizeof(struct sg_dns_msg));
	memcpy(&fx->dns_msg, data, sizeof(fx->dns_msg));
	fx->n_dns++;
	return 0;
}

static struct sg_client_cfg auth_cfg(void)
{
	struct sg_client_cfg c = {
		.flags = SG_CLIENT_AUTHORIZED,
		.session_id = SESSION,
	};

	inet_pton(AF_INET, AUTH4, &c.ipv4);
	inet_pton(AF_INET6, AUTH6, c.ipv6[0]);
	return c;
}

/* Which counter slot a client has: here simply its MAC's last byte (the daemon hands
 * slots out from a queue, userspace/dataplane/slots.c). */
static uint32_t slot_of(const uint8_t *mac)
{
	return mac[5];
}

static void put_cfg(struct fx *fx, const uint8_t *mac, const struct sg_client_cfg *c)
{
	struct sg_mac k = mac_of(mac);
	struct sg_client_cfg with_slot = *c;

	with_slot.slot = slot_of(mac);
	assert_int_equal(bpf_map_update_elem(fx->cfg, &k, &with_slot, BPF_ANY), 0);
}

static struct sg_client_cnt get_cnt(struct fx *fx, const uint8_t *mac)
{
	uint32_t slot = slot_of(mac);
	struct sg_client_cnt c;

	assert_int_equal(bpf_map_lookup_elem(fx->cnt, &slot, &c), 0);
	return c;
}

static int setup(void **state)
{
	struct fx *fx = calloc(1, sizeof(*fx));
	struct sg_settings s = { .portal_port = htons(PORTAL_PORT) };
	struct sg_client_cfg auth = auth_cfg(), staff = { .flags = SG_CLIENT_ALLOWLIST };
	struct sg_acl_hits zero = { 0 };
	struct sg_garden_val forever = { 0 }, gone = { .expires_ns = 1 };
	struct sg_lpm_v4 g4 = lpm4("203.0.113.128", 28), l4 = lpm4(LEARNED4, 32);
	struct sg_lpm_v4 a4 = lpm4(ALLOWED4, 32);
	struct sg_lpm_v6 g6 = lpm6("2001:db8:ffff::", 48);
	struct sg_mac bad = mac_of(mac_bad);
	uint32_t zero_key = 0;

	if (!fx)
		return -1;
	fx->skel = lan_tc_bpf__open_and_load();
	if (!fx->skel) {
		free(fx);
		return -1;
	}
	fx->in = bpf_program__fd(fx->skel->progs.sg_tc_ingress);
	fx->out = bpf_program__fd(fx->skel->progs.sg_tc_egress);
	fx->cfg = bpf_map__fd(fx->skel->maps.sg_client_cfg);
	fx->cnt = bpf_map__fd(fx->skel->maps.sg_client_cnt);
	fx->stats = bpf_map__fd(fx->skel->maps.sg_stats);
	fx->nat = bpf_map__fd(fx->skel->maps.sg_portal_nat);
	fx->settings = bpf_map__fd(fx->skel->maps.sg_settings);
	fx->events = ring_buffer__new(bpf_map__fd(fx->skel->maps.sg_events), on_event, fx, NULL);
	fx->dns = ring_buffer__new(bpf_map__fd(fx->skel->maps.sg_dns), on_dns, fx, NULL);
	*state = fx;

	inet_pton(AF_INET, PORTAL4, &s.portal_v4);
	inet_pton(AF_INET6, PORTAL6, s.portal_v6);
	if (!fx->events || !fx->dns ||
	    bpf_map_update_elem(fx->settings, &zero_key, &s, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(fx->skel->maps.sg_deny_mac), &bad, &zero, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(fx->skel->maps.sg_allow_v4), &a4, &zero, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(fx->skel->maps.sg_garden_v4), &g4, &forever, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(fx->skel->maps.sg_garden_v4), &l4, &gone, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(fx->skel->maps.sg_garden_v6), &g6, &forever, BPF_ANY))
		return -1;
	put_cfg(fx, mac_auth, &auth);
	put_cfg(fx, mac_staff, &staff);
	return 0;
}

static int teardown(void **state)
{
	struct fx *fx = *state;

	ring_buffer__free(fx->events);
	ring_buffer__free(fx->dns);
	lan_tc_bpf__destroy(fx->skel);
	free(fx);
	return 0;
}

/* Runs prog on frame in; the frame the program left goes to out. */
static int run(int prog, const struct frame *in, struct frame *out, uint32_t mark_in,
	       uint32_t *mark_out)
{
	struct __sk_buff ctx = { .mark = mark_in }, ctx_out = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = in->b, .data_size_in = in->len,
		    .data_out = out->b, .data_size_out = sizeof(out->b),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx),
		    .ctx_out = &ctx_out, .ctx_size_out = sizeof(ctx_out));

	assert_int_equal(bpf_prog_test_run_opts(prog, &o), 0);
	out->len = o.data_size_out;
	if (mark_out)
		*mark_out = ctx_out.mark;
	return (int)o.retval;
}

/* ---- one row per path ------------------------------------------------------ */

enum dir { IN, OUT };

struct tc_case {
	const char *name;
	enum dir dir;
	struct pktspec pkt;
	int verdict;
	int stat;		/* the one sg_stats slot that must count it */
	void (*check)(struct fx *fx, const struct tc_case *c, const struct frame *in,
		      const struct frame *out, uint32_t mark);
};

static void check_untouched(struct fx *fx, const struct tc_case *c, const struct frame *in,
			    const struct frame *out, uint32_t mark)
{
	(void)fx;
	(void)c;
	assert_int_equal(out->len, in->len);
	assert_memory_equal(out->b, in->b, in->len);
	assert_int_equal(mark, 0);
}

static void check_counted_up(struct fx *fx, const struct tc_case *c, const struct frame *in,
			     const struct frame *out, uint32_t mark)
{
	struct sg_client_cnt n = get_cnt(fx, c->pkt.smac);
	uint64_t now = mono_ns();

	check_untouched(fx, c, in, out, mark);
	assert_int_equal(n.packets_up, 1);
	assert_int_equal(n.bytes_up, in->len - ETH_LEN);
	assert_int_equal(n.packets_down, 0);
	assert_true(n.last_seen_ns > now - 5000000000ull && n.last_seen_ns <= now);
}

static void check_counted_down(struct fx *fx, const struct tc_case *c, const struct frame *in,
			       const struct frame *out, uint32_t mark)
{
	struct sg_client_cnt n = get_cnt(fx, c->pkt.dmac);

	check_untouched(fx, c, in, out, mark);
	assert_int_equal(n.packets_down, 1);
	assert_int_equal(n.bytes_down, in->len - ETH_LEN);
	assert_int_equal(n.packets_up, 0);
	assert_int_equal(n.last_seen_ns, 0);	/* idle is measured on what the client sends */
}

static void check_not_counted(struct fx *fx, const struct tc_case *c, const struct frame *in,
			      const struct frame *out, uint32_t mark)
{
	struct sg_client_cnt n = get_cnt(fx, c->pkt.smac);

	check_untouched(fx, c, in, out, mark);
	assert_int_equal(n.packets_up, 0);
	assert_int_equal(n.bytes_up, 0);
	assert_int_equal(n.last_seen_ns, 0);	/* group traffic does not keep a session alive */
}

static void check_spoof(struct fx *fx, const struct tc_case *c, const struct frame *in,
			const struct frame *out, uint32_t mark)
{
	struct sg_client_cnt n = get_cnt(fx, c->pkt.smac);

	(void)in;
	(void)out;
	(void)mark;
	assert_int_equal(n.spoofed, 1);
	assert_int_equal(n.drops_up, 1);
	assert_int_equal(n.packets_up, 0);
}

static void check_acl_counted(struct fx *fx, const struct tc_case *c, const struct frame *in,
			      const struct frame *out, uint32_t mark)
{
	struct sg_lpm_v4 k = lpm4(ALLOWED4, 32);
	struct sg_acl_hits h;

	check_untouched(fx, c, in, out, mark);
	assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(fx->skel->maps.sg_allow_v4), &k, &h), 0);
	assert_int_equal(h.packets, 1);
	assert_int_equal(h.bytes, in->len - ETH_LEN);
}

/* TCP/80 of an unauthorized client: destination rewritten to the portal, the rest
 * of the frame unchanged, checksums right, the original destination remembered. */
static void check_redirect(struct fx *fx, const struct tc_case *c, const struct frame *in,
			   const struct frame *out, uint32_t mark)
{
	int v6 = c->pkt.family == 6;
	uint32_t hl = l3_len(c->pkt.family);
	uint32_t daddr_off = ETH_LEN + (v6 ? 24 : 16), alen = v6 ? 16 : 4;
	uint8_t portal[16], orig[16];
	struct sg_nat_key k = { .port = htons(c->pkt.sport), .family = (uint8_t)c->pkt.family };
	struct sg_nat_val v;

	assert_int_equal(mark, 0);
	assert_int_equal(out->len, in->len);
	inet_pton(v6 ? AF_INET6 : AF_INET, v6 ? PORTAL6 : PORTAL4, portal);
	inet_pton(v6 ? AF_INET6 : AF_INET, c->pkt.dst, orig);
	assert_memory_equal(out->b + daddr_off, portal, alen);
	assert_int_equal(get16(out->b + ETH_LEN + hl + 2), PORTAL_PORT);
	/* everything but the destination, the port and the checksums is as it was */
	if (v6) {
		assert_memory_equal(out->b, in->b, daddr_off);
	} else {	/* up to the header checksum, then the source address */
		assert_memory_equal(out->b, in->b, ETH_LEN + 10);
		assert_memory_equal(out->b + ETH_LEN + 12, in->b + ETH_LEN + 12, 4);
	}
	assert_int_equal(get16(out->b + ETH_LEN + hl), c->pkt.sport);
	assert_memory_equal(out->b + ETH_LEN + hl + 4, in->b + ETH_LEN + hl + 4, 12);
	assert_true(checksums_ok(out->b, out->len));

	if (v6) {
		inet_pton(AF_INET6, c->pkt.src, k.addr);
	} else {
		k.addr[10] = k.addr[11] = 0xff;
		inet_pton(AF_INET, c->pkt.src, k.addr + 12);
	}
	assert_int_equal(bpf_map_lookup_elem(fx->nat, &k, &v), 0);
	assert_memory_equal(v6 ? v.addr : v.addr + 12, orig, alen);
	assert_int_equal(ntohs(v.port), c->pkt.dport);
}

/* Unauthorized TCP refused: the frame became a RST to the sender. */
static void check_rst(struct fx *fx, const struct tc_case *c, const struct frame *in,
		      const struct frame *out, uint32_t mark)
{
	int v6 = c->pkt.family == 6;
	uint32_t hl = l3_len(c->pkt.family), alen = v6 ? 16 : 4;
	const uint8_t *ip = out->b + ETH_LEN, *tcp = ip + hl;
	const uint8_t *in_ip = in->b + ETH_LEN;

	(void)fx;
	assert_int_equal(mark & SG_MARK_MASK, SG_MARK_OWN);
	assert_int_equal(out->len, ETH_LEN + hl + 20);
	assert_memory_equal(out->b, c->pkt.smac, 6);
	assert_memory_equal(out->b + 6, c->pkt.dmac, 6);
	if (v6) {
		assert_memory_equal(ip + 8, in_ip + 24, alen);
		assert_memory_equal(ip + 24, in_ip + 8, alen);
		assert_int_equal(get16(ip + 4), 20);
		assert_int_equal(ip[6], IPPROTO_TCP);
	} else {
		assert_memory_equal(ip + 12, in_ip + 16, alen);
		assert_memory_equal(ip + 16, in_ip + 12, alen);
		assert_int_equal(get16(ip + 2), 40);
		assert_int_equal(ip[9], IPPROTO_TCP);
	}
	assert_int_equal(get16(tcp), c->pkt.dport);
	assert_int_equal(get16(tcp + 2), c->pkt.sport);
	assert_int_equal(tcp[12], 5 << 4);
	if (c->pkt.flags & 0x10) {	/* segment had ACK: RST seq = its ack */
		assert_int_equal(tcp[13], 0x04);
		assert_int_equal(get32(tcp + 4), c->pkt.ack);
	} else {			/* RST|ACK acking the SYN and payload */
		assert_int_equal(tcp[13], 0x14);
		assert_int_equal(get32(tcp + 4), 0);
		assert_int_equal(get32(tcp + 8), c->pkt.seq + c->pkt.payload +
				 ((c->pkt.flags & 0x02) ? 1 : 0));
	}
	assert_true(checksums_ok(out->b, out->len));
}

static void check_dns_copied(struct fx *fx, const struct tc_case *c, const struct frame *in,
			     const struct frame *out, uint32_t mark)
{
	uint32_t l4 = ETH_LEN + l3_len(c->pkt.family) + 8;

	check_untouched(fx, c, in, out, mark);
	assert_int_equal(ring_buffer__consume(fx->dns), 1);
	assert_int_equal(fx->n_dns, 1);
	assert_memory_equal(fx->dns_msg.client.addr, c->pkt.dmac, 6);
	assert_int_equal(fx->dns_msg.family, c->pkt.family);
	assert_int_equal(fx->dns_msg.len, c->pkt.payload);
	assert_int_equal(fx->dns_msg.caplen, c->pkt.payload);
	assert_memory_equal(fx->dns_msg.data, in->b + l4, c->pkt.payload);
}

static void check_mark_cleared(struct fx *fx, const struct tc_case *c, const struct frame *in,
			       const struct frame *out, uint32_t mark)
{
	(void)fx;
	(void)c;
	assert_int_equal(out->len, in->len);
	assert_int_equal(mark & SG_MARK_MASK, 0);
}

#define UP4(SMAC, S, D, P, SP, DP) .family = 4, .smac = SMAC, .dmac = mac_gw, .src = S, .dst = D, \
	.proto = P, .sport = SP, .dport = DP
#define UP6(SMAC, S, D, P, SP, DP) .family = 6, .smac = SMAC, .dmac = mac_gw, .src = S, .dst = D, \
	.proto = P, .sport = SP, .dport = DP
#define DN4(DMAC, S, D, P, SP, DP) .family = 4, .smac = mac_gw, .dmac = DMAC, .src = S, .dst = D, \
	.proto = P, .sport = SP, .dport = DP
#define DN6(DMAC, S, D, P, SP, DP) .family = 6, .smac = mac_gw, .dmac = DMAC, .src = S, .dst = D, \
	.proto = P, .sport = SP, .dport = DP
#define TCP IPPROTO_TCP
#define UDP IPPROTO_UDP
#define SYN 0x02
#define ACK 0x10
#define PSH 0x08
#define RST 0x04
#define SHOT TC_ACT_SHOT
#define PASS TC_ACT_OK
#define REDIR TC_ACT_REDIRECT

static const struct tc_case cases[] = {
	/* ingress: allow list */
	{ "allowed MAC", IN, { UP4(mac_staff, STAFF4, NET4, TCP, 40000, 443), .flags = SYN, .payload = 10 },
	  PASS, SG_STAT_ALLOW, check_counted_up },
	{ "allowed MAC, any source address", IN, { UP4(mac_staff, "198.51.100.7", NET4, UDP, 1, 2) },
	  PASS, SG_STAT_ALLOW, NULL },
	{ "allowed IP", IN, { UP4(mac_guest, ALLOWED4, NET4, UDP, 40000, 9999), .payload = 33 },
	  PASS, SG_STAT_ALLOW, check_acl_counted },
	/* ingress: authorized */
	{ "authorized v4", IN, { UP4(mac_auth, AUTH4, NET4, TCP, 40000, 443), .flags = ACK, .payload = 100 },
	  PASS, SG_STAT_AUTH, check_counted_up },
	{ "authorized v4 HTTP is not redirected", IN, { UP4(mac_auth, AUTH4, NET4, TCP, 40000, 80), .flags = SYN },
	  PASS, SG_STAT_AUTH, check_untouched },
	{ "authorized v6", IN, { UP6(mac_auth, AUTH6, NET6, UDP, 40000, 443), .payload = 200 },
	  PASS, SG_STAT_AUTH, check_counted_up },
	{ "authorized v6 link-local", IN, { UP6(mac_auth, "fe80::10", "fe80::1", UDP, 40000, 9) },
	  PASS, SG_STAT_AUTH, NULL },
	{ "authorized MLD report stays on the LAN, not counted", IN,
	  { .family = 6, .smac = mac_auth, .dmac = mac_mld, .src = "fe80::10", .dst = "ff02::16",
	    .proto = IPPROTO_ICMPV6, .sport = 143, .payload = 48 },
	  PASS, SG_STAT_INFRA, check_not_counted },
	{ "authorized mDNS stays on the LAN, not counted", IN,
	  { .family = 4, .smac = mac_auth, .dmac = mac_mdns, .src = AUTH4, .dst = "224.0.0.251",
	    .proto = UDP, .sport = 5353, .dport = 5353, .payload = 60 },
	  PASS, SG_STAT_INFRA, check_not_counted },
	{ "allowed MAC mDNS, not counted", IN,
	  { .family = 4, .smac = mac_staff, .dmac = mac_mdns, .src = STAFF4, .dst = "224.0.0.251",
	    .proto = UDP, .sport = 5353, .dport = 5353, .payload = 60 },
	  PASS, SG_STAT_ALLOW, check_not_counted },
	{ "spoofed multicast source", IN,
	  { .family = 4, .smac = mac_auth, .dmac = mac_mdns, .src = GUEST4, .dst = "224.0.0.251",
	    .proto = UDP, .sport = 5353, .dport = 5353 },
	  SHOT, SG_STAT_SPOOF, check_spoof },
	{ "authorized non-IP (ARP)", IN, { .family = 0, .smac = mac_auth, .dmac = mac_bcast },
	  PASS, SG_STAT_INFRA, NULL },
	{ "spoofed v4 source", IN, { UP4(mac_auth, GUEST4, NET4, TCP, 40000, 443), .flags = SYN },
	  SHOT, SG_STAT_SPOOF, check_spoof },
	{ "spoofed v6 source", IN, { UP6(mac_auth, GUEST6, NET6, UDP, 40000, 443) },
	  SHOT, SG_STAT_SPOOF, check_spoof },
	{ "authorized DHCP renew from 0.0.0.0", IN,
	  { .family = 4, .smac = mac_auth, .dmac = mac_bcast, .src = "0.0.0.0", .dst = "255.255.255.255",
	    .proto = UDP, .sport = 68, .dport = 67, .payload = 240 },
	  PASS, SG_STAT_INFRA, NULL },
	/* ingress: unauthorized */
	{ "unauthorized DHCP", IN,
	  { .family = 4, .smac = mac_guest, .dmac = mac_bcast, .src = "0.0.0.0", .dst = "255.255.255.255",
	    .proto = UDP, .sport = 68, .dport = 67, .payload = 240 },
	  PASS, SG_STAT_INFRA, check_untouched },
	{ "unauthorized DHCPv6", IN, { UP6(mac_guest, "fe80::20", "ff02::1:2", UDP, 546, 547), .payload = 40 },
	  PASS, SG_STAT_INFRA, NULL },
	{ "unauthorized ARP", IN, { .family = 0, .smac = mac_guest, .dmac = mac_bcast },
	  PASS, SG_STAT_INFRA, NULL },
	{ "unauthorized neighbour solicitation", IN,
	  { UP6(mac_guest, "::", "ff02::1:ff00:20", IPPROTO_ICMPV6, 135, 0), .payload = 24 },
	  PASS, SG_STAT_INFRA, NULL },
	{ "unauthorized DNS v4", IN, { UP4(mac_guest, GUEST4, "198.51.100.53", UDP, 5353, 53), .payload = 30 },
	  PASS, SG_STAT_DNS, check_untouched },
	{ "unauthorized DNS over TCP", IN, { UP4(mac_guest, GUEST4, "198.51.100.53", TCP, 40000, 53), .flags = SYN },
	  PASS, SG_STAT_DNS, NULL },
	{ "unauthorized DNS v6", IN, { UP6(mac_guest, GUEST6, PORTAL6, UDP, 5353, 53), .payload = 30 },
	  PASS, SG_STAT_PORTAL, NULL },	/* the gateway's own resolver: portal address */
	{ "unauthorized DNS v6, other resolver", IN, { UP6(mac_guest, GUEST6, "2001:db8:53::53", UDP, 5353, 53) },
	  PASS, SG_STAT_DNS, NULL },
	{ "unauthorized garden v4", IN, { UP4(mac_guest, GUEST4, GARDEN4, TCP, 40000, 443), .flags = SYN },
	  PASS, SG_STAT_GARDEN, check_untouched },
	{ "unauthorized garden v6", IN, { UP6(mac_guest, GUEST6, GARDEN6, TCP, 40000, 443), .flags = SYN },
	  PASS, SG_STAT_GARDEN, check_untouched },
	{ "unauthorized learned garden entry past its TTL", IN,
	  { UP4(mac_guest, GUEST4, LEARNED4, UDP, 40000, 443) }, SHOT, SG_STAT_DROP, NULL },
	{ "unauthorized to the portal address", IN, { UP4(mac_guest, GUEST4, PORTAL4, TCP, 40000, 443), .flags = SYN },
	  PASS, SG_STAT_PORTAL, check_untouched },
	{ "unauthorized HTTP v4", IN,
	  { UP4(mac_guest, GUEST4, NET4, TCP, 40001, 80), .flags = SYN, .seq = 1000 },
	  PASS, SG_STAT_REDIRECT, check_redirect },
	{ "unauthorized HTTP v4 with data", IN,
	  { UP4(mac_guest, GUEST4, NET4, TCP, 40002, 80), .flags = ACK | PSH, .seq = 1001, .ack = 5, .payload = 77 },
	  PASS, SG_STAT_REDIRECT, check_redirect },
	{ "unauthorized HTTP v6", IN,
	  { UP6(mac_guest, GUEST6, NET6, TCP, 40003, 80), .flags = SYN, .seq = 2000 },
	  PASS, SG_STAT_REDIRECT, check_redirect },
	{ "unauthorized HTTPS v4 SYN", IN,
	  { UP4(mac_guest, GUEST4, NET4, TCP, 40004, 443), .flags = SYN, .seq = 0xfffffff0u, .payload = 12 },
	  REDIR, SG_STAT_RST, check_rst },
	{ "unauthorized HTTPS v4 ACK with data", IN,
	  { UP4(mac_guest, GUEST4, NET4, TCP, 40005, 443), .flags = ACK | PSH, .seq = 5000, .ack = 7777, .payload = 10 },
	  REDIR, SG_STAT_RST, check_rst },
	{ "unauthorized HTTPS v6 SYN", IN,
	  { UP6(mac_guest, GUEST6, NET6, TCP, 40006, 443), .flags = SYN, .seq = 42 },
	  REDIR, SG_STAT_RST, check_rst },
	{ "unauthorized TCP RST is not answered", IN,
	  { UP4(mac_guest, GUEST4, NET4, TCP, 40007, 443), .flags = RST, .seq = 1 },
	  SHOT, SG_STAT_RST, NULL },
	{ "unauthorized UDP", IN, { UP4(mac_guest, GUEST4, NET4, UDP, 40000, 443) },
	  SHOT, SG_STAT_DROP, NULL },
	{ "unauthorized UDP v6", IN, { UP6(mac_guest, GUEST6, NET6, UDP, 40000, 443) },
	  SHOT, SG_STAT_DROP, NULL },
	{ "unauthorized ICMPv6 echo", IN, { UP6(mac_guest, GUEST6, NET6, IPPROTO_ICMPV6, 128, 0), .payload = 8 },
	  SHOT, SG_STAT_DROP, NULL },
	{ "denied MAC not checked in tc while XDP is on", IN,
	  { UP4(mac_bad, "192.0.2.99", NET4, UDP, 1, 2) }, SHOT, SG_STAT_DROP, NULL },
	{ "truncated frame", IN, { UP4(mac_guest, GUEST4, NET4, TCP, 40000, 443) }, SHOT, SG_STAT_DROP, NULL },

	/* egress */
	{ "authorized download v4", OUT, { DN4(mac_auth, NET4, AUTH4, TCP, 443, 40000), .flags = ACK, .payload = 1000 },
	  PASS, SG_STAT_AUTH, check_counted_down },
	{ "authorized download v6", OUT, { DN6(mac_auth, NET6, AUTH6, UDP, 443, 40000), .payload = 500 },
	  PASS, SG_STAT_AUTH, check_counted_down },
	{ "allowed MAC download", OUT, { DN4(mac_staff, NET4, STAFF4, UDP, 443, 40000), .payload = 5 },
	  PASS, SG_STAT_ALLOW, check_counted_down },
	{ "unauthorized download", OUT, { DN4(mac_guest, NET4, GUEST4, TCP, 443, 40000), .flags = ACK },
	  SHOT, SG_STAT_DROP, NULL },
	{ "unauthorized download v6", OUT, { DN6(mac_guest, NET6, GUEST6, UDP, 443, 40000) },
	  SHOT, SG_STAT_DROP, NULL },
	{ "unauthorized DNS answer", OUT, { DN4(mac_guest, PORTAL4, GUEST4, UDP, 53, 5353), .payload = 60 },
	  PASS, SG_STAT_DNS, check_dns_copied },
	{ "unauthorized DNS answer v6", OUT, { DN6(mac_guest, "2001:db8:53::53", GUEST6, UDP, 53, 5353), .payload = 90 },
	  PASS, SG_STAT_DNS, check_dns_copied },
	{ "authorized DNS answer is copied too", OUT, { DN4(mac_auth, "198.51.100.53", AUTH4, UDP, 53, 5353), .payload = 44 },
	  PASS, SG_STAT_AUTH, check_dns_copied },
	{ "unauthorized DHCP offer", OUT, { DN4(mac_guest, PORTAL4, GUEST4, UDP, 67, 68), .payload = 240 },
	  PASS, SG_STAT_INFRA, NULL },
	{ "unauthorized from garden", OUT, { DN4(mac_guest, GARDEN4, GUEST4, TCP, 443, 40000), .flags = SYN | ACK },
	  PASS, SG_STAT_GARDEN, NULL },
	{ "unauthorized from portal address", OUT, { DN6(mac_guest, PORTAL6, GUEST6, TCP, 443, 40000), .flags = ACK },
	  PASS, SG_STAT_PORTAL, NULL },
	{ "unauthorized neighbour advertisement", OUT,
	  { DN6(mac_guest, "fe80::1", GUEST6, IPPROTO_ICMPV6, 136, 0), .payload = 24 }, PASS, SG_STAT_INFRA, NULL },
	{ "broadcast", OUT, { DN4(mac_bcast, PORTAL4, "192.0.2.255", UDP, 1, 2) }, PASS, SG_STAT_INFRA, NULL },
	{ "ARP reply", OUT, { .family = 0, .smac = mac_gw, .dmac = mac_guest }, PASS, SG_STAT_INFRA, NULL },
	{ "our own RST", OUT, { DN4(mac_guest, NET4, GUEST4, TCP, 443, 40000), .flags = RST },
	  PASS, ALL_STATS, check_mark_cleared },
};

static void test_paths(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tc_case *c = &cases[i];
		struct frame in, out;
		uint64_t before[SG_STAT_MAX];
		uint32_t mark = 0, mark_in = 0;
		void *st = NULL;
		struct fx *fx;
		int verdict;

		if (setup(&st))
			fail_msg("%s: setup failed", c->name);
		fx = st;
		for (uint32_t s = 0; s < SG_STAT_MAX; s++)
			before[s] = stat_get(fx->stats, s);
		build(&in, &c->pkt);
		if (!strcmp(c->name, "truncated frame"))
			in.len = ETH_LEN + 30;
		if (c->check == check_mark_cleared)
			mark_in = SG_MARK_OWN | 0x7;
		verdict = run(c->dir == IN ? fx->in : fx->out, &in, &out, mark_in, &mark);
		if (verdict != c->verdict)
			fail_msg("%s: verdict %d, want %d", c->name, verdict, c->verdict);
		for (uint32_t s = 0; s < SG_STAT_MAX; s++) {
			uint64_t want = before[s] + ((int)s == c->stat ? 1 : 0);

			if (s == SG_STAT_DNS_COPY && c->check == check_dns_copied)
				want++;
			if (stat_get(fx->stats, s) != want)
				fail_msg("%s: stat %u is %llu, want %llu", c->name, s,
					 (unsigned long long)stat_get(fx->stats, s), (unsigned long long)want);
		}
		if (c->check == check_mark_cleared)
			assert_int_equal(mark, 0x7);
		if (c->check)
			c->check(fx, c, &in, &out, mark);
		teardown(&st);
	}
}

/* ---- stateful paths ------------------------------------------------------- */

/* The portal's answers on a redirected connection leave with the address and port the
 * client asked for; other portal traffic is left alone. */
static void reverse_nat(struct fx *fx, int family)
{
	const char *guest = family == 4 ? GUEST4 : GUEST6, *net = family == 4 ? NET4 : NET6;
	const char *portal = family == 4 ? PORTAL4 : PORTAL6;
	struct pktspec syn = { .family = family, .smac = mac_guest, .dmac = mac_gw, .src = guest,
			       .dst = net, .proto = TCP, .sport = 40100, .dport = 80, .flags = SYN,
			       .seq = 100 };
	struct pktspec synack = { .family = family, .smac = mac_gw, .dmac = mac_guest, .src = portal,
				  .dst = guest, .proto = TCP, .sport = PORTAL_PORT, .dport = 40100,
				  .flags = SYN | ACK, .seq = 9000, .ack = 101, .payload = 3 };
	struct pktspec other = synack;
	struct frame in, out, expect;
	uint32_t alen = family == 4 ? 4 : 16, saddr = ETH_LEN + (family == 4 ? 12 : 8);

	build(&in, &syn);
	assert_int_equal(run(fx->in, &in, &out, 0, NULL), PASS);

	build(&in, &synack);
	assert_int_equal(run(fx->out, &in, &out, 0, NULL), PASS);
	/* what the client must see: the same segment from net:80 */
	synack.src = net;
	synack.sport = 80;
	build(&expect, &synack);
	assert_int_equal(out.len, expect.len);
	assert_memory_equal(out.b + saddr, expect.b + saddr, alen);
	assert_int_equal(get16(out.b + ETH_LEN + l3_len(family)), 80);
	assert_true(checksums_ok(out.b, out.len));
	if (family == 6)	/* no IPv4 id/ttl differences: the whole frame must match */
		assert_memory_equal(out.b, expect.b, expect.len);

	/* a connection the client opened to the portal itself: not rewritten */
	other.dport = 40999;
	build(&in, &other);
	assert_int_equal(run(fx->out, &in, &out, 0, NULL), PASS);
	assert_memory_equal(out.b, in.b, in.len);
}

static void test_reverse_nat_v4(void **state)
{
	reverse_nat(*state, 4);
}

static void test_reverse_nat_v6(void **state)
{
	reverse_nat(*state, 6);
}

static int send_up(struct fx *fx, const uint8_t *mac, const char *src, uint16_t dport, uint16_t payload)
{
	struct pktspec s = { .family = strchr(src, ':') ? 6 : 4, .smac = mac, .dmac = mac_gw, .src = src,
			     .dst = strchr(src, ':') ? NET6 : NET4, .proto = UDP, .sport = 40000,
			     .dport = dport, .payload = payload };
	struct frame in, out;

	if (dport == 80) {
		s.proto = TCP;
		s.flags = SYN;
	}
	build(&in, &s);
	return run(fx->in, &in, &out, 0, NULL);
}

static int send_down(struct fx *fx, const uint8_t *mac, const char *dst, uint16_t payload)
{
	struct pktspec s = { .family = strchr(dst, ':') ? 6 : 4, .smac = mac_gw, .dmac = mac, .src = strchr(dst, ':') ? NET6 : NET4,
			     .dst = dst, .proto = UDP, .sport = 443, .dport = 40000, .payload = payload };
	struct frame in, out;

	build(&in, &s);
	return run(fx->out, &in, &out, 0, NULL);
}

/* Quota: the packet that reaches the budget passes, the next is refused; one event;
 * the stopped client is back behind the portal; a larger budget lets it out again. */
static void test_quota(void **state)
{
	struct fx *fx = *state;
	struct sg_client_cfg c = auth_cfg();
	struct sg_client_cnt n;
	const uint64_t pkt = 20 + 8 + 100;	/* IP bytes of each packet */

	c.budget = pkt * 2 + pkt / 2;
	put_cfg(fx, mac_auth, &c);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 100), PASS);
	assert_int_equal(send_down(fx, mac_auth, AUTH4, 100), PASS);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 100), PASS);	/* reaches it */
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 100), SHOT);
	assert_int_equal(send_down(fx, mac_auth, AUTH4, 100), SHOT);
	assert_int_equal(send_up(fx, mac_auth, AUTH6, 443, 100), SHOT);	/* v6 shares the entry */

	n = get_cnt(fx, mac_auth);
	assert_int_equal(n.bytes_up + n.bytes_down, 3 * pkt);
	assert_true(n.bytes_up + n.bytes_down < c.budget + pkt);	/* at most one packet over */
	assert_int_equal(n.stopped, SG_STOP_QUOTA);
	assert_int_equal(ring_buffer__consume(fx->events), 1);
	assert_int_equal(fx->n_events, 1);
	assert_int_equal(fx->event.type, SG_EVENT_STOPPED);
	assert_int_equal(fx->event.reason, SG_STOP_QUOTA);
	assert_int_equal(fx->event.session_id, SESSION);
	assert_memory_equal(fx->event.mac.addr, mac_auth, 6);
	assert_int_equal(fx->event.bytes_up + fx->event.bytes_down, 3 * pkt);
	assert_int_equal(stat_get(fx->stats, SG_STAT_STOPPED), 1);

	/* stopped: HTTP goes to the portal (to buy more), DNS works */
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 80, 0), PASS);
	assert_int_equal(stat_get(fx->stats, SG_STAT_REDIRECT), 1);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 53, 20), PASS);
	assert_int_equal(ring_buffer__consume(fx->events), 0);	/* still one event */

	/* top-up: a config write, counters untouched */
	c.budget = 100 * pkt;
	put_cfg(fx, mac_auth, &c);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 100), PASS);
	n = get_cnt(fx, mac_auth);
	assert_int_equal(n.stopped, SG_STOP_NONE);
	assert_int_equal(n.bytes_up + n.bytes_down, 4 * pkt);
}

static void test_expiry(void **state)
{
	struct fx *fx = *state;
	struct sg_client_cfg c = auth_cfg();

	c.end_ns = mono_ns() + 60 * 1000000000ull;
	put_cfg(fx, mac_auth, &c);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 10), PASS);
	assert_int_equal(ring_buffer__consume(fx->events), 0);

	c.end_ns = mono_ns() - 1;
	put_cfg(fx, mac_auth, &c);
	assert_int_equal(send_down(fx, mac_auth, AUTH4, 10), SHOT);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 10), SHOT);
	assert_int_equal(get_cnt(fx, mac_auth).stopped, SG_STOP_EXPIRED);
	assert_int_equal(get_cnt(fx, mac_auth).packets_up, 1);
	assert_int_equal(ring_buffer__consume(fx->events), 1);
	assert_int_equal(fx->event.reason, SG_STOP_EXPIRED);
	assert_int_equal(fx->event.session_id, SESSION);

	/* extended: passes again */
	c.end_ns = 0;
	put_cfg(fx, mac_auth, &c);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 10), PASS);
	assert_int_equal(get_cnt(fx, mac_auth).stopped, SG_STOP_NONE);
}

/* Counters are exact over both families and directions, and a config write (here a
 * rate change) does not lose them. */
static void test_counters_exact(void **state)
{
	static const uint16_t sizes[] = { 0, 1, 100, 999, 1400 };
	struct fx *fx = *state;
	struct sg_client_cfg c = auth_cfg();
	uint64_t up = 0, down = 0, t0 = mono_ns();
	struct sg_client_cnt n;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, sizes[i]), PASS);
		up += 20 + 8 + sizes[i];
		assert_int_equal(send_up(fx, mac_auth, AUTH6, 443, sizes[i]), PASS);
		up += 40 + 8 + sizes[i];
		assert_int_equal(send_down(fx, mac_auth, AUTH4, sizes[i]), PASS);
		down += 20 + 8 + sizes[i];
		assert_int_equal(send_down(fx, mac_auth, AUTH6, sizes[i]), PASS);
		down += 40 + 8 + sizes[i];
		c.rate_up = 1000000000ull + i;	/* a config update between packets */
		put_cfg(fx, mac_auth, &c);
	}
	n = get_cnt(fx, mac_auth);
	assert_int_equal(n.bytes_up, up);
	assert_int_equal(n.bytes_down, down);
	assert_int_equal(n.packets_up, 10);
	assert_int_equal(n.packets_down, 10);
	assert_int_equal(n.drops_up + n.drops_down, 0);
	assert_true(n.last_seen_ns >= t0 && n.last_seen_ns <= mono_ns());
}

/* An entry without counters (slot 0): an authorized client fails closed, since its
 * quota cannot be checked; an allow-listed one passes, uncounted. */
static void test_no_counters(void **state)
{
	struct fx *fx = *state;
	struct sg_client_cfg c = auth_cfg(), staff = { .flags = SG_CLIENT_ALLOWLIST };
	struct sg_mac auth = mac_of(mac_auth), allowed = mac_of(mac_staff);

	assert_int_equal(bpf_map_update_elem(fx->cfg, &auth, &c, BPF_ANY), 0);
	assert_int_equal(bpf_map_update_elem(fx->cfg, &allowed, &staff, BPF_ANY), 0);
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 10), SHOT);
	assert_int_equal(send_down(fx, mac_auth, AUTH4, 10), SHOT);
	assert_int_equal(send_up(fx, mac_staff, STAFF4, 443, 10), PASS);
	assert_int_equal(send_down(fx, mac_staff, STAFF4, 10), PASS);
	assert_int_equal(get_cnt(fx, mac_auth).packets_up + get_cnt(fx, mac_auth).drops_up, 0);
	assert_int_equal(get_cnt(fx, mac_staff).packets_up + get_cnt(fx, mac_staff).packets_down, 0);
	assert_int_equal(stat_get(fx->stats, SG_STAT_AUTH), 0);

	put_cfg(fx, mac_auth, &c);	/* with its slot: counted */
	assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 10), PASS);
	assert_int_equal(get_cnt(fx, mac_auth).packets_up, 1);
}

/* Rate limit: a burst of back-to-back packets passes up to the bucket depth, the rest
 * is dropped and counted. */
static void rate_limit(struct fx *fx, enum dir dir)
{
	struct sg_client_cfg c = auth_cfg();
	struct pktspec s = { .family = 4, .proto = UDP, .sport = 40000, .dport = 443,
			     .payload = 1000 - 28 };	/* 1000 IP bytes */
	const uint32_t repeat = 1000;
	struct frame in, out;
	struct sg_client_cnt n;
	uint64_t passed, dropped;
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_out = out.b, .data_size_out = sizeof(out.b),
		    .repeat = repeat);

	if (dir == IN) {
		c.rate_up = 1000000;	/* 1 Mbit/s: depth = SG_BURST_MIN bytes */
		s.smac = mac_auth, s.dmac = mac_gw, s.src = AUTH4, s.dst = NET4;
	} else {
		c.rate_down = 1000000;
		s.smac = mac_gw, s.dmac = mac_auth, s.src = NET4, s.dst = AUTH4;
	}
	put_cfg(fx, mac_auth, &c);
	build(&in, &s);
	o.data_in = in.b;
	o.data_size_in = in.len;
	assert_int_equal(bpf_prog_test_run_opts(dir == IN ? fx->in : fx->out, &o), 0);
	n = get_cnt(fx, mac_auth);
	passed = dir == IN ? n.packets_up : n.packets_down;
	dropped = dir == IN ? n.drops_up : n.drops_down;
	/* SG_BURST_MIN / 1000 packets fit the bucket; the run takes well under the 8 ms
	 * one more needs */
	if (passed < SG_BURST_MIN / 1000 || passed > SG_BURST_MIN / 1000 + 2)
		fail_msg("passed %llu, want %u..%u", (unsigned long long)passed, SG_BURST_MIN / 1000,
			 SG_BURST_MIN / 1000 + 2);
	assert_int_equal(passed + dropped, repeat);
	assert_int_equal(stat_get(fx->stats, SG_STAT_RATE), dropped);
	/* the other direction is not limited */
	if (dir == IN)
		assert_int_equal(send_down(fx, mac_auth, AUTH4, 1000), PASS);
	else
		assert_int_equal(send_up(fx, mac_auth, AUTH4, 443, 1000), PASS);
}

static void test_rate_limit_up(void **state)
{
	rate_limit(*state, IN);
}

static void test_rate_limit_down(void **state)
{
	rate_limit(*state, OUT);
}

/* With XDP off the loader sets SG_SET_DENY_IN_TC and tc applies the deny list. */
static void test_deny_in_tc(void **state)
{
	struct fx *fx = *state;
	struct sg_settings s;
	uint32_t zero = 0;

	assert_int_equal(bpf_map_lookup_elem(fx->settings, &zero, &s), 0);
	s.flags |= SG_SET_DENY_IN_TC;
	assert_int_equal(bpf_map_update_elem(fx->settings, &zero, &s, BPF_ANY), 0);
	assert_int_equal(send_up(fx, mac_bad, "192.0.2.99", 53, 10), SHOT);
	assert_int_equal(stat_get(fx->stats, SG_STAT_DENY_MAC), 1);
	assert_int_equal(send_up(fx, mac_guest, GUEST4, 53, 10), PASS);
}

/* A long DNS answer is cut at SG_DNS_CAP; the wire length is kept. */
static void test_dns_copy_bounded(void **state)
{
	struct fx *fx = *state;
	struct pktspec s = { .family = 4, .smac = mac_gw, .dmac = mac_guest, .src = PORTAL4, .dst = GUEST4,
			     .proto = UDP, .sport = 53, .dport = 5353, .payload = 1400 };
	struct frame in, out;

	build(&in, &s);
	assert_int_equal(run(fx->out, &in, &out, 0, NULL), PASS);
	assert_int_equal(ring_buffer__consume(fx->dns), 1);
	assert_int_equal(fx->dns_msg.len, 1400);
	assert_int_equal(fx->dns_msg.caplen, SG_DNS_CAP);
	assert_memory_equal(fx->dns_msg.data, in.b + ETH_LEN + 28, SG_DNS_CAP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paths),
		cmocka_unit_test_setup_teardown(test_reverse_nat_v4, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reverse_nat_v6, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quota, setup, teardown),
		cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counters_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_counters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limit_down, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deny_in_tc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dns_copy_bounded, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
