/* XDP on LAN ingress: the deny list, dropped before the stack spends anything on it.
 * Everything else passes to the tc programs (lan_tc.bpf.c), which do the per-client
 * work: there it runs once per GRO superpacket, and native XDP on veth would turn
 * GRO/TSO off. When the loader runs with XDP off, it sets SG_SET_DENY_IN_TC and the
 * tc ingress program applies the same deny list. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "lib/maps.h"
#include "lib/parse.h"
#include "lib/acl.h"

SEC("xdp")
int sg_xdp_gate(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct sg_settings *s = sg_settings_get();
	struct sg_pkt p = {};
	int stat;

	/* an empty deny list: nothing to look at */
	if (s && (s->flags & SG_SET_NO_DENY) == SG_SET_NO_DENY)
		return XDP_PASS;
	/* Malformed frames go on to tc, which drops them with the rest of its policy. */
	if (sg_parse(data, data_end, data_end - data, &p))
		return XDP_PASS;
	stat = sg_deny_match(&p, s ? s->flags : 0);
	if (stat >= 0) {
		sg_stat_inc(stat);
		return XDP_DROP;
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
