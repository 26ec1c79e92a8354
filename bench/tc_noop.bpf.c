/* bench/dataplane.sh's floor: a tc program that lets every packet pass. Attached to
 * the lab gateway's LAN interface the way spotgate's programs are (tcx, ingress and
 * egress), it shows what the hook alone costs, before any work a gateway does there. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int sg_tc_noop(struct __sk_buff *skb)
{
	(void)skb;
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
