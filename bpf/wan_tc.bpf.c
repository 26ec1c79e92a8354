/* tc (tcx, or clsact on older kernels) ingress on the WAN interface, on only with
 * forward = bpf and a WAN interface configured: a download to an authorized or
 * allow-listed client is routed here, straight to the LAN interface the routing table
 * names (lib/forward.h), as sg_tc_ingress routes the client's uploads. It decides
 * nothing else: the LAN's egress program (lan_tc.bpf.c) counts, limits and stops it
 * there like any other download. Everything else goes up the stack unchanged. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#include "lib/maps.h"
#include "lib/parse.h"
#include "lib/forward.h"

SEC("tc")
int sg_tc_wan_ingress(struct __sk_buff *skb)
{
	struct sg_settings *s = sg_settings_get();
	struct sg_pkt p = {};

	if (!s || !(s->flags & SG_SET_FORWARD) || sg_load(skb, &p))
		return TC_ACT_OK;	/* the stack's way, which drops what is malformed */
	return sg_forward(skb, &p, 1);
}

char LICENSE[] SEC("license") = "GPL";
