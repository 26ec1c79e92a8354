/* dataplane: the programs on the LAN interface (and, with forward = bpf, the WAN's
 * ingress). tc through tcx links (pinned next to the maps) or clsact filters, XDP in
 * the configured mode. See dataplane.h. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "dataplane/dataplane.h"
#include "gate.skel.h"
#include "lan_tc.skel.h"
#include "wan_tc.skel.h"

/* Our clsact filters: fixed handle and priority, so a restarted daemon replaces them. */
#define DP_TC_HANDLE	0x5347
#define DP_TC_PRIO	0x5347

/* tcx attach types (kernel 6.6); the uapi headers we build with may predate them. */
#define DP_TCX_INGRESS	46
#define DP_TCX_EGRESS	47

static int parse_name(const char *text, const char *const *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(text, names[i]))
			return (int)i;
	return -EINVAL;
}

static const char *const xdp_names[] = { "off", "generic", "native" };
static const char *const hook_names[] = { "auto", "tcx", "clsact" };

int dataplane_xdp_parse(const char *text, enum dataplane_xdp *out)
{
	int i = parse_name(text, xdp_names, sizeof(xdp_names) / sizeof(xdp_names[0]));

	if (i < 0)
		return i;
	*out = (enum dataplane_xdp)i;
	return 0;
}

int dataplane_hook_parse(const char *text, enum dataplane_hook *out)
{
	int i = parse_name(text, hook_names, sizeof(hook_names) / sizeof(hook_names[0]));

	if (i < 0)
		return i;
	*out = (enum dataplane_hook)i;
	return 0;
}

const char *dataplane_hook_name(enum dataplane_hook hook)
{
	return (unsigned)hook < sizeof(hook_names) / sizeof(hook_names[0]) ? hook_names[hook] : "?";
}

static __u32 xdp_flags(enum dataplane_xdp mode)
{
	return mode == DATAPLANE_XDP_NATIVE ? XDP_FLAGS_DRV_MODE : XDP_FLAGS_SKB_MODE;
}

/* --- tc: tcx links or clsact filters ------------------------------------------------ */

static const char *const dir_names[] = { "ingress", "egress" };

/* Where the tcx link of direction dir on ifname is pinned: <root>/tcx_<dir>_<ifname>,
 * dots made underscores (bpffs refuses names with dots; VLAN interfaces have them). */
static int link_path(const struct dataplane *dp, int dir, const char *ifname,
		     char *path, size_t len)
{
	int n;

	if (!dp->pin_root)
		return -ENOENT;
	n = snprintf(path, len, "%s/tcx_%s_", dp->pin_root, dir_names[dir]);
	if (n < 0 || (size_t)n + strlen(ifname) >= len)
		return -ENAMETOOLONG;
	for (const char *c = ifname; *c; c++)
		path[n++] = *c == '.' ? '_' : *c;
	path[n] = '\0';
	return 0;
}

/* Puts prog on dir of ifname through tcx: swapped into our link there when there is
 * one (pinned: a restart; held: attached again), else a new link, pinned if it can be
 * and kept in *held. */
static int tcx_attach(struct dataplane *dp, struct dataplane_link *held, int dir, int ifindex,
		      const char *ifname, int prog_fd)
{
	char path[PATH_MAX];
	int pinned = link_path(dp, dir, ifname, path, sizeof(path)) == 0, fd = -1, e;

	if (pinned)
		fd = bpf_obj_get(path);
	else if (held->fd >= 0 && held->ifindex == ifindex)
		fd = dup(held->fd);

	if (fd >= 0 && bpf_link_update(fd, prog_fd, NULL) == 0)
		goto hold;
	if (fd >= 0) {	/* defunct: its interface was deleted (and maybe made again) */
		close(fd);
		if (pinned)
			unlink(path);
	}
	fd = bpf_link_create(prog_fd, ifindex, dir ? DP_TCX_EGRESS : DP_TCX_INGRESS, NULL);
	if (fd < 0)
		return -errno;
	if (pinned && bpf_obj_pin(fd, path)) {
		e = -errno;
		close(fd);
		return e;
	}
hold:
	if (held->fd >= 0)
		close(held->fd);
	held->fd = fd;
	held->ifindex = ifindex;
	return 0;
}

/* Takes our tcx link for dir off ifname: the pinned one, or without a pin root the one
 * we hold there. Detached, not just let go: the running daemon may hold it open too. */
static int tcx_detach(struct dataplane *dp, struct dataplane_link *held, int dir, int ifindex,
		      const char *ifname)
{
	char path[PATH_MAX];
	int pinned = link_path(dp, dir, ifname, path, sizeof(path)) == 0, fd = -1, e = 0;

	if (pinned)
		fd = bpf_obj_get(path);
	else if (held->ifindex == ifindex)
		fd = held->fd;

	if (fd >= 0 && bpf_link_detach(fd))
		e = -errno;
	if (pinned && fd >= 0) {
		close(fd);
		unlink(path);
	}
	if (held->fd >= 0 && held->ifindex == ifindex) {
		close(held->fd);
		held->fd = -1;
	}
	return e;
}

static int clsact_attach(int dir, int ifindex, int prog_fd)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = BPF_TC_INGRESS | BPF_TC_EGRESS);
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = DP_TC_HANDLE, .priority = DP_TC_PRIO,
		    .flags = BPF_TC_F_REPLACE, .prog_fd = prog_fd);
	int e = bpf_tc_hook_create(&hook);

	if (e && e != -EEXIST)
		return e;
	hook.attach_point = dir ? BPF_TC_EGRESS : BPF_TC_INGRESS;
	return bpf_tc_attach(&hook, &o);
}

static int clsact_detach(int dir, int ifindex)
{
	LIBBPF_OPTS(bpf_tc_hook, hook, .ifindex = ifindex,
		    .attach_point = dir ? BPF_TC_EGRESS : BPF_TC_INGRESS);
	LIBBPF_OPTS(bpf_tc_opts, o, .handle = DP_TC_HANDLE, .priority = DP_TC_PRIO);
	int e = bpf_tc_detach(&hook, &o);

	return e == -ENOENT || e == -EINVAL ? 0 : e;	/* none there, or no clsact */
}

/* The tc programs prog_fd[dir] (dir < ndir: ingress, then egress) on ifname through
 * dp->hook, tcx links kept in held[dir]; on AUTO, clsact when the kernel has no tcx.
 * Then our programs on the other hook go: tcx runs before clsact and its verdict is
 * final, so for the moment both are on, only the new one acts. */
static int tc_attach(struct dataplane *dp, const int *prog_fd, int ndir, struct dataplane_link *held,
		     int ifindex, const char *ifname, char *err, size_t errlen)
{
	int use_tcx = dp->hook != DATAPLANE_HOOK_CLSACT, e = 0;

	for (int dir = 0; dir < ndir; dir++) {
		if (use_tcx) {
			e = tcx_attach(dp, &held[dir], dir, ifindex, ifname, prog_fd[dir]);
			if (e == -EINVAL && dir == 0 && dp->hook == DATAPLANE_HOOK_AUTO)
				use_tcx = 0;	/* a kernel before 6.6 */
		}
		if (!use_tcx)
			e = clsact_attach(dir, ifindex, prog_fd[dir]);
		if (e) {
			snprintf(err, errlen, "dataplane: tc %s on %s (%s): %s", dir_names[dir], ifname,
				 use_tcx ? "tcx" : "clsact", strerror(-e));
			return e;
		}
	}
	dp->hook = use_tcx ? DATAPLANE_HOOK_TCX : DATAPLANE_HOOK_CLSACT;
	for (int dir = 0; dir < ndir && !e; dir++)
		e = use_tcx ? clsact_detach(dir, ifindex) : tcx_detach(dp, &held[dir], dir, ifindex, ifname);
	if (e)
		snprintf(err, errlen, "dataplane: removing the old tc %s programs from %s: %s",
			 use_tcx ? "clsact" : "tcx", ifname, strerror(-e));
	return e;
}

/* Our tc programs of both hooks off ifname, for dir < ndir. */
static int tc_detach(struct dataplane *dp, int ndir, struct dataplane_link *held, int ifindex,
		     const char *ifname, char *err, size_t errlen)
{
	int e, ret = 0;

	for (int dir = 0; dir < ndir; dir++) {
		if ((e = tcx_detach(dp, &held[dir], dir, ifindex, ifname)) && !ret) {
			snprintf(err, errlen, "dataplane: tcx %s off %s: %s", dir_names[dir], ifname,
				 strerror(-e));
			ret = e;
		}
		if ((e = clsact_detach(dir, ifindex)) && !ret) {
			snprintf(err, errlen, "dataplane: clsact %s off %s: %s", dir_names[dir], ifname,
				 strerror(-e));
			ret = e;
		}
	}
	return ret;
}

static int ifindex_of(const char *ifname, char *err, size_t errlen)
{
	int ifindex = (int)if_nametoindex(ifname);

	if (!ifindex)
		snprintf(err, errlen, "dataplane: no interface %s", ifname);
	return ifindex;
}

/* --- attach and detach ------------------------------------------------------------ */

int dataplane_attach(struct dataplane *dp, const char *ifname, enum dataplane_xdp mode,
		     char *err, size_t errlen)
{
	int prog_fd[2] = { bpf_program__fd(dp->tc->progs.sg_tc_ingress),
			   bpf_program__fd(dp->tc->progs.sg_tc_egress) };
	int ifindex = ifindex_of(ifname, err, errlen), e;

	if (!ifindex)
		return -ENODEV;
	if ((e = tc_attach(dp, prog_fd, 2, &dp->links[DP_LINK_LAN_IN], ifindex, ifname, err, errlen)))
		return e;
	/* Set before XDP goes on / after it is off, so no moment without a deny list. */
	if ((e = dataplane_set_flag(dp, SG_SET_DENY_IN_TC, 1))) {
		snprintf(err, errlen, "dataplane: settings: %s", strerror(-e));
		return e;
	}
	if (mode == DATAPLANE_XDP_OFF)
		return 0;
	e = bpf_xdp_attach(ifindex, bpf_program__fd(dp->gate->progs.sg_xdp_gate),
			   xdp_flags(mode), NULL);
	if (e) {
		snprintf(err, errlen, "dataplane: XDP (%s) on %s: %s", mode == DATAPLANE_XDP_NATIVE ?
			 "native" : "generic", ifname, strerror(-e));
		return e;
	}
	if ((e = dataplane_set_flag(dp, SG_SET_DENY_IN_TC, 0))) {
		snprintf(err, errlen, "dataplane: settings: %s", strerror(-e));
		return e;
	}
	return 0;
}

int dataplane_detach(struct dataplane *dp, const char *ifname, enum dataplane_xdp mode,
		     char *err, size_t errlen)
{
	int ifindex = ifindex_of(ifname, err, errlen), e, ret = 0;
	char tc_err[256];

	if (!ifindex)
		return -ENODEV;
	if (mode != DATAPLANE_XDP_OFF) {
		e = bpf_xdp_detach(ifindex, xdp_flags(mode), NULL);
		if (e && e != -ENOENT) {
			snprintf(err, errlen, "dataplane: XDP off %s: %s", ifname, strerror(-e));
			ret = e;
		}
	}
	/* the first failure is the one reported */
	e = tc_detach(dp, 2, &dp->links[DP_LINK_LAN_IN], ifindex, ifname, tc_err, sizeof(tc_err));
	if (e && !ret) {
		snprintf(err, errlen, "%s", tc_err);
		ret = e;
	}
	return ret;
}

int dataplane_wan_attach(struct dataplane *dp, const char *ifname, char *err, size_t errlen)
{
	int prog_fd = bpf_program__fd(dp->wan->progs.sg_tc_wan_ingress);
	int ifindex = ifindex_of(ifname, err, errlen);

	if (!ifindex)
		return -ENODEV;
	return tc_attach(dp, &prog_fd, 1, &dp->links[DP_LINK_WAN_IN], ifindex, ifname, err, errlen);
}

int dataplane_wan_detach(struct dataplane *dp, const char *ifname, char *err, size_t errlen)
{
	int ifindex = ifindex_of(ifname, err, errlen);

	if (!ifindex)
		return -ENODEV;
	return tc_detach(dp, 1, &dp->links[DP_LINK_WAN_IN], ifindex, ifname, err, errlen);
}

/* Is name the pin of a tcx link on one of the keep interfaces? */
static int link_kept(const struct dataplane *dp, const char *name, const char *const *keep, size_t nkeep)
{
	char path[PATH_MAX];
	size_t root_len = strlen(dp->pin_root) + 1;

	for (size_t i = 0; i < nkeep; i++)
		for (int dir = 0; dir < 2; dir++)
			if (link_path(dp, dir, keep[i], path, sizeof(path)) == 0 &&
			    !strcmp(path + root_len, name))
				return 1;
	return 0;
}

int dataplane_detach_stale(struct dataplane *dp, const char *const *keep, size_t nkeep, int *removed)
{
	char path[PATH_MAX];
	struct dirent *ent;
	DIR *dir;
	int fd;

	*removed = 0;
	if (!dp->pin_root)
		return 0;
	if (!(dir = opendir(dp->pin_root)))
		return -errno;
	while ((ent = readdir(dir))) {
		if (strncmp(ent->d_name, "tcx_", 4) || link_kept(dp, ent->d_name, keep, nkeep) ||
		    (size_t)snprintf(path, sizeof(path), "%s/%s", dp->pin_root, ent->d_name) >= sizeof(path))
			continue;
		if ((fd = bpf_obj_get(path)) >= 0) {
			bpf_link_detach(fd);	/* fails only when already defunct: gone either way */
			close(fd);
		}
		if (unlink(path) == 0)
			(*removed)++;
	}
	closedir(dir);
	return 0;
}
