/* dataplane: load, pin, client entries (the programs on the interface: attach.c). See dataplane.h. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dataplane/dataplane.h"
#include "gate.skel.h"
#include "lan_tc.skel.h"
#include "wan_tc.skel.h"

static int pin_maps(struct bpf_object *obj, const char *root, unsigned int max_clients,
		    char *err, size_t errlen)
{
	struct bpf_map *map;
	char path[PATH_MAX];

	bpf_object__for_each_map(map, obj) {
		const char *name = bpf_map__name(map);

		if (!strcmp(name, "sg_client_cfg") || !strcmp(name, "sg_client_cnt")) {
			/* the counters have slot 0 ("none") on top */
			unsigned int n = max_clients + !strcmp(name, "sg_client_cnt");
			int e = bpf_map__set_max_entries(map, n);

			if (e) {
				snprintf(err, errlen, "dataplane: %s: max_entries %u: %s",
					 name, n, strerror(-e));
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

/* A map pinned by an earlier run must be the map this build would make: libbpf
 * refuses it otherwise, so say which one differs, how, and what to do. */
static int check_pins(struct bpf_object *obj, const char *root, char *err, size_t errlen)
{
	struct bpf_map *map;

	bpf_object__for_each_map(map, obj) {
		const char *path = bpf_map__pin_path(map);
		struct bpf_map_info info = { 0 };
		__u32 len = sizeof(info);
		int fd;

		if (!path || (fd = bpf_obj_get(path)) < 0)
			continue;	/* not pinned yet: this run makes it */
		if (bpf_obj_get_info_by_fd(fd, &info, &len))
			info.type = BPF_MAP_TYPE_UNSPEC;
		close(fd);
		if (info.type == bpf_map__type(map) && info.key_size == bpf_map__key_size(map) &&
		    info.value_size == bpf_map__value_size(map) &&
		    info.max_entries == bpf_map__max_entries(map) &&
		    info.map_flags == bpf_map__map_flags(map))
			continue;
		snprintf(err, errlen, "dataplane: %s was made by another spotgated build or another "
			 "[gateway] max_clients (key %u value %u bytes, %u entries; this one needs "
			 "key %u value %u bytes, %u entries): stop spotgated, remove %s/sg_* "
			 "(this logs every guest out) and start it again",
			 path, info.key_size, info.value_size, info.max_entries,
			 bpf_map__key_size(map), bpf_map__value_size(map), bpf_map__max_entries(map),
			 root);
		return -EEXIST;
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

/* The kernel adds to a client's counters while we read or zero them: field by field,
 * each one whole. */
_Static_assert(sizeof(struct sg_client_cnt) % sizeof(__u64) == 0, "counters are all __u64");

static void cnt_read(const struct sg_client_cnt *src, struct sg_client_cnt *dst)
{
	const __u64 *s = (const __u64 *)src;
	__u64 *d = (__u64 *)dst;

	for (size_t i = 0; i < sizeof(*src) / sizeof(__u64); i++)
		d[i] = __atomic_load_n(&s[i], __ATOMIC_RELAXED);
}

static void cnt_zero(struct sg_client_cnt *c)
{
	__u64 *d = (__u64 *)c;

	for (size_t i = 0; i < sizeof(*c) / sizeof(__u64); i++)
		__atomic_store_n(&d[i], 0, __ATOMIC_RELAXED);
}

static int map_counters(struct dataplane *dp, char *err, size_t errlen)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t len = (size_t)bpf_map__max_entries(dp->tc->maps.sg_client_cnt) * sizeof(*dp->cnt);
	void *p;

	len = (len + page - 1) / page * page;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, dp->cnt_fd, 0);
	if (p == MAP_FAILED) {
		int e = -errno;

		snprintf(err, errlen, "dataplane: cannot map sg_client_cnt: %s", strerror(errno));
		return e;
	}
	dp->cnt = p;
	dp->cnt_len = len;
	return 0;
}

#define DP_BATCH 256

/* Who has which slot, from the config map (a restart finds its clients there). An
 * entry whose slot is unusable (0, past the end, another's) is given a free one, its
 * counters starting from zero. */
static int load_slots(struct dataplane *dp, char *err, size_t errlen)
{
	struct sg_mac *keys = calloc(DP_BATCH, sizeof(*keys)), *lost = NULL;
	struct sg_client_cfg *vals = calloc(DP_BATCH, sizeof(*vals));
	LIBBPF_OPTS(bpf_map_batch_opts, bo);
	size_t nlost = 0;
	__u32 token = 0, count;
	int first = 1, e;

	e = slots_init(&dp->slots, bpf_map__max_entries(dp->tc->maps.sg_client_cnt));
	while (!e && keys && vals) {
		count = DP_BATCH;
		e = bpf_map_lookup_batch(dp->cfg_fd, first ? NULL : &token, &token, keys, vals, &count, &bo);
		if (e && e != -ENOENT)
			break;
		first = 0;
		for (__u32 i = 0; i < count; i++) {
			struct sg_mac *grown;

			if (!slots_claim(&dp->slots, vals[i].slot, &keys[i]))
				continue;
			if (!(grown = realloc(lost, (nlost + 1) * sizeof(*lost)))) {
				e = -ENOMEM;
				break;
			}
			lost = grown;
			lost[nlost++] = keys[i];
		}
		if (e == -ENOENT) {
			e = 0;
			break;
		}
	}
	if (!e && (!keys || !vals))
		e = -ENOMEM;
	if (!e) {
		slots_ready(&dp->slots);
		for (size_t i = 0; i < nlost && !e; i++) {
			struct sg_client_cfg cfg;

			if (bpf_map_lookup_elem(dp->cfg_fd, &lost[i], &cfg) == 0)
				e = dataplane_client_authorize(dp, &lost[i], &cfg);
		}
	}
	if (e)
		snprintf(err, errlen, "dataplane: reading the client entries: %s", strerror(-e));
	free(keys);
	free(vals);
	free(lost);
	return e;
}

/* Without pins to share maps through, obj gets the tc object's maps directly. */
static int share_maps(struct bpf_object *obj, struct bpf_object *from, char *err, size_t errlen)
{
	struct bpf_map *m;
	int e;

	bpf_object__for_each_map(m, obj) {
		struct bpf_map *src = bpf_object__find_map_by_name(from, bpf_map__name(m));

		if (src && (e = bpf_map__reuse_fd(m, bpf_map__fd(src)))) {
			snprintf(err, errlen, "dataplane: sharing map %s: %s",
				 bpf_map__name(m), strerror(-e));
			return e;
		}
	}
	return 0;
}

static void init(struct dataplane *dp)
{
	*dp = (struct dataplane){ .cfg_fd = -1, .cnt_fd = -1, .settings_fd = -1 };
	for (int i = 0; i < DP_LINKS; i++)
		dp->links[i].fd = -1;
}

int dataplane_open(struct dataplane *dp, const struct dataplane_opts *opts,
		   char *err, size_t errlen)
{
	unsigned int max_clients = opts->max_clients ? opts->max_clients : SG_CLIENTS_MAX;
	int e;

	init(dp);
	dp->hook = opts->hook;
	if (opts->pin_root && (e = check_root(opts->pin_root, err, errlen)))
		return e;
	if (opts->pin_root && !(dp->pin_root = strdup(opts->pin_root)))
		return -ENOMEM;
	dp->tc = lan_tc_bpf__open();
	dp->gate = gate_bpf__open();
	dp->wan = wan_tc_bpf__open();
	if (!dp->tc || !dp->gate || !dp->wan) {
		e = -errno ? -errno : -ENOMEM;
		snprintf(err, errlen, "dataplane: cannot open BPF objects: %s", strerror(-e));
		goto fail;
	}
	/* tc first: it creates and pins; the others then find every map pinned and reuse it */
	if ((e = pin_maps(dp->tc->obj, opts->pin_root, max_clients, err, errlen)) ||
	    (e = pin_maps(dp->gate->obj, opts->pin_root, max_clients, err, errlen)) ||
	    (e = pin_maps(dp->wan->obj, opts->pin_root, max_clients, err, errlen)) ||
	    (opts->pin_root && (e = check_pins(dp->tc->obj, opts->pin_root, err, errlen))))
		goto fail;
	if ((e = lan_tc_bpf__load(dp->tc))) {
		snprintf(err, errlen, "dataplane: loading lan_tc failed: %s", strerror(-e));
		goto fail;
	}
	if (!opts->pin_root && ((e = share_maps(dp->gate->obj, dp->tc->obj, err, errlen)) ||
				(e = share_maps(dp->wan->obj, dp->tc->obj, err, errlen))))
		goto fail;
	if ((e = gate_bpf__load(dp->gate))) {
		snprintf(err, errlen, "dataplane: loading gate failed: %s", strerror(-e));
		goto fail;
	}
	if ((e = wan_tc_bpf__load(dp->wan))) {
		snprintf(err, errlen, "dataplane: loading wan_tc failed: %s", strerror(-e));
		goto fail;
	}
	dp->cfg_fd = bpf_map__fd(dp->tc->maps.sg_client_cfg);
	dp->cnt_fd = bpf_map__fd(dp->tc->maps.sg_client_cnt);
	dp->settings_fd = bpf_map__fd(dp->tc->maps.sg_settings);
	if ((e = map_counters(dp, err, errlen)) || (e = load_slots(dp, err, errlen)))
		goto fail;
	return 0;
fail:
	dataplane_close(dp);
	return e;
}

void dataplane_close(struct dataplane *dp)
{
	if (dp->cnt)
		munmap(dp->cnt, dp->cnt_len);
	slots_destroy(&dp->slots);
	wan_tc_bpf__destroy(dp->wan);
	gate_bpf__destroy(dp->gate);
	lan_tc_bpf__destroy(dp->tc);
	for (int i = 0; i < DP_LINKS; i++)
		if (dp->links[i].fd >= 0)
			close(dp->links[i].fd);
	free(dp->pin_root);
	init(dp);
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
	struct sg_client_cfg next = *cfg, old;
	int fresh = 0, e;

	if (bpf_map_lookup_elem(dp->cfg_fd, mac, &old) == 0 && slots_owned(&dp->slots, old.slot, mac)) {
		next.slot = old.slot;
	} else {
		if ((e = slots_take(&dp->slots, mac, &next.slot)))
			return e;
		fresh = 1;
	}
	cnt_zero(&dp->cnt[next.slot]);
	if (bpf_map_update_elem(dp->cfg_fd, mac, &next, BPF_ANY)) {
		e = -errno;
		if (fresh)
			slots_put(&dp->slots, next.slot);
		return e;
	}
	return 0;
}

int dataplane_client_update(struct dataplane *dp, const struct sg_mac *mac,
			    const struct sg_client_cfg *cfg)
{
	struct sg_client_cfg next = *cfg, old;

	if (bpf_map_lookup_elem(dp->cfg_fd, mac, &old))
		return -errno;
	next.slot = old.slot;
	return bpf_map_update_elem(dp->cfg_fd, mac, &next, BPF_EXIST) ? -errno : 0;
}

void dataplane_client_counters(struct dataplane *dp, const struct sg_mac *mac,
			       const struct sg_client_cfg *cfg, struct sg_client_cnt *cnt)
{
	if (slots_owned(&dp->slots, cfg->slot, mac))
		cnt_read(&dp->cnt[cfg->slot], cnt);
	else
		memset(cnt, 0, sizeof(*cnt));
}

int dataplane_client_get(struct dataplane *dp, const struct sg_mac *mac,
			 struct sg_client_cfg *cfg, struct sg_client_cnt *cnt)
{
	struct sg_client_cfg c;

	if (bpf_map_lookup_elem(dp->cfg_fd, mac, &c))
		return -errno;
	if (cfg)
		*cfg = c;
	if (cnt)
		dataplane_client_counters(dp, mac, &c, cnt);
	return 0;
}

int dataplane_client_remove(struct dataplane *dp, const struct sg_mac *mac,
			    struct sg_client_cnt *last)
{
	struct sg_client_cfg cfg;

	if (last)
		memset(last, 0, sizeof(*last));
	if (bpf_map_lookup_elem(dp->cfg_fd, mac, &cfg))
		return -ENOENT;
	bpf_map_delete_elem(dp->cfg_fd, mac);
	if (!slots_owned(&dp->slots, cfg.slot, mac))
		return 0;
	/* a packet in flight may still add to it: it came after the session ended, and
	 * the slot goes to the back of the queue */
	if (last)
		cnt_read(&dp->cnt[cfg.slot], last);
	slots_put(&dp->slots, cfg.slot);
	return 0;
}

int dataplane_counters_each(struct dataplane *dp, dataplane_counter_fn fn, void *ctx)
{
	const struct slot_table *t = &dp->slots;
	int ret = 0;

	for (uint32_t s = 1; s < t->n && !ret; s++) {
		struct sg_client_cnt c;

		if (!t->used[s])
			continue;
		cnt_read(&dp->cnt[s], &c);
		ret = fn(ctx, s, &t->mac[s], &c);
	}
	return ret;
}
