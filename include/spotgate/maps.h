/* The contract between the BPF programs (bpf/) and userspace (userspace/dataplane/):
 * map keys, values, flags and ring-buffer records. Compiled by both clang -target bpf
 * and the host compiler, so plain fixed-size UAPI types only, no libc.
 *
 * Conventions
 * - Addresses and ports are in network byte order (__be32, __be16, __u8[16]).
 *   IPv4 addresses that share a 16-byte field are stored IPv4-mapped (::ffff:a.b.c.d).
 * - Time is CLOCK_MONOTONIC in nanoseconds: bpf_ktime_get_coarse_ns() in the kernel
 *   (the exact clock cost 27 of a packet's 66 ns on a KVM guest; coarse is up to a
 *   tick, 1-10 ms, behind, which expiry and idle times do not notice; only a shallow
 *   rate-limit bucket reads the exact one), clock_gettime(CLOCK_MONOTONIC) in
 *   userspace. It never jumps with the wall clock. The database keeps UTC epoch
 *   seconds; the data plane converts at the edge:
 *   ns = epoch_ns - (REALTIME now - MONOTONIC now).
 * - Bytes are IP bytes: the frame length minus the 14-byte Ethernet header (what a
 *   RADIUS NAS reports as Acct-Input/Output-Octets). "Up" is client -> network (LAN
 *   ingress), "down" is network -> client (LAN egress).
 * - Clients are keyed by MAC; the IPv4 and IPv6 traffic of one device share an entry.
 *
 * Config and counters live in separate maps: userspace writes struct sg_client_cfg
 * (any time, with BPF_ANY) and never touches a live struct sg_client_cnt except to
 * zero it at the start of a session; the programs only write counters. So a limit
 * change never loses a count. The counters are an array indexed by the config's
 * slot, which userspace hands out: a packet costs one hash lookup (the config by
 * MAC) instead of two, and userspace reads every client's counters straight from
 * the mapped array instead of copying them out by key.
 */
#ifndef SPOTGATE_MAPS_H
#define SPOTGATE_MAPS_H

#include <linux/types.h>

/* Map sizes the objects are compiled with; the loader may resize before load. */
#define SG_CLIENTS_MAX		65536	/* sg_client_cfg; sg_client_cnt has one slot more */
#define SG_ACL_MAX		16384	/* each deny/allow map */
#define SG_GARDEN_MAX		16384	/* each walled-garden trie */
#define SG_NAT_MAX		65536	/* sg_portal_nat (LRU) */
#define SG_EVENTS_BYTES		(64 * 1024)	/* sg_events ring buffer */
#define SG_DNS_BYTES		(256 * 1024)	/* sg_dns ring buffer */

#define SG_CLIENT_V6_ADDRS	4	/* IPv6 addresses bound to one client */
#define SG_DNS_CAP		1024	/* DNS payload bytes copied per answer */

/* Mark on the RSTs the ingress program sends back out of the LAN, so the egress
 * program lets them through. High bits, to stay out of the way of routing marks. */
#define SG_MARK_OWN		0x53470000u
#define SG_MARK_MASK		0xffff0000u

/* Token-bucket depth: sg_client_cfg.burst_* bytes, or 100 ms at the configured rate
 * when that is 0; never less than four 64 KiB GSO superpackets. tc sees superpackets
 * on veth and GRO-capable NICs, and the policer drops a whole one at a time: with room
 * for only two, a TCP download at 2 Mbit/s fell to 1.5 Mbit/s in the lab after a
 * fast transfer had run before it; with four it holds the rate. (Pacing with EDT
 * would drop nothing, but needs the fq qdisc, which not every kernel has.) */
#define SG_BURST_MIN		(4 * 65536)
#define SG_BURST_MS		100

struct sg_mac {
	__u8 addr[6];
};

/* --- client config: written by userspace ------------------------------------ */

/* sg_client_cfg.flags */
#define SG_CLIENT_AUTHORIZED	(1u << 0)	/* logged in: limits below apply */
#define SG_CLIENT_ALLOWLIST	(1u << 1)	/* allow list: passes without login, counted,
						 * no limits, no anti-spoofing */
#define SG_CLIENT_ANY_IP	(1u << 2)	/* skip anti-spoofing (static devices) */

/* A client entry without SG_CLIENT_AUTHORIZED or SG_CLIENT_ALLOWLIST is treated as
 * unauthorized (it may exist so userspace can keep the session id around). */
struct sg_client_cfg {
	__u32 flags;
	__be32 ipv4;			/* bound IPv4 source; 0: no IPv4 allowed
					 * (DHCP from 0.0.0.0 always passes) */
	__u8 ipv6[SG_CLIENT_V6_ADDRS][16]; /* bound IPv6 sources; all-zero slots unused;
					 * link-local fe80::/10 always passes */
	__u64 rate_up;			/* bit/s, 0 = unlimited */
	__u64 rate_down;		/* bit/s, 0 = unlimited */
	__u32 burst_up;			/* bucket depth in bytes, 0 = default */
	__u32 burst_down;
	__u64 budget;			/* bytes up+down for the session, 0 = unlimited */
	__u64 end_ns;			/* CLOCK_MONOTONIC ns the session ends, 0 = never */
	__u64 session_id;		/* opaque to BPF, copied into events */
	__u32 slot;			/* index of the counters in sg_client_cnt, given by
					 * userspace; 0 = none: an authorized client then
					 * fails closed, an allow-listed one passes uncounted */
	__u32 pad;
};

/* --- client counters: written by BPF, at sg_client_cfg.slot ------------------- */

/* sg_client_cnt.stopped: why the kernel stopped an authorized client. While set the
 * client is handled like an unauthorized one (its HTTP goes to the portal). It is
 * cleared by the programs when the config no longer says so (userspace raised the
 * budget or moved end_ns), so a top-up needs only a config write. */
enum sg_stop {
	SG_STOP_NONE = 0,
	SG_STOP_QUOTA = 1,		/* bytes_up + bytes_down reached budget */
	SG_STOP_EXPIRED = 2,		/* now >= end_ns */
};

/* Idle: last_seen_ns is the time of the last counted packet the client sent (ingress
 * only, so traffic pushed at a silent client does not keep it alive; frames to a group
 * MAC, such as a phone's MLD reports, are not counted either). The kernel does not
 * enforce idle timeouts; userspace compares last_seen_ns with the plan's idle timeout
 * on each poll. */
struct sg_client_cnt {
	__u64 bytes_up;
	__u64 bytes_down;
	__u64 packets_up;
	__u64 packets_down;
	__u64 last_seen_ns;		/* CLOCK_MONOTONIC ns of last counted ingress packet */
	__u64 drops_up;			/* packets dropped: rate limit or spoofed source */
	__u64 drops_down;		/* packets dropped: rate limit */
	__u64 spoofed;			/* of drops_up: source address not bound */
	__u64 tat_up_ns;		/* rate limit state: the bucket kept as GCRA's
					 * theoretical arrival time (bpf/lib/ratelimit.h) */
	__u64 tat_down_ns;
	__u64 stopped;			/* enum sg_stop (64-bit for cmpxchg) */
	__u64 stopped_ns;		/* when it was set */
	__u64 pad[4];			/* to 128 bytes, see below */
};

/* Each client's counters fill two whole cache lines. At 96 bytes two neighbouring
 * slots shared a line, and two clients forwarded on two CPUs at once took that line
 * from each other on every packet: 64-byte UDP from two such guests fell from
 * 0.95-0.98x to 0.81-0.88x of plain forwarding in the lab (docs/benchmarks.md). The array's values
 * are 128 bytes apart from a page-aligned start. */
_Static_assert(sizeof(struct sg_client_cnt) == 128, "two cache lines per client");

/* --- deny list, allow list, walled garden ----------------------------------- */

/* LPM trie keys: prefixlen in bits, then the address in network byte order. */
struct sg_lpm_v4 {
	__u32 prefixlen;
	__be32 addr;
};

struct sg_lpm_v6 {
	__u32 prefixlen;
	__u8 addr[16];
};

/* Value of every deny/allow entry. Userspace inserts it zeroed; the programs count
 * the packets that matched. */
struct sg_acl_hits {
	__u64 packets;
	__u64 bytes;
};

/* Value of a walled-garden entry. CIDRs configured by the admin have expires_ns 0;
 * addresses learned from DNS answers carry the record's TTL and stop matching when it
 * passes (userspace deletes them lazily). */
struct sg_garden_val {
	__u64 expires_ns;		/* CLOCK_MONOTONIC ns, 0 = never */
	__u64 packets;			/* counted by BPF */
};

/* --- settings: one entry, written by userspace ------------------------------ */

#define SG_SET_DENY_IN_TC	(1u << 0)	/* XDP is off: tc ingress applies the deny list */
/* A list part that is empty is not looked up (each lookup costs on every packet);
 * userspace sets these after writing the lists, so an unset flag means "look". */
#define SG_SET_NO_DENY_MAC	(1u << 1)	/* the deny list has no MAC */
#define SG_SET_NO_DENY_IP	(1u << 2)	/* the deny list has no address or prefix */
#define SG_SET_NO_ALLOW_IP	(1u << 3)	/* the allow list has no address or prefix */
#define SG_SET_NO_DENY		(SG_SET_NO_DENY_MAC | SG_SET_NO_DENY_IP)
#define SG_SET_FORWARD		(1u << 4)	/* forward = bpf: clients' traffic routed in tc */

/* The portal address is the gateway's LAN address. Unauthorized clients may talk to
 * it on any port (the host firewall guards the gateway's own services); their TCP/80
 * to anywhere else is rewritten to portal_port there. portal_port 0 (or a zero address
 * for a family) means no redirect: that HTTP is refused with a RST like other TCP. */
struct sg_settings {
	__u32 flags;
	__be32 portal_v4;
	__u8 portal_v6[16];
	__be16 portal_port;		/* where the portal's redirect listener is */
	__u16 pad;
};

/* --- portal redirect (reverse NAT) ------------------------------------------ */

/* Key: the client's side of a redirected connection, as the portal's replies carry it
 * (destination address and port on egress). Value: the destination the client had
 * asked for, restored as the source of the replies. */
struct sg_nat_key {
	__u8 addr[16];			/* client address, IPv4-mapped for IPv4 */
	__be16 port;			/* client port */
	__u8 family;			/* 4 or 6 */
	__u8 pad;
};

struct sg_nat_val {
	__u8 addr[16];			/* original destination address */
	__be16 port;			/* original destination port (80) */
	__u16 pad;
	__u32 pad2;
	__u64 last_ns;			/* last packet through the redirect */
};

/* --- global statistics: per-CPU array indexed by enum sg_stat -------------------- */

enum sg_stat {
	SG_STAT_DENY_MAC,		/* dropped: source MAC on the deny list */
	SG_STAT_DENY_IP,		/* dropped: address on the deny list */
	SG_STAT_ALLOW,			/* passed: allow list (MAC or IP) */
	SG_STAT_AUTH,			/* passed: authorized client */
	SG_STAT_SPOOF,			/* dropped: authorized MAC, unbound source IP */
	SG_STAT_RATE,			/* dropped: rate limit */
	SG_STAT_STOPPED,		/* authorized client stopped (quota/expiry) */
	SG_STAT_INFRA,			/* passed: ARP, DHCP, ICMPv6 ND, multicast */
	SG_STAT_DNS,			/* passed: unauthorized DNS */
	SG_STAT_GARDEN,			/* passed: walled garden */
	SG_STAT_PORTAL,			/* passed: to/from the portal address */
	SG_STAT_REDIRECT,		/* passed: TCP/80 rewritten to the portal */
	SG_STAT_RST,			/* unauthorized TCP answered with a RST */
	SG_STAT_DROP,			/* dropped: unauthorized, nothing else matched */
	SG_STAT_DNS_COPY,		/* DNS answer copied to sg_dns */
	SG_STAT_RINGBUF_FULL,		/* an event or DNS copy was lost */
	SG_STAT_MAX,
};

/* --- ring buffers ------------------------------------------------------------- */

enum sg_event_type {
	SG_EVENT_STOPPED = 1,		/* a client was stopped; reason in .reason */
};

/* sg_events: one record per stop, emitted by the CPU that set sg_client_cnt.stopped. */
struct sg_event {
	__u32 type;			/* enum sg_event_type */
	__u32 reason;			/* enum sg_stop */
	struct sg_mac mac;
	__u16 pad;
	__u64 session_id;		/* from sg_client_cfg */
	__u64 ts_ns;			/* CLOCK_MONOTONIC */
	__u64 bytes_up;			/* counters when it happened */
	__u64 bytes_down;
};

/* sg_dns: a DNS answer on its way to a client (UDP source port 53 on LAN egress),
 * for userspace to learn walled-garden addresses from. data holds the DNS message
 * (after the UDP header), truncated to SG_DNS_CAP bytes. */
struct sg_dns_msg {
	struct sg_mac client;		/* destination MAC */
	__u8 family;			/* 4 or 6 */
	__u8 pad;
	__u32 len;			/* DNS message length on the wire */
	__u32 caplen;			/* bytes in data */
	__u32 pad2;
	__u64 ts_ns;
	__u8 data[SG_DNS_CAP];
};

#endif
