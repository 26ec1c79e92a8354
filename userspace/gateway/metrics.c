/* gateway: its /metrics families. Entries in each pinned hash and LPM map (and the
 * counter array's slots in use), with their capacity, and how long the 1 s counter
 * poll takes; the guest bytes the poll counts are written with RADIUS accounting's
 * in metrics/builtin.c.
 *
 * Map entries are counted by walking the keys at scrape time rather than kept
 * as a running count: both sides write these maps (the kernel adds portal NAT
 * entries, LRU evicts them, garden addresses expire),
 * pins outlive the daemon, and only the map knows its size. A walk is cheap
 * enough for a scrape: hash maps are read with batch lookups (a full 65,536-
 * entry client map is 65 system calls, ~15 ms), the LPM tries key by key (a
 * full 16,384-entry trie ~33 ms, but they hold the short lists and garden). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "gateway/internal.h"
#include "lan_tc.skel.h"

#define COUNT_BATCH 1024

static const double poll_bounds[] = { 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
				      0.025,  0.05,    0.1,    0.25,  0.5,    1 };

/* Keys one at a time: LPM tries have no batch lookup. A key deleted under our
 * feet restarts the walk, so stop at capacity rather than count twice. */
static long count_keys(int fd, size_t key_size, unsigned max)
{
	void *prev = malloc(key_size), *next = malloc(key_size);
	long n = 0;
	int first = 1;

	if (!prev || !next) {
		n = -ENOMEM;
		goto out;
	}
	while (n < (long)max && bpf_map_get_next_key(fd, first ? NULL : prev, next) == 0) {
		memcpy(prev, next, key_size);
		first = 0;
		n++;
	}
out:
	free(prev);
	free(next);
	return n;
}

static long count_batch(int fd, size_t key_size, size_t value_size, unsigned max)
{
	LIBBPF_OPTS(bpf_map_batch_opts, opts);
	void *keys = malloc(COUNT_BATCH * key_size), *values = malloc(COUNT_BATCH * value_size);
	__u32 token = 0;
	long n = 0;
	int first = 1, e;

	if (!keys || !values) {
		n = -ENOMEM;
		goto out;
	}
	for (;;) {
		__u32 count = COUNT_BATCH;

		e = bpf_map_lookup_batch(fd, first ? NULL : &token, &token, keys, values, &count, &opts);
		if (e && e != -ENOENT) {
			/* e.g. -ENOSPC: a hash bucket longer than the batch; walk instead */
			n = count_keys(fd, key_size, max);
			break;
		}
		first = 0;
		n += count;
		if (e == -ENOENT)
			break;
	}
out:
	free(keys);
	free(values);
	return n;
}

static long map_entries(const struct bpf_map *map)
{
	int fd = bpf_map__fd(map);

	switch (bpf_map__type(map)) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
		return count_batch(fd, bpf_map__key_size(map), bpf_map__value_size(map),
				   bpf_map__max_entries(map));
	case BPF_MAP_TYPE_LPM_TRIE:
		return count_keys(fd, bpf_map__key_size(map), bpf_map__max_entries(map));
	default:
		return -EOPNOTSUPP;	/* arrays are always full; ring buffers hold bytes */
	}
}

static void collect(struct metrics_out *o, void *arg)
{
	struct app *app = arg;
	struct gateway *gw = app->gateway;
	struct bpf_map *map;
	struct {
		const char *name;
		long entries;
		unsigned max;
	} maps[32];
	int n = 0;

	if (!gw)
		return;
	bpf_object__for_each_map(map, gw->dp.tc->obj) {
		/* the counters are an array: its slots in use, slot 0 ("none") left out */
		bool counters = map == gw->dp.tc->maps.sg_client_cnt;
		long entries = counters ? (long)slots_used(&gw->dp.slots) : map_entries(map);

		if (strncmp(bpf_map__name(map), "sg_", 3) || n == (int)(sizeof(maps) / sizeof(maps[0])) ||
		    entries < 0)
			continue;
		maps[n].name = bpf_map__name(map);
		maps[n].entries = entries;
		maps[n].max = bpf_map__max_entries(map) - counters;
		n++;
	}
	metrics_family(o, "spotgate_dataplane_map_entries", "gauge",
		       "Entries in each pinned data-plane hash and LPM map, counted when scraped; slots in use of the counter array.");
	for (int i = 0; i < n; i++)
		metrics_sample(o, NULL, (double)maps[i].entries, "map", maps[i].name, NULL);
	metrics_family(o, "spotgate_dataplane_map_max_entries", "gauge",
		       "Capacity of each of those maps (max_entries); a full map refuses new entries.");
	for (int i = 0; i < n; i++)
		metrics_sample(o, NULL, (double)maps[i].max, "map", maps[i].name, NULL);
	metrics_write_histogram(o, "spotgate_dataplane_poll_duration_seconds",
				"Time one data-plane poll takes: counters read, usage handed on, idle sessions ended.",
				&gw->poll_duration);
}

void gateway_metrics_start(struct gateway *gw)
{
	metrics_histogram_init(&gw->poll_duration, poll_bounds, sizeof(poll_bounds) / sizeof(poll_bounds[0]));
	/* with the app, not gw: gateway_stop() frees gw and the registry keeps the pointer */
	if (gw->app->metrics)
		metrics_register(gw->app->metrics, collect, gw->app);
}

int gateway_guest_bytes(struct app *app, uint64_t *up, uint64_t *down)
{
	if (!app->gateway)
		return -ENODEV;
	*up = app->gateway->bytes_up;
	*down = app->gateway->bytes_down;
	return 0;
}
