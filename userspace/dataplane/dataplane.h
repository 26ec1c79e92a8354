/* dataplane: the programs (bpf/gate.bpf.c, bpf/lan_tc.bpf.c, bpf/wan_tc.bpf.c) loaded
 * from their skeletons, with every map pinned under a root directory on a bpf
 * filesystem and reused from there when the daemon restarts, so online clients and
 * their counters survive it. Attach (attach.c) puts the tc programs (ingress + egress)
 * and optionally XDP on the LAN interface, and with forward = bpf the WAN's ingress
 * program on the WAN interface. The tc programs go on as tcx links (kernel 6.6+; pinned
 * next to the maps) or as clsact filters (older kernels); either way the attachments
 * hold the programs, so closing the dataplane (or the daemon dying) leaves traffic
 * flowing, as long as there is a pin root: without one, closing detaches tcx links.
 * Client functions write the config map and read the counters map whose layout is
 * include/spotgate/maps.h. The counters array is mapped into memory; which slot is
 * whose is kept here (slots.h), rebuilt from the config map on open, so every client
 * entry must be written through these functions by one process at a time.
 *
 * All functions return 0 or -errno; the ones that can fail for a reason a person must
 * read write it into err. */
#ifndef SPOTGATE_DATAPLANE_H
#define SPOTGATE_DATAPLANE_H

#include <stddef.h>
#include "dataplane/slots.h"
#include "spotgate/maps.h"

#define DATAPLANE_PIN_ROOT	"/sys/fs/bpf/spotgate"

enum dataplane_xdp {
	DATAPLANE_XDP_OFF,	/* tc applies the deny list too */
	DATAPLANE_XDP_GENERIC,	/* skb mode: any driver, sees GRO superpackets */
	DATAPLANE_XDP_NATIVE,	/* driver mode: early drops on NICs that support it */
};

/* How the tc programs hook in. tcx runs them straight from the device's hook; clsact
 * goes through the ingress/egress qdisc and its classifier, which costs a little more
 * per packet (docs/benchmarks.md). */
enum dataplane_hook {
	DATAPLANE_HOOK_AUTO,	/* tcx where the kernel has it, else clsact */
	DATAPLANE_HOOK_TCX,
	DATAPLANE_HOOK_CLSACT,
};

struct dataplane_opts {
	const char *pin_root;	/* NULL: no pinning (tests); normally DATAPLANE_PIN_ROOT */
	unsigned int max_clients;	/* 0: SG_CLIENTS_MAX; must match maps already pinned */
	enum dataplane_hook hook;
};

struct lan_tc_bpf;
struct gate_bpf;
struct wan_tc_bpf;

/* A tcx link we hold open (fd -1: none), on ifindex. Without a pin root it is the
 * only reference keeping the link; with one, the pin keeps it too. */
struct dataplane_link {
	int fd;
	int ifindex;
};

enum { DP_LINK_LAN_IN, DP_LINK_LAN_OUT, DP_LINK_WAN_IN, DP_LINKS };

struct dataplane {
	struct lan_tc_bpf *tc;
	struct gate_bpf *gate;
	struct wan_tc_bpf *wan;
	int cfg_fd, cnt_fd, settings_fd;
	struct sg_client_cnt *cnt;	/* sg_client_cnt, mapped: by slot */
	size_t cnt_len;
	struct slot_table slots;
	char *pin_root;			/* NULL: nothing pinned */
	enum dataplane_hook hook;	/* as asked; after attach, TCX or CLSACT as done */
	struct dataplane_link links[DP_LINKS];
};

/* Parses "off", "generic" or "native". */
int dataplane_xdp_parse(const char *text, enum dataplane_xdp *out);
/* Parses "auto", "tcx" or "clsact". */
int dataplane_hook_parse(const char *text, enum dataplane_hook *out);
/* "auto", "tcx" or "clsact". */
const char *dataplane_hook_name(enum dataplane_hook hook);

/* Loads the objects; maps come from pin_root when pinned there, else are created and
 * pinned. Fails with a reason when pin_root is not on a bpf filesystem or a pinned map
 * does not match (e.g. another max_clients). */
int dataplane_open(struct dataplane *dp, const struct dataplane_opts *opts,
		   char *err, size_t errlen);
/* Releases file descriptors; pins and attachments stay. */
void dataplane_close(struct dataplane *dp);
/* Removes the pinned maps under pin_root (and the directory when empty). */
int dataplane_unpin(const char *pin_root);

/* Attaches (or replaces) tc ingress/egress and, per mode, XDP on ifname. A restart
 * swaps the programs in place: no packet meets no program. Our attachments of the other
 * hook (an earlier run with another setting) are removed once the new ones are on. */
int dataplane_attach(struct dataplane *dp, const char *ifname, enum dataplane_xdp mode,
		     char *err, size_t errlen);
/* Removes our tc programs (either hook) and XDP program (mode as attached) from ifname. */
int dataplane_detach(struct dataplane *dp, const char *ifname, enum dataplane_xdp mode,
		     char *err, size_t errlen);

/* forward = bpf: puts the WAN's ingress program (routes downloads to clients past the
 * stack) on ifname through the hook the LAN's programs went on (so after
 * dataplane_attach), replacing an earlier run's. */
int dataplane_wan_attach(struct dataplane *dp, const char *ifname, char *err, size_t errlen);
/* Takes it off ifname again (either hook): forward = stack. */
int dataplane_wan_detach(struct dataplane *dp, const char *ifname, char *err, size_t errlen);
/* Takes off every tcx link pinned under the pin root that is on none of the nkeep
 * interfaces keep: an earlier run's on an interface since given up ([gateway] lan or
 * wan changed), which would otherwise go on acting there. *removed: how many. */
int dataplane_detach_stale(struct dataplane *dp, const char *const *keep, size_t nkeep, int *removed);

/* Portal address/port; keeps the flags attach set. */
int dataplane_settings_set(struct dataplane *dp, const struct sg_settings *s);
/* Turns one SG_SET_* flag on or off, the rest of the settings kept. */
int dataplane_set_flag(struct dataplane *dp, __u32 flag, int on);

/* New session (or allow-list entry) for mac: its counters zeroed, then the config
 * written with the slot of its entry, or a free one. -ENOSPC when every slot is taken. */
int dataplane_client_authorize(struct dataplane *dp, const struct sg_mac *mac,
			       const struct sg_client_cfg *cfg);
/* Limit change within a session: config only, counters untouched. -ENOENT if absent. */
int dataplane_client_update(struct dataplane *dp, const struct sg_mac *mac,
			    const struct sg_client_cfg *cfg);
/* End of session: config removed first (the client stops passing), then the final
 * counters read into *last (may be NULL) and the slot freed. -ENOENT if there was none. */
int dataplane_client_remove(struct dataplane *dp, const struct sg_mac *mac,
			    struct sg_client_cnt *last);
/* The config and counters of mac (either may be NULL). -ENOENT if it has no entry. */
int dataplane_client_get(struct dataplane *dp, const struct sg_mac *mac,
			 struct sg_client_cfg *cfg, struct sg_client_cnt *cnt);
/* The counters of mac whose config the caller has just read (no system call); zero
 * when that config's slot is not mac's. */
void dataplane_client_counters(struct dataplane *dp, const struct sg_mac *mac,
			       const struct sg_client_cfg *cfg, struct sg_client_cnt *cnt);

typedef int (*dataplane_counter_fn)(void *ctx, uint32_t slot, const struct sg_mac *mac,
				    const struct sg_client_cnt *cnt);
/* Calls fn for every client's counters, read from the mapped array, in slot order;
 * stops early and returns fn's value when it is not 0. */
int dataplane_counters_each(struct dataplane *dp, dataplane_counter_fn fn, void *ctx);

#endif
