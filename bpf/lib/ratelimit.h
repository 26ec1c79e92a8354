/* Per-client rate limit, both directions: a token bucket, policed (over-rate packets
 * are dropped), kept in the GCRA form.
 *
 * Why a policer and not EDT (setting skb->tstamp and letting an fq qdisc pace):
 * upload is limited on LAN ingress, where there is no qdisc and a departure time means
 * nothing, so upload needs a policer anyway; using the same bucket for download keeps
 * one mechanism, needs no fq qdisc on the LAN interface (one moving part fewer for the
 * daemon and for restarts), and is exact under bpf_prog_test_run. EDT would pace
 * download TCP more smoothly (fewer retransmits) at the cost of an fq qdisc whose
 * per-flow queues live outside our maps; the issue asks to measure which holds the
 * rate better, and sg_bucket_take() is the one place to change if EDT wins.
 *
 * GCRA: instead of a token count and a refill time, keep one "theoretical arrival
 * time" (tat). A packet of len bytes costs len*8e9/rate ns of line time; it conforms
 * when tat + cost - now <= depth (the bucket depth in ns). Same behaviour as a token
 * bucket, one integer, no rounding loss from refilling in small steps.
 *
 * The read-modify-write of tat is racy when one client's packets are handled on two
 * CPUs at once; a lost update lets one packet through for free now and then, which
 * is not worth a spin lock on the hot path. */
#ifndef SG_BPF_RATELIMIT_H
#define SG_BPF_RATELIMIT_H

#include <linux/types.h>
#include <spotgate/maps.h>

#define SG_NSEC_PER_SEC 1000000000ull
#define SG_COARSE_DEPTH_NS (50 * 1000000ull)	/* 5 ticks at HZ=100 */

/* Returns 1 when len bytes may pass at rate_bps (bit/s) with bucket depth burst
 * bytes (0: default), updating *tat; 0 when the packet must be dropped. */
static __always_inline int sg_bucket_take(__u64 *tat, __u64 rate_bps, __u32 burst,
					  __u64 len, __u64 now)
{
	__u64 depth, cost, t;

	if (!rate_bps)
		return 1;
	depth = burst ? burst : rate_bps / 8 * SG_BURST_MS / 1000;
	if (depth < SG_BURST_MIN)
		depth = SG_BURST_MIN;
	if (depth > (1ull << 31))
		depth = 1ull << 31;	/* 2 GiB; keeps the product below 2^64 */
	/* bytes -> ns of line time; fine below 2^64 for rates under 100 Gbit/s */
	depth = depth * 8 * SG_NSEC_PER_SEC / rate_bps;
	cost = len * 8 * SG_NSEC_PER_SEC / rate_bps;

	/* now is the coarse clock, a tick (1-10 ms) at a time; a bucket only a few ticks
	 * deep would pass bursts in tick-sized steps, so it reads the exact clock */
	if (depth < SG_COARSE_DEPTH_NS)
		now = bpf_ktime_get_ns();
	t = *tat;
	if (t < now)
		t = now;
	if (t + cost - now > depth)
		return 0;
	*tat = t + cost;
	return 1;
}

#endif
