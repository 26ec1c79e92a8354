/* Every map the LAN programs use. Both objects (gate.bpf.o, lan_tc.bpf.o) include this
 * file, so each declares all of them; the loader pins one set under
 * /sys/fs/bpf/spotgate/ and makes the second object reuse it. No pinning attributes
 * here on purpose: the pin root is a loader setting. Keys and values are defined in
 * include/spotgate/maps.h. */
#ifndef SG_BPF_MAPS_H
#define SG_BPF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <spotgate/maps.h>

/* Client config by MAC: authorized/allow-listed, bound IPs, rates, budget, end time. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SG_CLIENTS_MAX);
	__type(key, struct sg_mac);
	__type(value, struct sg_client_cfg);
} sg_client_cfg SEC(".maps");

/* Client counters by sg_client_cfg.slot: bytes, packets, last seen, token buckets,
 * stop reason. An array: its lookup is inlined, and userspace maps it to read it. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, SG_CLIENTS_MAX + 1);	/* slot 0 is "none" */
	__uint(map_flags, BPF_F_MMAPABLE);
	__type(key, __u32);
	__type(value, struct sg_client_cnt);
} sg_client_cnt SEC(".maps");

/* Deny list by source MAC, dropped first (XDP; tc when XDP is off). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SG_ACL_MAX);
	__type(key, struct sg_mac);
	__type(value, struct sg_acl_hits);
} sg_deny_mac SEC(".maps");

/* Deny list of IPv4 CIDRs, matched against source and destination. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SG_ACL_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sg_lpm_v4);
	__type(value, struct sg_acl_hits);
} sg_deny_v4 SEC(".maps");

/* Deny list of IPv6 CIDRs, matched against source and destination. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SG_ACL_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sg_lpm_v6);
	__type(value, struct sg_acl_hits);
} sg_deny_v6 SEC(".maps");

/* Allow list of IPv4 CIDRs: client source (ingress) / destination (egress) passes. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SG_ACL_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sg_lpm_v4);
	__type(value, struct sg_acl_hits);
} sg_allow_v4 SEC(".maps");

/* Allow list of IPv6 CIDRs, as sg_allow_v4. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SG_ACL_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sg_lpm_v6);
	__type(value, struct sg_acl_hits);
} sg_allow_v6 SEC(".maps");

/* Walled garden, IPv4 CIDRs unauthorized clients may reach (admin + learned from DNS). */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SG_GARDEN_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sg_lpm_v4);
	__type(value, struct sg_garden_val);
} sg_garden_v4 SEC(".maps");

/* Walled garden, IPv6 CIDRs. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, SG_GARDEN_MAX);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct sg_lpm_v6);
	__type(value, struct sg_garden_val);
} sg_garden_v6 SEC(".maps");

/* Settings (one entry): portal address and port, flags. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sg_settings);
} sg_settings SEC(".maps");

/* Reverse NAT for portal redirects: client addr/port -> destination it asked for. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, SG_NAT_MAX);
	__type(key, struct sg_nat_key);
	__type(value, struct sg_nat_val);
} sg_portal_nat SEC(".maps");

/* Per-CPU packet counts per path (enum sg_stat), for tests, benchmarks and spotctl. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, SG_STAT_MAX);
	__type(key, __u32);
	__type(value, __u64);
} sg_stats SEC(".maps");

/* Events to userspace: a client was stopped (quota, expiry). */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SG_EVENTS_BYTES);
} sg_events SEC(".maps");

/* DNS answers to clients, for walled-garden domain learning in userspace. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, SG_DNS_BYTES);
} sg_dns SEC(".maps");

static __always_inline void sg_stat_inc(__u32 idx)
{
	__u64 *v = bpf_map_lookup_elem(&sg_stats, &idx);

	if (v)
		*v += 1;	/* per-CPU: no atomics needed */
}

static __always_inline struct sg_settings *sg_settings_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&sg_settings, &zero);
}

static __always_inline void sg_acl_hit(struct sg_acl_hits *h, __u64 bytes)
{
	__sync_fetch_and_add(&h->packets, 1);
	__sync_fetch_and_add(&h->bytes, bytes);
}

#endif
