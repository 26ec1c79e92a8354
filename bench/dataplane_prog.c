/* bench/dataplane.sh's helper.
 *
 *   dataplane_prog cost N        per-packet cost (ns) of each program path with N
 *                                clients in the maps, from bpf_prog_test_run_opts()
 *                                with a repeat count; one "path ns" line per path
 *   dataplane_prog fill ROOT N MAX
 *                                adds N authorized clients (addresses from
 *                                198.18.0.0/15) to the maps pinned under ROOT
 *                                (sized for MAX clients), with no spotgated running
 *   dataplane_prog noop OBJ IFNAME DIR
 *                                puts OBJ's one program on IFNAME's tc ingress and
 *                                egress through tcx, the links pinned as
 *                                DIR/noop_ingress and DIR/noop_egress (removing
 *                                them takes the program off); bpftool 7.1 cannot
 *                                attach through tcx
 *
 * The programs and maps are the real ones (userspace/dataplane/, unpinned for cost). */
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dataplane/dataplane.h"
#include "gate.skel.h"
#include "lan_tc.skel.h"
#include "test_bpf_pkt.h"

#define REPEAT 1000000

static const uint8_t gw_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };
static const uint8_t client_mac[6] = { 0x02, 0, 0, 0, 0x01, 0x01 };
static const uint8_t stranger_mac[6] = { 0x02, 0, 0, 0, 0x07, 0x07 };
static const uint8_t denied_mac[6] = { 0x02, 0, 0, 0, 0x0d, 0x0d };

/* N clients 0x06:..:i, each bound to 198.18.0.0 + i. */
static int fill(struct dataplane *dp, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct sg_mac key = { { 0x06, 0, (uint8_t)(i >> 24), (uint8_t)(i >> 16),
					(uint8_t)(i >> 8), (uint8_t)i } };
		struct sg_client_cfg cfg = { .flags = SG_CLIENT_AUTHORIZED,
					     .ipv4 = htonl(0xc6120000u + (i & 0x1ffff)),
					     .budget = 1ull << 40 };
		int e = dataplane_client_authorize(dp, &key, &cfg);

		if (e)
			return e;
	}
	return 0;
}

static double cost(int prog, const struct frame *f)
{
	double best = 1e18;

	for (int round = 0; round < 3; round++) {
		struct frame out;
		LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f->b, .data_size_in = f->len,
			    .data_out = out.b, .data_size_out = sizeof(out.b), .repeat = REPEAT);

		if (bpf_prog_test_run_opts(prog, &o)) {
			perror("bpf_prog_test_run_opts");
			exit(1);
		}
		if (o.duration < best)
			best = o.duration;
	}
	return best;
}

static int do_cost(unsigned n)
{
	struct dataplane dp;
	struct dataplane_opts opts = { .pin_root = NULL, .max_clients = n + 16 };
	char err[256];
	struct frame f;
	struct sg_mac m;
	struct sg_client_cfg cfg = { .flags = SG_CLIENT_AUTHORIZED, .budget = 1ull << 40 };
	struct sg_acl_hits hits = { 0 };
	struct sg_settings s = { .portal_port = htons(80) };
	struct sg_lpm_v4 garden = lpm4("203.0.113.20", 32);
	struct sg_garden_val gv = { 0 };
	__u32 key0 = 0;
	int xdp, in, out, e;

	if (dataplane_open(&dp, &opts, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	xdp = bpf_program__fd(dp.gate->progs.sg_xdp_gate);
	in = bpf_program__fd(dp.tc->progs.sg_tc_ingress);
	out = bpf_program__fd(dp.tc->progs.sg_tc_egress);
	inet_pton(AF_INET, "192.0.2.1", &s.portal_v4);
	bpf_map_update_elem(dp.settings_fd, &key0, &s, BPF_ANY);
	if (n > 1 && (e = fill(&dp, n - 1))) {
		fprintf(stderr, "fill: %s\n", strerror(-e));
		return 1;
	}
	inet_pton(AF_INET, "192.0.2.11", &cfg.ipv4);
	memcpy(m.addr, client_mac, 6);
	dataplane_client_authorize(&dp, &m, &cfg);
	memcpy(m.addr, denied_mac, 6);
	bpf_map_update_elem(bpf_map__fd(dp.tc->maps.sg_deny_mac), &m, &hits, BPF_ANY);
	bpf_map_update_elem(bpf_map__fd(dp.tc->maps.sg_garden_v4), &garden, &gv, BPF_ANY);

	struct pktspec up = { .family = 4, .smac = client_mac, .dmac = gw_mac, .src = "192.0.2.11",
			      .dst = "203.0.113.10", .proto = IPPROTO_UDP, .sport = 40000,
			      .dport = 5201, .payload = 1400 };
	struct pktspec down = up;

	down.smac = gw_mac;
	down.dmac = client_mac;
	down.src = "203.0.113.10";
	down.dst = "192.0.2.11";
	build(&f, &up);
	printf("xdp_pass %.1f\n", cost(xdp, &f));
	printf("tc_in_authorized %.1f\n", cost(in, &f));
	build(&f, &down);
	printf("tc_out_authorized %.1f\n", cost(out, &f));
	/* the same with a rate limit that never bites: the bucket arithmetic's cost */
	cfg.rate_up = cfg.rate_down = 100000000000ull;
	memcpy(m.addr, client_mac, 6);
	dataplane_client_update(&dp, &m, &cfg);
	build(&f, &up);
	printf("tc_in_authorized_ratelimit %.1f\n", cost(in, &f));
	up.smac = denied_mac;
	build(&f, &up);
	printf("xdp_deny_mac %.1f\n", cost(xdp, &f));
	up.smac = stranger_mac;
	build(&f, &up);
	printf("tc_in_unauth_drop %.1f\n", cost(in, &f));
	up.proto = IPPROTO_TCP;
	up.dst = "203.0.113.20";
	up.dport = 443;
	up.flags = 0x02;
	up.payload = 0;
	build(&f, &up);
	printf("tc_in_unauth_garden %.1f\n", cost(in, &f));
	dataplane_close(&dp);
	return 0;
}

/* Fills the maps pinned under root (created when not there yet) while no spotgated
 * runs: it keeps which counter slot is whose and rebuilds that when it starts. */
static int do_fill(const char *root, unsigned n, unsigned max_clients)
{
	struct dataplane dp;
	struct dataplane_opts opts = { .pin_root = root, .max_clients = max_clients };
	char err[256];
	int e;

	if (dataplane_open(&dp, &opts, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	if ((e = fill(&dp, n)))
		fprintf(stderr, "fill: %s\n", strerror(-e));
	dataplane_close(&dp);
	return e ? 1 : 0;
}

static int do_noop(const char *path, const char *ifname, const char *dir)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *prog = obj ? bpf_object__next_program(obj, NULL) : NULL;
	int ifindex = (int)if_nametoindex(ifname);

	if (!prog || bpf_object__load(obj) || !ifindex) {
		fprintf(stderr, "noop: cannot load %s or find %s\n", path, ifname);
		return 1;
	}
	for (int egress = 0; egress < 2; egress++) {
		char pin[512];
		int fd = bpf_link_create(bpf_program__fd(prog), ifindex, 46 + egress, NULL);

		snprintf(pin, sizeof(pin), "%s/noop_%s", dir, egress ? "egress" : "ingress");
		if (fd < 0 || bpf_obj_pin(fd, pin)) {
			fprintf(stderr, "noop: tcx on %s: %s\n", ifname, strerror(errno));
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_print(NULL);
	if (argc == 3 && !strcmp(argv[1], "cost"))
		return do_cost((unsigned)strtoul(argv[2], NULL, 10));
	if (argc == 5 && !strcmp(argv[1], "fill"))
		return do_fill(argv[2], (unsigned)strtoul(argv[3], NULL, 10),
			       (unsigned)strtoul(argv[4], NULL, 10));
	if (argc == 5 && !strcmp(argv[1], "noop"))
		return do_noop(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: %s cost N | fill PIN_ROOT N MAX_CLIENTS | noop OBJ IFNAME DIR\n",
		argv[0]);
	return 2;
}
