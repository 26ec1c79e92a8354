/* Internet checksum helpers on top of bpf_csum_diff(). */
#ifndef SG_BPF_CSUM_H
#define SG_BPF_CSUM_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

static __always_inline __u16 sg_csum_fold(__u64 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/* Sum of len bytes at buf (len a multiple of 4), added to seed. */
static __always_inline __u32 sg_csum_add(void *buf, __u32 len, __u32 seed)
{
	return bpf_csum_diff(NULL, 0, buf, len, seed);
}

#endif
