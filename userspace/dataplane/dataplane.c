/* dataplane: load, pin, attach, client entries. See dataplane.h. */
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dataplane/dataplane.h"
#include "gate.skel.h"
#include "lan_tc.skel.h"

/* Our tc filters: fixed handle and priority, so a restarted daemon replaces them. */
#define DP_TC_HANDLE	0x5347
#define DP_TC_PRIO	0x5347

int dataplane_xdp_parse(const char *text, enum dataplane_xdp *out)
{
	static const char *const names[] = { "off", "generic", "native" };

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(text, names[i])) {
			*out = (enum dataplane_xdp)i;
			return 0;
		}
	}
	return -EINVAL;
}

static int pin_maps(struct bpf_object *obj, const char *root, unsigned int max_clients,
		    char *err, size_t errlen)
{
	struct bpf_map *map;
	char path[PATH_MAX];

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);

		if (!strcmp(name, "sg_client_cfg") || !strcmp(name, "sg_client_cnt")) {
			int e = bpf_map__set_max_entries(map, max_clients);

			if (e) {
				snprintf(err, errlen, "dataplane: %s: max_entries %u: %s",
					 name, max_clients, strerror(-e));
				return e;
			}
		}
		if (!root)
			continue;
		/* .rodata/.bss maps have names with dots; there are none, but be safe */
		if (strncmp(name, "sg_", 3))
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", root, name) >= sizeof(path)) {
			snprintf(err, errlen, "dataplane: pin path too long under %s", root);
			return -ENAMETOOLONG;
		}
		if (bpf_map__set_pin_path(map, path)) {
			snprintf(err, errlen, "dataplane: pin path %s refused", path);
			return -EINVAL;
		}
	}
	return 0;
}

static int check_root(const char *root, char *err, size_t errlen)
{
	struct statfs fs;

	if (mkdir(root, 0700) && errno != EEXIST) {
		int e = -errno;

		snprintf(err, errlen, "dataplane: cannot create %s: %s", root, strerror(errno));
		return e;
	}
	if (statfs(root, &fs)) {
		int e = -errno;

		snprintf(err, errlen, "dataplane: %s: %s", root, strerror(errno));
		return e;
	}
	if ((unsigned long)fs.f_type != BPF_FS_MAGIC) {
		snprintf(err, errlen, "dataplane: %s is not on a bpf filesystem "
			 "(mount -t bpf bpf /sys/fs/bpf)", root);
		return -EINVAL;
	}
	return 0;
}

int dataplane_open(struct dataplane *dp, const struct dataplane_opts *opts,
		   char *err, size_t errlen)
{
	unsigned int max_clients = opts->max_clients ? opts->max_clients : SG_CLIENTS_MAX;
	int e;

	*dp = (struct dataplane){ .cfg_fd = -1, .cnt_fd = -1, .settings_fd = -1 };
	if (opts->pin_root && (e = check_root(opts->pin_root, err, errlen)))
		return e;
	dp->tc = lan_tc_bpf__open();
	dp->gate = gate_bpf__open();
	if (!dp->tc || !dp->gate) {
		e = -errno ? -errno : -ENOMEM;
		snprintf(err, errlen, "dataplane: cannot open BPF objects: %s", strerror(-e));
		goto fail;
	}
	/* tc first: it creates and pins; gate then finds every map pinned and reuses it */
	if ((e = pin_maps(dp->tc->obj, opts->pin_root, max_clients, err, errlen)) ||
	    (e = pin_maps(dp->gate->obj, opts->pin_root, max_clients, err, errlen)))
		goto fail;
	if ((e = lan_tc_bpf__load(dp->tc))) {
		snprintf(err, errlen, "dataplane: loading lan_tc failed: %s%s", strerror(-e),
			 opts->pin_root ? " (a map pinned under the root may not match this "
			 "build: remove it with dataplane_unpin)" : "");
		goto fail;
	}
	if (!opts->pin_root) {
		/* No pins to share through: hand gate the tc object's maps directly. */
		struct bpf_map *m;

		bpf_object__for_each_map(m, dp->gate->obj) {
			struct bpf_map *src = bpf_object__find_map_by_name(dp->tc->obj,
									   bpf_map__name(m));

			if (src && (e = bpf_map__reuse_fd(m, bpf_map__fd(src)))) {
				snprintf(err, errlen, "dataplane: sharing map %s: %s",
					 bpf_map__name(m), strerror(-e));
				goto fail;
			}
		}
	}
	if ((e = gate_bpf__load(dp->gate))) {
		snprintf(err, errlen, "dataplane: loading gate failed: %s", strerror(-e));
		goto fail;
	}
	dp->cfg_fd = bpf_map__fd(dp->tc->maps.sg_client_cfg);
	dp->cnt_fd = bpf_map__fd(dp->tc->maps.sg_client_cnt);
	dp->settings_fd = bpf_map__fd(dp->tc->maps.sg_settings);
	return 0;
fail:
	dataplane_close(dp);
	return e;
}

void dataplane_close(struct dataplane *dp)
{
	gate_bpf__destroy(dp->gate);
	lan_tc_bpf__destroy(dp->tc);
	*dp = (struct dataplane){ .cfg_fd = -1, .cnt_fd = -1, .settings_fd = -1 };
}

int dataplane_unpin(const char *pin_root)
{
	struct lan_tc_bpf *skel = lan_tc_bpf__open();
	struct bpf_map *map;
	char path[PATH_MAX];
	int ret = 0;

	if (!skel)
		return -ENOMEM;
	bpf_object__for_each_map(map, skel->obj) {
		snprintf(path, sizeof(path), "%s/%s", pin_root, bpf_map__name(map));
		if (unlink(path) && errno != ENOENT)
			ret = -errno;
	}
	lan_tc_bpf__destroy(skel);
	if (rmdir(pin_root) && errno != ENOENT && errno != ENOTEMPTY)
		ret = ret ? ret : -errno;
	return ret;
}

int dataplane_set_flag(struct dataplane *dp, __u32 flag, int on)
{
	struct sg_settings s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(dp->settings_fd, &zero, &s))
		return -errno;
	s.flags = on ? (s.flags | flag) : (s.flags & ~flag);
	return bpf_map_update_elem(dp->settings_fd, &zero, &s, BPF_ANY) ? -errno : 0;
}

static __u32 xdp_flags(enum dataplane_xdp mode)
{
	return mode == DATAPLANE_XDP_NATIVE ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
}

int dataplane_attach(struct dataplane *dp, const char *ifname, enum dataplane_xdp mode,
		     char *err, size_t errlen)
{
	int ifindex = (int)if_nametoindex(ifname), e;
	LIBBPF_OPTS(bpf_tc_hook, hook, .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	struct { enum bpf_tc_attach_point point; struct bpf_program *prog; } tc[] = {
		{ BPF_TC_INGRESS, dp->tc->progs.sg_tc_ingress },
		{ BPF_TC_EGRESS, dp->tc->progs.sg_tc_egress },
	};

	if (!ifindex) {
		snprintf(err, errlen, "dataplane: no interface %s", ifname);
		return -ENODEV;
	}
	hook.ifindex = ifindex;
	e = bpf_tc_hook_create(&hook);
	if (e && e != -EEXIST) {
		snprintf(err, errlen, "dataplane: clsact on %s: %s", ifname, strerror(-e));
		return e;
	}
	for (size_t i = 0; i < 2; i++) {
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = DP_TC_HANDLE, .priority = DP_TC_PRIO,
			    .flags = BPF_TC_F_REPLACE, .prog_fd = bpf_program__fd(tc[i].prog));

		hook.attach_point = tc[i].point;
		if ((e = bpf_tc_attach(&hook, &o))) {
			snprintf(err, errlen, "dataplane: tc %s on %s: %s",
				 i ? "egress" : "ingress", ifname, strerror(-e));
			return e;
		}
	}
	/* Set before XDP goes on / after it is off, so no moment without a deny list. */
	if ((e = dataplane_set_flag(dp, SG_SET_DENY_IN_TC, 1))) {
		snprintf(err, errlen, "dataplane: settings: %s", strerror(-e));
		return e;
	}
	if (mode == DATAPLANE_XDP_OFF)
		return 0;
	e = bpf_xdp_attach(ifindex, bpf_program__fd(dp->gate->progs.sg_xdp_gate),
			   xdp_flags(mode), NULL);
	if (e) {
		snprintf(err, errlen, "dataplane: XDP (%s) on %s: %s", mode == DATAPLANE_XDP_NATIVE ?
			 "native" : "generic", ifname, strerror(-e));
		return e;
	}
	if ((e = dataplane_set_flag(dp, SG_SET_DENY_IN_TC, 0))) {
		snprintf(err, errlen, "dataplane: settings: %s", strerror(-e));
		return e;
	}
	return 0;
}

int dataplane_detach(const char *ifname, enum dataplane_xdp mode, char *err, size_t errlen)
{
	int ifindex = (int)if_nametoindex(ifname), e, ret = 0;
	LIBBPF_OPTS(bpf_tc_hook, hook);
	enum bpf_tc_attach_point points[] = { BPF_TC_INGRESS, BPF_TC_EGRESS };

	if (!ifindex) {
		snprintf(err, errlen, "dataplane: no interface %s", ifname);
		return -ENODEV;
	}
	hook.ifindex = ifindex;
	if (mode != DATAPLANE_XDP_OFF) {
		e = bpf_xdp_detach(ifindex, xdp_flags(mode), NULL);
		if (e && e != -ENOENT) {
			snprintf(err, errlen, "dataplane: XDP off %s: %s", ifname, strerror(-e));
			ret = e;
		}
	}
	for (size_t i = 0; i < 2; i++) {
		LIBBPF_OPTS(bpf_tc_opts, o, .handle = DP_TC_HANDLE, .priority = DP_TC_PRIO);

		hook.attach_point = points[i];
		e = bpf_tc_detach(&hook, &o);
		if (e && e != -ENOENT && e != -EINVAL && !ret) {
			snprintf(err, errlen, "dataplane: tc off %s: %s", ifname, strerror(-e));
			ret = e;
		}
	}
	return ret;
}

int dataplane_settings_set(struct dataplane *dp, const struct sg_settings *s)
{
	struct sg_settings cur, next = *s;
	__u32 zero = 0;

	if (bpf_map_lookup_elem(dp->settings_fd, &zero, &cur))
		return -errno;
	next.flags = cur.flags;
	return bpf_map_update_elem(dp->settings_fd, &zero, &next, BPF_ANY) ? -errno : 0;
}

int dataplane_client_authorize(struct dataplane *dp, const struct sg_mac *mac,
			       const struct sg_client_cfg *cfg)
{
	struct sg_client_cnt zero = { 0 };

	if (bpf_map_update_elem(dp->cnt_fd, mac, &zero, BPF_ANY) ||
	    bpf_map_update_elem(dp->cfg_fd, mac, cfg, BPF_ANY))
		return -errno;
	return 0;
}

int dataplane_client_update(struct dataplane *dp, const struct sg_mac *mac,
			    const struct sg_client_cfg *cfg)
{
	return bpf_map_update_elem(dp->cfg_fd, mac, cfg, BPF_EXIST) ? -errno : 0;
}

int dataplane_client_remove(struct dataplane *dp, const struct sg_mac *mac,
			    struct sg_client_cnt *last)
{
	struct sg_client_cnt c;
	int had_cfg = bpf_map_delete_elem(dp->cfg_fd, mac) == 0;

	if (bpf_map_lookup_elem(dp->cnt_fd, mac, &c)) {
		if (last)
			memset(last, 0, sizeof(*last));
		return had_cfg ? 0 : -ENOENT;
	}
	/* a packet in flight may still add to c; it arrived after the session ended */
	bpf_map_delete_elem(dp->cnt_fd, mac);
	if (last)
		*last = c;
	return 0;
}

#define DP_BATCH 256

int dataplane_counters_each(struct dataplane *dp, dataplane_counter_fn fn, void *ctx)
{
	struct sg_mac *keys = calloc(DP_BATCH, sizeof(*keys));
	struct sg_client_cnt *vals = calloc(DP_BATCH, sizeof(*vals));
	LIBBPF_OPTS(bpf_map_batch_opts, bo);
	__u32 token = 0, count;
	int first = 1, ret = 0, e;

	if (!keys || !vals) {
		ret = -ENOMEM;
		goto out;
	}
	for (;;) {
		count = DP_BATCH;
		e = bpf_map_lookup_batch(dp->cnt_fd, first ? NULL : &token, &token,
					 keys, vals, &count, &bo);
		if (e && e != -ENOENT) {
			ret = e;
			break;
		}
		first = 0;
		for (__u32 i = 0; i < count && !ret; i++)
			ret = fn(ctx, &keys[i], &vals[i]);
		if (ret || e == -ENOENT)
			break;
	}
out:
	free(keys);
	free(vals);
	return ret;
}
