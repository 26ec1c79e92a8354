/* dataplane: load, client entries and their counter slots, counters read from the
 * mapped array; pinning and reuse across a restart on a private bpf filesystem; attach/detach on a veth pair. The last two run
 * in a child process with its own mount and network namespaces, so nothing they make
 * (bpffs, pins, veths) outlives the child, whatever fails. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <net/if.h>
#include <cmocka.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dataplane/dataplane.h"
#include "gate.skel.h"
#include "lan_tc.skel.h"
#include "wan_tc.skel.h"

static struct sg_mac mac_n(unsigned n)
{
	struct sg_mac m = { { 0x02, 0, 0, 0, (uint8_t)(n >> 8), (uint8_t)n } };

	return m;
}

/* Writes mac's counters the way the kernel does: into the array, at its slot. */
static int put_cnt(struct dataplane *dp, const struct sg_mac *mac, const struct sg_client_cnt *c)
{
	struct sg_client_cfg cfg;

	if (bpf_map_lookup_elem(dp->cfg_fd, mac, &cfg) || !cfg.slot)
		return -1;
	return bpf_map_update_elem(dp->cnt_fd, &cfg.slot, c, BPF_EXIST);
}

static uint32_t slot_of(struct dataplane *dp, const struct sg_mac *mac)
{
	struct sg_client_cfg cfg;

	return bpf_map_lookup_elem(dp->cfg_fd, mac, &cfg) ? 0 : cfg.slot;
}

struct seen {
	unsigned count;
	uint64_t bytes;
};

static int count_cb(void *ctx, uint32_t slot, const struct sg_mac *mac, const struct sg_client_cnt *c)
{
	struct seen *s = ctx;

	(void)slot;
	(void)mac;
	s->count++;
	s->bytes += c->bytes_up;
	return 0;
}

static void test_clients_without_pinning(void **state)
{
	struct dataplane dp;
	struct dataplane_opts o = { .pin_root = NULL, .max_clients = 2048 };
	struct sg_client_cfg cfg = { .flags = SG_CLIENT_AUTHORIZED, .budget = 1000 };
	struct sg_client_cnt c = { .bytes_up = 7 };
	struct sg_acl_hits zero = { 0 }, h;
	struct sg_mac m = mac_n(1);
	struct seen seen = { 0 };
	char err[256] = "";
	(void)state;

	assert_int_equal(dataplane_open(&dp, &o, err, sizeof(err)), 0);
	/* the XDP object shares the tc object's maps */
	assert_int_equal(bpf_map_update_elem(bpf_map__fd(dp.gate->maps.sg_deny_mac), &m, &zero, BPF_ANY), 0);
	assert_int_equal(bpf_map_lookup_elem(bpf_map__fd(dp.tc->maps.sg_deny_mac), &m, &h), 0);
	/* the counters: one slot per client, and slot 0 for "none" */
	assert_int_equal(bpf_map__max_entries(dp.tc->maps.sg_client_cfg), 2048);
	assert_int_equal(bpf_map__max_entries(dp.tc->maps.sg_client_cnt), 2049);
	/* every slot is whole cache lines of its own: neighbours forwarded on two CPUs
	 * do not take a line from each other */
	assert_int_equal((uintptr_t)&dp.cnt[0] % 64, 0);
	assert_int_equal(((uintptr_t)&dp.cnt[1] - (uintptr_t)&dp.cnt[0]) % 64, 0);
	assert_int_equal(bpf_map__value_size(dp.tc->maps.sg_client_cnt) % 64, 0);

	/* 1000 clients, each with a slot of its own; what the kernel writes into the
	 * array is what the mapped read sees */
	for (unsigned i = 0; i < 1000; i++) {
		struct sg_mac k = mac_n(i);

		assert_int_equal(dataplane_client_authorize(&dp, &k, &cfg), 0);
		assert_int_equal(slot_of(&dp, &k), i + 1);
		assert_int_equal(put_cnt(&dp, &k, &c), 0);
	}
	assert_int_equal(dataplane_counters_each(&dp, count_cb, &seen), 0);
	assert_int_equal(seen.count, 1000);
	assert_int_equal(seen.bytes, 7000);

	/* a limit change keeps the counters and the slot; a new session resets them */
	cfg.budget = 5000;
	cfg.slot = 999;	/* whatever the caller says: the entry keeps its own */
	assert_int_equal(dataplane_client_update(&dp, &m, &cfg), 0);
	assert_int_equal(slot_of(&dp, &m), 2);
	assert_int_equal(dataplane_client_get(&dp, &m, NULL, &c), 0);
	assert_int_equal(c.bytes_up, 7);
	/* from a config already read: its slot, if it is this MAC's */
	{
		struct sg_client_cfg read;
		struct sg_mac other = mac_n(3);

		assert_int_equal(bpf_map_lookup_elem(dp.cfg_fd, &m, &read), 0);
		dataplane_client_counters(&dp, &m, &read, &c);
		assert_int_equal(c.bytes_up, 7);
		dataplane_client_counters(&dp, &other, &read, &c);
		assert_int_equal(c.bytes_up, 0);
	}
	assert_int_equal(dataplane_client_authorize(&dp, &m, &cfg), 0);
	assert_int_equal(slot_of(&dp, &m), 2);
	assert_int_equal(dataplane_client_get(&dp, &m, NULL, &c), 0);
	assert_int_equal(c.bytes_up, 0);

	/* end of session: final counters handed back, the entry gone, the slot free */
	m = mac_n(2);
	assert_int_equal(dataplane_client_remove(&dp, &m, &c), 0);
	assert_int_equal(c.bytes_up, 7);
	assert_int_not_equal(bpf_map_lookup_elem(dp.cfg_fd, &m, &cfg), 0);
	assert_int_equal(dataplane_client_get(&dp, &m, NULL, &c), -ENOENT);
	assert_int_equal(dataplane_client_remove(&dp, &m, &c), -ENOENT);
	assert_int_equal(slots_used(&dp.slots), 999);
	m = mac_n(5000);
	assert_int_equal(dataplane_client_update(&dp, &m, &cfg), -ENOENT);
	dataplane_close(&dp);
}

/* A freed slot is handed out again last: a packet still counting into it lands where
 * nobody is. A new client gets a zeroed slot; when all are taken it gets none, and no
 * entry is written. */
static void test_slots_reused_last_and_full(void **state)
{
	struct dataplane dp;
	struct dataplane_opts o = { .pin_root = NULL, .max_clients = 4 };
	struct sg_client_cfg cfg = { .flags = SG_CLIENT_AUTHORIZED };
	struct sg_client_cnt c = { .bytes_up = 99 };
	struct sg_mac a = mac_n(1), b = mac_n(2), n = mac_n(3);
	char err[256] = "";
	(void)state;

	assert_int_equal(dataplane_open(&dp, &o, err, sizeof(err)), 0);
	assert_int_equal(dataplane_client_authorize(&dp, &a, &cfg), 0);
	assert_int_equal(dataplane_client_authorize(&dp, &b, &cfg), 0);
	assert_int_equal(put_cnt(&dp, &a, &c), 0);
	assert_int_equal(dataplane_client_remove(&dp, &a, NULL), 0);	/* slot 1 free */
	assert_int_equal(dataplane_client_authorize(&dp, &n, &cfg), 0);
	assert_int_equal(slot_of(&dp, &n), 3);		/* not 1 */
	assert_int_equal(dataplane_client_authorize(&dp, &a, &cfg), 0);
	assert_int_equal(slot_of(&dp, &a), 4);
	n = mac_n(4);
	assert_int_equal(dataplane_client_authorize(&dp, &n, &cfg), 0);
	assert_int_equal(slot_of(&dp, &n), 1);		/* last, and zeroed */
	assert_int_equal(dataplane_client_get(&dp, &n, NULL, &c), 0);
	assert_int_equal(c.bytes_up, 0);

	n = mac_n(5);
	assert_int_equal(dataplane_client_authorize(&dp, &n, &cfg), -ENOSPC);
	assert_int_not_equal(bpf_map_lookup_elem(dp.cfg_fd, &n, &cfg), 0);
	dataplane_close(&dp);
}

static void test_xdp_parse(void **state)
{
	enum dataplane_xdp x;
	(void)state;

	assert_int_equal(dataplane_xdp_parse("native", &x), 0);
	assert_int_equal(x, DATAPLANE_XDP_NATIVE);
	assert_int_equal(dataplane_xdp_parse("generic", &x), 0);
	assert_int_equal(x, DATAPLANE_XDP_GENERIC);
	assert_int_equal(dataplane_xdp_parse("off", &x), 0);
	assert_int_equal(x, DATAPLANE_XDP_OFF);
	assert_int_equal(dataplane_xdp_parse("drv", &x), -EINVAL);
}

static void test_hook_parse(void **state)
{
	enum dataplane_hook h;
	(void)state;

	assert_int_equal(dataplane_hook_parse("auto", &h), 0);
	assert_int_equal(h, DATAPLANE_HOOK_AUTO);
	assert_int_equal(dataplane_hook_parse("tcx", &h), 0);
	assert_int_equal(h, DATAPLANE_HOOK_TCX);
	assert_int_equal(dataplane_hook_parse("clsact", &h), 0);
	assert_int_equal(h, DATAPLANE_HOOK_CLSACT);
	assert_string_equal(dataplane_hook_name(h), "clsact");
	assert_int_equal(dataplane_hook_parse("tc", &h), -EINVAL);
}

/* ---- in a child with private namespaces -------------------------------------- */

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s (err: %s)\n", __FILE__, __LINE__, #cond, err); return __LINE__; } } while (0)

static int pinned_reuse(const char *bpffs)
{
	char root[512], err[1024] = "", path[600], want[700];
	struct dataplane dp;
	struct dataplane_opts o = { .pin_root = root };
	struct sg_client_cfg cfg = { .flags = SG_CLIENT_AUTHORIZED, .session_id = 77 }, got;
	struct sg_client_cnt cnt = { .bytes_up = 12345 };
	struct sg_mac m = mac_n(9), other = mac_n(10);
	struct seen seen = { 0 };
	struct stat st;

	snprintf(root, sizeof(root), "%s/spotgate", bpffs);
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == 0);
	CHECK(dataplane_client_authorize(&dp, &m, &cfg) == 0);
	CHECK(put_cnt(&dp, &m, &cnt) == 0);
	/* written behind the dataplane's back: a second entry claiming the same slot */
	got = cfg;
	got.slot = slot_of(&dp, &m);
	CHECK(bpf_map_update_elem(dp.cfg_fd, &other, &got, BPF_ANY) == 0);
	dataplane_close(&dp);

	/* "restart": the same entries, the counters where they were, found by slot */
	snprintf(path, sizeof(path), "%s/sg_client_cnt", root);
	CHECK(stat(path, &st) == 0);
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == 0);
	CHECK(bpf_map_lookup_elem(dp.cfg_fd, &m, &got) == 0 && got.session_id == 77);
	CHECK(dataplane_counters_each(&dp, count_cb, &seen) == 0);
	CHECK(seen.count == 2 && seen.bytes == 12345);
	/* of the two claimants the one found first keeps the slot and its counts (the
	 * walk's order is the hash's); the other gets a slot of its own, from zero */
	CHECK(slot_of(&dp, &other) != 0 && slot_of(&dp, &m) != 0 &&
	      slot_of(&dp, &other) != slot_of(&dp, &m));
	CHECK(dataplane_client_get(&dp, &m, NULL, &cnt) == 0);
	seen.bytes = cnt.bytes_up;
	CHECK(dataplane_client_get(&dp, &other, NULL, &cnt) == 0);
	CHECK(seen.bytes + cnt.bytes_up == 12345 && (seen.bytes == 0 || cnt.bytes_up == 0));
	CHECK(slots_used(&dp.slots) == 2);
	dataplane_close(&dp);

	/* a build with other map sizes does not silently get fresh maps */
	o.max_clients = 1024;
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == -EEXIST);
	snprintf(want, sizeof(want), "%s/sg_client_cfg was made by another spotgated build", root);
	CHECK(strstr(err, want) != NULL);
	CHECK(strstr(err, "key 6 value 128 bytes, 65536 entries; this one needs key 6 value 128 bytes, 1024 entries") != NULL);
	snprintf(want, sizeof(want), "remove %s/sg_* (this logs every guest out)", root);
	CHECK(strstr(err, want) != NULL);
	CHECK(stat(path, &st) == 0);	/* nothing removed on its own */
	CHECK(dataplane_unpin(root) == 0);
	CHECK(stat(path, &st) != 0);
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == 0);
	dataplane_close(&dp);
	CHECK(dataplane_unpin(root) == 0);

	/* not a bpf filesystem: a reason, not a mystery */
	o.pin_root = "/tmp";
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == -EINVAL);
	CHECK(strstr(err, "not on a bpf filesystem") != NULL);
	return 0;
}

static int tc_prog_id(int ifindex, enum bpf_tc_attach_point point)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex, .attach_point = point);
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = 0x5347, .priority = 0x5347);

	if (bpf_tc_query(&hook, &o))
		return 0;
	return (int)o.prog_id;
}

static int deny_in_tc(struct dataplane *dp)
{
	struct sg_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(dp->settings_fd, &zero, &s))
		return -1;
	return !!(s.flags & SG_SET_DENY_IN_TC);
}

/* The programs tcx runs at dir (0 ingress, 1 egress) of ifindex: how many, first id in *id. */
static int tcx_progs(int ifindex, int dir, __u32 *id)
{
	__u32 ids[8] = { 0 }, cnt = 8, flags = 0;

	*id = 0;
	if (bpf_prog_query(ifindex, (enum bpf_attach_type)(46 + dir), 0, &flags, ids, &cnt))
		return -1;
	*id = ids[0];
	return (int)cnt;
}

static __u32 prog_id(struct bpf_program *prog)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(bpf_program__fd(prog), &info, &len) ? 0 : info.id;
}

/* Each direction has exactly our program, through tcx and not clsact. */
static int tcx_has(struct dataplane *dp, int ifindex)
{
	__u32 in, out;

	return tcx_progs(ifindex, 0, &in) == 1 && in == prog_id(dp->tc->progs.sg_tc_ingress) &&
	       tcx_progs(ifindex, 1, &out) == 1 && out == prog_id(dp->tc->progs.sg_tc_egress) &&
	       tc_prog_id(ifindex, BPF_TC_INGRESS) == 0 && tc_prog_id(ifindex, BPF_TC_EGRESS) == 0;
}

static int nothing_attached(int ifindex)
{
	__u32 id, xdp_id = 0;

	return tcx_progs(ifindex, 0, &id) == 0 && tcx_progs(ifindex, 1, &id) == 0 &&
	       tc_prog_id(ifindex, BPF_TC_INGRESS) == 0 && tc_prog_id(ifindex, BPF_TC_EGRESS) == 0 &&
	       bpf_xdp_query_id(ifindex, XDP_FLAGS_SKB_MODE, &xdp_id) == 0 && xdp_id == 0;
}

static int attach_veth(void)
{
	struct dataplane dp;
	struct dataplane_opts o = { 0 };
	char err[256] = "";
	__u32 xdp_id = 0;
	int ifindex;

	CHECK(system("ip link add sgdp0 type veth peer name sgdp1 && "
		     "ip link set sgdp0 up && ip link set sgdp1 up") == 0);
	ifindex = (int)if_nametoindex("sgdp0");
	CHECK(ifindex > 0);
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == 0);

	/* auto: tcx on this kernel */
	CHECK(dataplane_attach(&dp, "sgdp0", DATAPLANE_XDP_GENERIC, err, sizeof(err)) == 0);
	CHECK(dp.hook == DATAPLANE_HOOK_TCX);
	CHECK(tcx_has(&dp, ifindex));
	CHECK(bpf_xdp_query_id(ifindex, XDP_FLAGS_SKB_MODE, &xdp_id) == 0 && xdp_id > 0);
	CHECK(deny_in_tc(&dp) == 0);

	/* attaching again (a restarted daemon) replaces, does not stack */
	CHECK(dataplane_attach(&dp, "sgdp0", DATAPLANE_XDP_GENERIC, err, sizeof(err)) == 0);
	CHECK(tcx_has(&dp, ifindex));

	CHECK(dataplane_detach(&dp, "sgdp0", DATAPLANE_XDP_GENERIC, err, sizeof(err)) == 0);
	CHECK(nothing_attached(ifindex));

	/* XDP off: tc takes over the deny list */
	CHECK(dataplane_attach(&dp, "sgdp0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(deny_in_tc(&dp) == 1);
	CHECK(tcx_has(&dp, ifindex));

	/* clsact asked for: it goes on and the tcx programs come off; and back */
	dp.hook = DATAPLANE_HOOK_CLSACT;
	CHECK(dataplane_attach(&dp, "sgdp0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(dp.hook == DATAPLANE_HOOK_CLSACT);
	CHECK(tc_prog_id(ifindex, BPF_TC_INGRESS) == (int)prog_id(dp.tc->progs.sg_tc_ingress));
	CHECK(tc_prog_id(ifindex, BPF_TC_EGRESS) == (int)prog_id(dp.tc->progs.sg_tc_egress));
	CHECK(tcx_progs(ifindex, 0, &xdp_id) == 0 && tcx_progs(ifindex, 1, &xdp_id) == 0);
	dp.hook = DATAPLANE_HOOK_TCX;
	CHECK(dataplane_attach(&dp, "sgdp0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(tcx_has(&dp, ifindex));
	dp.hook = DATAPLANE_HOOK_CLSACT;
	CHECK(dataplane_attach(&dp, "sgdp0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(dataplane_detach(&dp, "sgdp0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(nothing_attached(ifindex));

	CHECK(dataplane_attach(&dp, "sgdp-none", DATAPLANE_XDP_OFF, err, sizeof(err)) == -ENODEV);
	dataplane_close(&dp);
	return 0;
}

/* forward = bpf's WAN program: on the WAN interface's ingress only, through the hook
 * the LAN's programs went on, replaced (not stacked) on a restart, off again with
 * forward = stack. */
static int attach_wan(void)
{
	struct dataplane dp;
	struct dataplane_opts o = { 0 };
	char err[256] = "";
	int lan, wan;
	__u32 id;

	CHECK(system("ip link add sgdp0 type veth peer name sgdp1 && "
		     "ip link set sgdp0 up && ip link set sgdp1 up") == 0);
	lan = (int)if_nametoindex("sgdp0");
	wan = (int)if_nametoindex("sgdp1");
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == 0);
	CHECK(dataplane_attach(&dp, "sgdp0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	for (int i = 0; i < 2; i++) {
		CHECK(dataplane_wan_attach(&dp, "sgdp1", err, sizeof(err)) == 0);
		CHECK(tcx_progs(wan, 0, &id) == 1 && id == prog_id(dp.wan->progs.sg_tc_wan_ingress));
		CHECK(tcx_progs(wan, 1, &id) == 0);
	}
	CHECK(tcx_has(&dp, lan));
	CHECK(dataplane_wan_detach(&dp, "sgdp1", err, sizeof(err)) == 0);
	CHECK(nothing_attached(wan));
	CHECK(tcx_has(&dp, lan));

	/* clsact: a filter on ingress, and the tcx link from before comes off */
	CHECK(dataplane_wan_attach(&dp, "sgdp1", err, sizeof(err)) == 0);
	dp.hook = DATAPLANE_HOOK_CLSACT;
	CHECK(dataplane_wan_attach(&dp, "sgdp1", err, sizeof(err)) == 0);
	CHECK(tc_prog_id(wan, BPF_TC_INGRESS) == (int)prog_id(dp.wan->progs.sg_tc_wan_ingress));
	CHECK(tc_prog_id(wan, BPF_TC_EGRESS) == 0 && tcx_progs(wan, 0, &id) == 0);
	CHECK(dataplane_wan_detach(&dp, "sgdp1", err, sizeof(err)) == 0);
	CHECK(nothing_attached(wan));

	CHECK(dataplane_wan_attach(&dp, "sgdp-none", err, sizeof(err)) == -ENODEV);
	CHECK(strstr(err, "sgdp-none") != NULL);
	dataplane_close(&dp);
	return 0;
}

/* With a pin root the tcx links outlive the daemon, a restart swaps its programs into
 * them, and a link whose interface was made anew is replaced. The interface name has a
 * dot (a VLAN's would), which a bpffs name may not. */
static int attach_pinned(const char *bpffs)
{
	char root[512], err[256] = "", path[600];
	struct dataplane dp;
	struct dataplane_opts o = { .pin_root = root };
	struct stat st;
	__u32 id, old_in;
	int ifindex;

	snprintf(root, sizeof(root), "%s/spotgate", bpffs);
	snprintf(path, sizeof(path), "%s/tcx_ingress_sgdp_0", root);
	CHECK(system("ip link add sgdp.0 type veth peer name sgdp1 && ip link set sgdp.0 up") == 0);
	ifindex = (int)if_nametoindex("sgdp.0");
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == 0);
	CHECK(dataplane_attach(&dp, "sgdp.0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(tcx_has(&dp, ifindex));
	CHECK(stat(path, &st) == 0);
	old_in = prog_id(dp.tc->progs.sg_tc_ingress);

	/* the daemon goes: the pinned links keep its programs on */
	dataplane_close(&dp);
	CHECK(tcx_progs(ifindex, 0, &id) == 1 && id == old_in);

	/* the next one swaps its own in, still one per direction */
	CHECK(dataplane_open(&dp, &o, err, sizeof(err)) == 0);
	CHECK(dataplane_attach(&dp, "sgdp.0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(tcx_has(&dp, ifindex));
	CHECK(prog_id(dp.tc->progs.sg_tc_ingress) != old_in);

	/* the interface deleted and made again: the pinned link is defunct, a new one goes on */
	CHECK(system("ip link del sgdp.0 && ip link add sgdp.0 type veth peer name sgdp1") == 0);
	ifindex = (int)if_nametoindex("sgdp.0");
	CHECK(dataplane_attach(&dp, "sgdp.0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(tcx_has(&dp, ifindex));

	/* a WAN program an earlier run left on another interface: taken off, its pin
	 * gone; the kept interface's links stay */
	CHECK(system("ip link add sgdp2 type veth peer name sgdp3 && ip link set sgdp2 up") == 0);
	CHECK(dataplane_wan_attach(&dp, "sgdp2", err, sizeof(err)) == 0);
	snprintf(path, sizeof(path), "%s/tcx_ingress_sgdp2", root);
	CHECK(stat(path, &st) == 0);
	{
		const char *keep[] = { "sgdp.0" };
		int removed = -1;

		CHECK(dataplane_detach_stale(&dp, keep, 1, &removed) == 0 && removed == 1);
		CHECK(nothing_attached((int)if_nametoindex("sgdp2")));
		CHECK(stat(path, &st) != 0);
		CHECK(tcx_has(&dp, ifindex));
		CHECK(dataplane_detach_stale(&dp, keep, 1, &removed) == 0 && removed == 0);
	}
	snprintf(path, sizeof(path), "%s/tcx_ingress_sgdp_0", root);

	CHECK(dataplane_detach(&dp, "sgdp.0", DATAPLANE_XDP_OFF, err, sizeof(err)) == 0);
	CHECK(nothing_attached(ifindex));
	CHECK(stat(path, &st) != 0);
	dataplane_close(&dp);
	CHECK(dataplane_unpin(root) == 0);
	return 0;
}

/* Runs body in a child with new mount and network namespaces and a private bpffs at
 * dir; returns the child's failing line, 0 on success. */
static int in_namespaces(int (*body)(const char *dir))
{
	char dir[] = "/tmp/sg-dp-bpffs-XXXXXX";
	int status = 0;
	pid_t pid;

	if (!mkdtemp(dir))
		return -1;
	pid = fork();
	if (pid == 0) {
		int rc;

		if (unshare(CLONE_NEWNS | CLONE_NEWNET) ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
		    mount("bpf", dir, "bpf", 0, NULL)) {
			perror("namespaces");
			_exit(1);
		}
		rc = body(dir);
		_exit(rc > 255 ? 255 : rc);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		status = -1;
	rmdir(dir);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static int pinned_body(const char *dir)
{
	return pinned_reuse(dir);
}

static int attach_body(const char *dir)
{
	(void)dir;
	return attach_veth();
}

static int attach_wan_body(const char *dir)
{
	(void)dir;
	return attach_wan();
}

static void test_pinned_reuse(void **state)
{
	(void)state;
	assert_int_equal(in_namespaces(pinned_body), 0);
}

static void test_attach_detach_veth(void **state)
{
	(void)state;
	assert_int_equal(in_namespaces(attach_body), 0);
}

static void test_attach_wan(void **state)
{
	(void)state;
	assert_int_equal(in_namespaces(attach_wan_body), 0);
}

static void test_attach_pinned_links(void **state)
{
	(void)state;
	assert_int_equal(in_namespaces(attach_pinned), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xdp_parse),
		cmocka_unit_test(test_hook_parse),
		cmocka_unit_test(test_clients_without_pinning),
		cmocka_unit_test(test_slots_reused_last_and_full),
		cmocka_unit_test(test_pinned_reuse),
		cmocka_unit_test(test_attach_detach_veth),
		cmocka_unit_test(test_attach_wan),
		cmocka_unit_test(test_attach_pinned_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
