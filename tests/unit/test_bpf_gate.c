/* XDP gate (bpf/gate.bpf.c): the deny list drops, everything else passes to tc.
 * One row per path, run through bpf_prog_test_run_opts() on the loaded skeleton. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <linux/bpf.h>

#include "test_bpf_pkt.h"
#include "gate.skel.h"

static const uint8_t mac_gw[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t mac_ok[6] = { 0x02, 0, 0, 0, 0, 0x10 };
static const uint8_t mac_bad[6] = { 0x02, 0, 0, 0, 0, 0x66 };

static int setup(void **state)
{
	struct gate_bpf *skel = gate_bpf__open_and_load();
	struct sg_acl_hits zero = { 0 };
	struct sg_mac m = mac_of(mac_bad);
	struct sg_lpm_v4 k4 = lpm4("192.0.2.64", 26);
	struct sg_lpm_v4 k4d = lpm4("203.0.113.99", 32);
	struct sg_lpm_v6 k6 = lpm6("2001:db8:bad::", 48);

	if (!skel)
		return -1;
	if (bpf_map_update_elem(bpf_map__fd(skel->maps.sg_deny_mac), &m, &zero, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.sg_deny_v4), &k4, &zero, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.sg_deny_v4), &k4d, &zero, BPF_ANY) ||
	    bpf_map_update_elem(bpf_map__fd(skel->maps.sg_deny_v6), &k6, &zero, BPF_ANY)) {
		gate_bpf__destroy(skel);
		return -1;
	}
	*state = skel;
	return 0;
}

static int teardown(void **state)
{
	gate_bpf__destroy(*state);
	return 0;
}

struct gate_case {
	const char *name;
	struct pktspec pkt;
	int verdict;
	int stat;		/* sg_stat that must count the packet, -1 none */
};

#define V4(S, D, SMAC) .family = 4, .smac = SMAC, .dmac = mac_gw, .src = S, .dst = D, \
	.proto = IPPROTO_UDP, .sport = 40000, .dport = 443
#define V6(S, D, SMAC) .family = 6, .smac = SMAC, .dmac = mac_gw, .src = S, .dst = D, \
	.proto = IPPROTO_UDP, .sport = 40000, .dport = 443

static const struct gate_case cases[] = {
	{ "denied MAC", { V4("192.0.2.10", "203.0.113.10", mac_bad) }, XDP_DROP, SG_STAT_DENY_MAC },
	{ "denied MAC, ARP", { .family = 0, .smac = mac_bad, .dmac = mac_gw }, XDP_DROP, SG_STAT_DENY_MAC },
	{ "denied v4 source CIDR", { V4("192.0.2.100", "203.0.113.10", mac_ok) }, XDP_DROP, SG_STAT_DENY_IP },
	{ "denied v4 destination", { V4("192.0.2.10", "203.0.113.99", mac_ok) }, XDP_DROP, SG_STAT_DENY_IP },
	{ "denied v6 source CIDR", { V6("2001:db8:bad::5", "2001:db8:ffff::1", mac_ok) }, XDP_DROP, SG_STAT_DENY_IP },
	{ "denied v6 destination", { V6("2001:db8:1::10", "2001:db8:bad:1::1", mac_ok) }, XDP_DROP, SG_STAT_DENY_IP },
	{ "v4 next to the denied CIDR", { V4("192.0.2.63", "203.0.113.98", mac_ok) }, XDP_PASS, -1 },
	{ "v6 clean", { V6("2001:db8:1::10", "2001:db8:ffff::1", mac_ok) }, XDP_PASS, -1 },
	{ "ARP clean", { .family = 0, .smac = mac_ok, .dmac = mac_gw }, XDP_PASS, -1 },
};

static int run(struct gate_bpf *skel, const uint8_t *data, uint32_t len)
{
	uint8_t out[2048];
	LIBBPF_OPTS(bpf_test_run_opts, opts, .data_in = data, .data_size_in = len,
		    .data_out = out, .data_size_out = sizeof(out));

	assert_int_equal(bpf_prog_test_run_opts(bpf_program__fd(skel->progs.sg_xdp_gate), &opts), 0);
	return (int)opts.retval;
}

static void test_paths(void **state)
{
	struct gate_bpf *skel = *state;
	int stats = bpf_map__fd(skel->maps.sg_stats);

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct gate_case *c = &cases[i];
		uint64_t before[SG_STAT_MAX];
		struct frame f;

		for (uint32_t s = 0; s < SG_STAT_MAX; s++)
			before[s] = stat_get(stats, s);
		build(&f, &c->pkt);
		int verdict = run(skel, f.b, f.len);

		if (verdict != c->verdict)
			fail_msg("%s: verdict %d, want %d", c->name, verdict, c->verdict);
		for (uint32_t s = 0; s < SG_STAT_MAX; s++) {
			uint64_t want = before[s] + ((int)s == c->stat ? 1 : 0);

			if (stat_get(stats, s) != want)
				fail_msg("%s: stat %u is %llu, want %llu", c->name, s,
					 (unsigned long long)stat_get(stats, s), (unsigned long long)want);
		}
	}
}

/* Each deny entry counts what it dropped. */
static void test_hits_counted(void **state)
{
	struct gate_bpf *skel = *state;
	struct pktspec s = { V4("192.0.2.70", "203.0.113.10", mac_ok), .payload = 100 };
	struct sg_lpm_v4 k = lpm4("192.0.2.64", 26);
	struct sg_acl_hits h;
	struct frame f;

	build(&f, &s);
	for (int i = 0; i < 3; i++)
		assert_int_equal(run(skel, f.b, f.len), XDP_DROP);
	assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(skel->maps.sg_deny_v4), &k, &h), 0);
	assert_int_equal(h.packets, 3);
	assert_int_equal(h.bytes, 3 * (f.len - ETH_LEN));
}

/* A frame too short for its headers is not the gate's business. */
static void test_truncated_passes(void **state)
{
	struct gate_bpf *skel = *state;
	struct pktspec s = { V4("192.0.2.70", "203.0.113.10", mac_ok) };
	struct frame f;

	build(&f, &s);
	assert_int_equal(run(skel, f.b, ETH_LEN + 10), XDP_PASS);
}

static void set_flags(struct gate_bpf *skel, uint32_t flags)
{
	struct sg_settings st = { .flags = flags };
	uint32_t zero = 0;

	assert_int_equal(bpf_map_update_elem(bpf_map__fd(skel->maps.sg_settings), &zero, &st, BPF_ANY), 0);
}

/* The loader marks empty list parts; the gate then skips them (and with no deny
 * entry at all, does not even parse). An unmarked part is always looked up. */
static void test_empty_parts_skipped(void **state)
{
	struct gate_bpf *skel = *state;
	struct pktspec bad_mac = { V4("192.0.2.10", "203.0.113.10", mac_bad) };
	struct pktspec bad_ip = { V4("192.0.2.100", "203.0.113.10", mac_ok) };
	struct frame fm, fi;

	build(&fm, &bad_mac);
	build(&fi, &bad_ip);
	set_flags(skel, SG_SET_NO_DENY_MAC);
	assert_int_equal(run(skel, fm.b, fm.len), XDP_PASS);
	assert_int_equal(run(skel, fi.b, fi.len), XDP_DROP);
	set_flags(skel, SG_SET_NO_DENY_IP);
	assert_int_equal(run(skel, fm.b, fm.len), XDP_DROP);
	assert_int_equal(run(skel, fi.b, fi.len), XDP_PASS);
	set_flags(skel, SG_SET_NO_DENY);
	assert_int_equal(run(skel, fm.b, fm.len), XDP_PASS);
	assert_int_equal(run(skel, fi.b, fi.len), XDP_PASS);
	set_flags(skel, 0);
	assert_int_equal(run(skel, fm.b, fm.len), XDP_DROP);
	assert_int_equal(run(skel, fi.b, fi.len), XDP_DROP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hits_counted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncated_passes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_parts_skipped, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
