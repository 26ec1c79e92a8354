/* gateway: start-up, the poll tick, ring buffers and the client calls. See gateway.h. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_link.h>
#include <linux/magic.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "common/log.h"
#include "common/mac.h"
#include "common/sockaddr.h"
#include "gateway/internal.h"
#include "lan_tc.skel.h"

#define BPFFS_DEFAULT	"/sys/fs/bpf"
#define POLL_MS		1000
#define SWEEP_NS	(10ull * 1000000000ull)

/* --- time at the edge ----------------------------------------------------------- */

static uint64_t clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t gateway_now_ns(void)
{
	return clock_ns(CLOCK_MONOTONIC);
}

/* REALTIME - MONOTONIC, as include/spotgate/maps.h says */
static int64_t mono_offset_ns(void)
{
	return (int64_t)clock_ns(CLOCK_REALTIME) - (int64_t)clock_ns(CLOCK_MONOTONIC);
}

uint64_t gateway_epoch_to_ns(int64_t epoch)
{
	int64_t ns;

	if (epoch <= 0)
		return 0;
	ns = epoch * 1000000000ll - mono_offset_ns();
	return ns > 0 ? (uint64_t)ns : 1;	/* in the past: 1 ns after boot, still "set" */
}

int64_t gateway_ns_to_epoch(uint64_t ns)
{
	if (!ns)
		return 0;
	return ((int64_t)ns + mono_offset_ns()) / 1000000000ll;
}

/* --- the bpf filesystem ----------------------------------------------------------- */

static int is_bpffs(const char *path)
{
	struct statfs fs;

	return statfs(path, &fs) == 0 && (unsigned long)fs.f_type == BPF_FS_MAGIC;
}

/* Mounts bpffs on /sys/fs/bpf when the pin root lives there and nothing is mounted
 * yet (systemd normally has; a bare container or namespace may not). */
static int ensure_bpffs(const char *root, char *err, size_t errlen)
{
	size_t n = strlen(BPFFS_DEFAULT);

	if (strncmp(root, BPFFS_DEFAULT "/", n + 1) || is_bpffs(BPFFS_DEFAULT))
		return 0;
	if (mount("bpf", BPFFS_DEFAULT, "bpf", 0, "mode=0700")) {
		int e = -errno;

		snprintf(err, errlen, "gateway: cannot mount the bpf filesystem on %s: %s",
			 BPFFS_DEFAULT, strerror(errno));
		return e;
	}
	log_info("gateway", "mounted the bpf filesystem path=%s", BPFFS_DEFAULT);
	return 0;
}

/* --- the portal redirect target -------------------------------------------------- */

/* The LAN's first IPv4 address and first global IPv6 address. */
static void lan_addresses(const char *ifname, uint32_t *v4, uint8_t v6[16])
{
	struct ifaddrs *list, *a;

	*v4 = 0;
	memset(v6, 0, 16);
	if (getifaddrs(&list))
		return;
	for (a = list; a; a = a->ifa_next) {
		if (!a->ifa_addr || strcmp(a->ifa_name, ifname))
			continue;
		if (a->ifa_addr->sa_family == AF_INET && !*v4) {
			*v4 = ((struct sockaddr_in *)a->ifa_addr)->sin_addr.s_addr;
		} else if (a->ifa_addr->sa_family == AF_INET6) {
			const struct in6_addr *in6 = &((struct sockaddr_in6 *)a->ifa_addr)->sin6_addr;
			static const uint8_t zero[16];

			if (!IN6_IS_ADDR_LINKLOCAL(in6) && !memcmp(v6, zero, 16))
				memcpy(v6, in6, 16);
		}
	}
	freeifaddrs(list);
}

/* [portal] listen decides where redirected HTTP goes: a specific address is used for
 * its family only; a wildcard (":8080", "[::]:8080") means the LAN addresses on that
 * port; empty means the daemon listens on the LAN addresses, port 80, itself. */
static int portal_settings(struct gateway *gw, struct http_server *srv, h2o_hostconf_t *portal,
			   char *err, size_t errlen)
{
	const char *listen = gw->app->cfg.portal_listen;
	struct sg_settings *s = &gw->settings;
	uint32_t v4;
	uint8_t v6[16];
	static const uint8_t zero[16];

	lan_addresses(gw->lan, &v4, v6);
	memset(s, 0, sizeof(*s));
	if (listen[0]) {
		struct sockaddr_storage ss;
		socklen_t len;

		if (sockaddr_parse(listen, &ss, &len)) {
			snprintf(err, errlen, "gateway: [portal] listen \"%s\" is not ADDRESS:PORT", listen);
			return -EINVAL;
		}
		if (ss.ss_family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&ss;

			s->portal_port = in->sin_port;
			s->portal_v4 = in->sin_addr.s_addr ? in->sin_addr.s_addr : v4;
			if (!in->sin_addr.s_addr)
				memcpy(s->portal_v6, v6, 16);
		} else {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;

			s->portal_port = in6->sin6_port;
			if (IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr)) {
				s->portal_v4 = v4;
				memcpy(s->portal_v6, v6, 16);
			} else {
				memcpy(s->portal_v6, &in6->sin6_addr, 16);
			}
		}
		return 0;
	}
	s->portal_port = htons(80);
	if (v4) {
		char addr[64];

		inet_ntop(AF_INET, &v4, addr, sizeof(addr));
		strcat(addr, ":80");
		if (http_listen_tcp(srv, portal, addr, err, errlen))
			return -EADDRNOTAVAIL;
		s->portal_v4 = v4;
		log_info("portal", "listening address=%s", addr);
	}
	if (memcmp(v6, zero, 16)) {
		char addr[64] = "[";

		inet_ntop(AF_INET6, v6, addr + 1, sizeof(addr) - 8);
		strcat(addr, "]:80");
		if (http_listen_tcp(srv, portal, addr, err, errlen) == 0) {
			memcpy(s->portal_v6, v6, 16);
			log_info("portal", "listening address=%s", addr);
		} else {
			/* e.g. still in duplicate address detection: IPv6 HTTP gets a RST */
			log_warn("portal", "no IPv6 portal: %s", err);
			err[0] = '\0';
		}
	}
	return 0;
}

/* --- attach ---------------------------------------------------------------------- */

/* XDP in the configured mode; a program an earlier run left in another mode is
 * removed first (the kernel refuses two modes at once). */
static int attach(struct gateway *gw, char *err, size_t errlen)
{
	const char *wan = gw->app->cfg.wan;
	int ifindex = (int)if_nametoindex(gw->lan), e;
	int forward_bpf = !strcmp(gw->app->cfg.forward, "bpf");
	struct sg_settings cur;
	__u32 zero = 0;

	/* tc applies the deny list while XDP changes hands (dataplane_attach clears the
	 * flag again once XDP is on) */
	if (bpf_map_lookup_elem(gw->dp.settings_fd, &zero, &cur) == 0) {
		cur.flags |= SG_SET_DENY_IN_TC;
		bpf_map_update_elem(gw->dp.settings_fd, &zero, &cur, BPF_ANY);
	}
	if (gw->xdp != DATAPLANE_XDP_NATIVE)
		bpf_xdp_detach(ifindex, XDP_FLAGS_DRV_MODE, NULL);
	if (gw->xdp != DATAPLANE_XDP_GENERIC)
		bpf_xdp_detach(ifindex, XDP_FLAGS_SKB_MODE, NULL);
	e = dataplane_attach(&gw->dp, gw->lan, gw->xdp, err, errlen);
	if (e)
		return e;
	if ((e = dataplane_settings_set(&gw->dp, &gw->settings)) ||
	    (e = dataplane_set_flag(&gw->dp, SG_SET_FORWARD, forward_bpf))) {
		snprintf(err, errlen, "gateway: settings: %s", strerror(-e));
		return e;
	}
	/* downloads too are routed past the stack, from the WAN side; an earlier run's
	 * program there goes with forward = stack */
	if (wan[0])
		e = forward_bpf ? dataplane_wan_attach(&gw->dp, wan, err, errlen) :
				  dataplane_wan_detach(&gw->dp, wan, err, errlen);
	if (!e) {
		const char *keep[2] = { gw->lan, wan };
		int removed;

		e = dataplane_detach_stale(&gw->dp, keep, wan[0] && forward_bpf ? 2 : 1, &removed);
		if (e)
			snprintf(err, errlen, "gateway: %s: %s", gw->dp.pin_root, strerror(-e));
		else if (removed)
			log_info("gateway", "took off %d program link(s) an earlier run left on other "
				 "interfaces", removed);
	}
	return e;
}

/* --- start-up reconcile: the maps say who is online ------------------------------ */

static void reconcile(struct gateway *gw)
{
	struct sg_mac key, next, *prev = NULL;
	unsigned online = 0, allowed = 0;
	uint64_t now = gateway_now_ns();

	while (bpf_map_get_next_key(gw->dp.cfg_fd, prev, &next) == 0) {
		struct sg_client_cfg cfg;
		struct sg_client_cnt cnt = { 0 };
		struct client *c;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(gw->dp.cfg_fd, &key, &cfg))
			continue;
		dataplane_client_counters(&gw->dp, &key, &cfg, &cnt);
		c = clients_get(&gw->clients, mac_key(key.addr));
		if (!c)
			break;
		c->flags = cfg.flags;
		c->session_id = cfg.session_id;
		c->since_ns = now;
		c->base_up = cnt.bytes_up;
		c->base_down = cnt.bytes_down;
		c->stop_reported = cnt.stopped != 0;
		if (cfg.flags & SG_CLIENT_ALLOWLIST) {
			allowed++;
			continue;
		}
		if (!(cfg.flags & SG_CLIENT_AUTHORIZED))
			continue;
		online++;
		if (gw->hooks.on_online)
			gw->hooks.on_online(gw->hooks.ctx, key.addr, &cfg, &cnt);
	}
	log_info("gateway", "clients found in the maps online=%u allow_listed=%u", online, allowed);
}

/* --- the poll tick --------------------------------------------------------------- */

#define IDLE_BATCH 64

struct poll_state {
	struct gateway *gw;
	uint64_t now;
	uint64_t idle[IDLE_BATCH];	/* MAC keys to remove after the walk */
	int nidle;
	unsigned clients;
};

static uint64_t grown(uint64_t now, uint64_t before)
{
	/* smaller: a new session started outside our view, counting from zero */
	return now >= before ? now - before : now;
}

/* The growth of c's counters since they were last taken (the base moves on); an
 * authorized client's counts as guest traffic. */
static void take_growth(struct gateway *gw, struct client *c, const struct sg_client_cnt *cnt, uint64_t *up,
			uint64_t *down)
{
	*up = grown(cnt->bytes_up, c->base_up);
	*down = grown(cnt->bytes_down, c->base_down);
	c->base_up = cnt->bytes_up;
	c->base_down = cnt->bytes_down;
	if (c->flags & SG_CLIENT_AUTHORIZED) {
		gw->bytes_up += *up;
		gw->bytes_down += *down;
	}
}

static int on_counter(void *ctx, uint32_t slot, const struct sg_mac *mac, const struct sg_client_cnt *cnt)
{
	struct poll_state *ps = ctx;
	struct gateway *gw = ps->gw;
	uint64_t key = mac_key(mac->addr);
	struct client *c = clients_at(&gw->clients, slot, key);
	uint64_t up, down, idle_s, last;

	ps->clients++;
	if (!c) {
		struct sg_client_cfg cfg = { 0 };

		if (!clients_get(&gw->clients, key) || !(c = clients_at(&gw->clients, slot, key)))
			return 0;
		bpf_map_lookup_elem(gw->dp.cfg_fd, mac, &cfg);
		c->flags = cfg.flags;
		c->session_id = cfg.session_id;
		c->since_ns = ps->now;
		c->base_up = cnt->bytes_up;	/* unknown past: do not bill it twice */
		c->base_down = cnt->bytes_down;
	}
	c->seen_gen = gw->poll_gen;
	take_growth(gw, c, cnt, &up, &down);
	if (!(c->flags & SG_CLIENT_AUTHORIZED))
		return 0;
	if ((up || down) && gw->hooks.on_usage)
		gw->hooks.on_usage(gw->hooks.ctx, mac->addr, c->session_id, up, down,
				   gateway_ns_to_epoch(cnt->last_seen_ns));
	if (cnt->stopped && !c->stop_reported) {
		/* the ring-buffer event was lost (buffer full) or came before we started */
		c->stop_reported = 1;
		log_info("gateway", "client stopped by the kernel mac=%02x:%02x:%02x:%02x:%02x:%02x reason=%s",
			 mac->addr[0], mac->addr[1], mac->addr[2], mac->addr[3], mac->addr[4],
			 mac->addr[5], cnt->stopped == SG_STOP_QUOTA ? "quota" : "expired");
		if (gw->hooks.on_stop)
			gw->hooks.on_stop(gw->hooks.ctx, mac->addr, c->session_id,
					  (enum gateway_stop)cnt->stopped);
	} else if (!cnt->stopped) {
		c->stop_reported = 0;
	}
	idle_s = c->idle_timeout ? c->idle_timeout : (uint64_t)gw->app->cfg.idle_timeout;
	last = cnt->last_seen_ns > c->since_ns ? cnt->last_seen_ns : c->since_ns;
	if (idle_s && ps->now > last && ps->now - last >= idle_s * 1000000000ull &&
	    ps->nidle < IDLE_BATCH)
		ps->idle[ps->nidle++] = key;
	return 0;
}

static void end_idle(struct gateway *gw, uint64_t key)
{
	struct client *c = clients_find(&gw->clients, key);
	uint64_t session_id = c ? c->session_id : 0;
	uint8_t mac[6];
	char text[MAC_TEXT_LEN];

	mac_from_key(key, mac);
	mac_format(mac, text);
	if (gateway_kick(gw->app, mac, NULL))
		return;
	log_info("gateway", "session ended: idle mac=%s", text);
	if (gw->hooks.on_stop)
		gw->hooks.on_stop(gw->hooks.ctx, mac, session_id, GATEWAY_STOP_IDLE);
}

static void poll_tick(struct gateway *gw)
{
	struct poll_state ps = { .gw = gw, .now = gateway_now_ns() };
	uint64_t started = clock_ns(CLOCK_MONOTONIC);
	int e;

	if (gw->rb)
		ring_buffer__consume(gw->rb);
	gw->poll_gen++;
	e = dataplane_counters_each(&gw->dp, on_counter, &ps);
	if (e)
		log_warn("gateway", "reading counters failed error=\"%s\"", strerror(-e));
	else if (ps.clients < gw->clients.count)	/* some are gone from the maps */
		clients_sweep(&gw->clients, gw->poll_gen);
	for (int i = 0; i < ps.nidle; i++)
		end_idle(gw, ps.idle[i]);
	if (ps.now >= gw->next_sweep_ns) {
		garden_sweep(gw, 0);
		gw->next_sweep_ns = ps.now + SWEEP_NS;
	}
	metrics_histogram_observe(&gw->poll_duration, (double)(clock_ns(CLOCK_MONOTONIC) - started) / 1e9);
}

void gateway_poll(struct app *app)
{
	if (app->gateway)
		poll_tick(app->gateway);
}

static void on_poll_timer(h2o_timeout_entry_t *entry)
{
	struct gateway *gw = H2O_STRUCT_FROM_MEMBER(struct gateway, poll_entry, entry);

	poll_tick(gw);
	h2o_timeout_link(gw->app->loop, &gw->poll_timeout, &gw->poll_entry);
}

/* --- ring buffers ----------------------------------------------------------------- */

static int on_event(void *ctx, void *data, size_t size)
{
	struct gateway *gw = ctx;
	const struct sg_event *ev = data;
	struct client *c;
	char text[MAC_TEXT_LEN];

	if (size < sizeof(*ev) || ev->type != SG_EVENT_STOPPED)
		return 0;
	mac_format(ev->mac.addr, text);
	log_info("gateway", "client stopped by the kernel mac=%s reason=%s up=%llu down=%llu", text,
		 ev->reason == SG_STOP_QUOTA ? "quota" : "expired",
		 (unsigned long long)ev->bytes_up, (unsigned long long)ev->bytes_down);
	c = clients_find(&gw->clients, mac_key(ev->mac.addr));
	if (c) {
		if (c->stop_reported)
			return 0;
		c->stop_reported = 1;
	}
	if (gw->hooks.on_stop)
		gw->hooks.on_stop(gw->hooks.ctx, ev->mac.addr, ev->session_id,
				  (enum gateway_stop)ev->reason);
	return 0;
}

static int on_dns(void *ctx, void *data, size_t size)
{
	garden_learn(ctx, data, size);
	return 0;
}

static void on_ring_ready(h2o_socket_t *sock, const char *err)
{
	struct gateway *gw = sock->data;

	if (!err && gw->rb)
		ring_buffer__consume(gw->rb);
}

static int watch_rings(struct gateway *gw, char *err, size_t errlen)
{
	int fd;

	gw->rb = ring_buffer__new(bpf_map__fd(gw->dp.tc->maps.sg_events), on_event, gw, NULL);
	if (!gw->rb || ring_buffer__add(gw->rb, bpf_map__fd(gw->dp.tc->maps.sg_dns), on_dns, gw)) {
		snprintf(err, errlen, "gateway: ring buffers: %s", strerror(errno));
		return -EIO;
	}
	/* h2o closes the fd it was given; ring_buffer__free closes its own */
	fd = dup(ring_buffer__epoll_fd(gw->rb));
	if (fd < 0) {
		snprintf(err, errlen, "gateway: ring buffers: %s", strerror(errno));
		return -errno;
	}
	gw->rb_sock = h2o_evloop_socket_create(gw->app->loop, fd, H2O_SOCKET_FLAG_DONT_READ);
	gw->rb_sock->data = gw;
	h2o_socket_read_start(gw->rb_sock, on_ring_ready);
	return 0;
}

/* --- start and stop ---------------------------------------------------------------- */

/* libbpf's messages go to our log: its warnings at debug level, since the ones it
 * prints on a restart ("Exclusivity flag on" when clsact exists) are expected. */
static int libbpf_log(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[512];
	size_t n;

	if (level == LIBBPF_DEBUG && log_get_level() > LOG_DEBUG)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[n - 1] = '\0';
	log_debug("libbpf", "%s", line);
	return 0;
}

int gateway_start(struct app *app, struct http_server *srv, h2o_hostconf_t *portal,
		  char *err, size_t errlen)
{
	struct config *cfg = &app->cfg;
	struct gateway *gw = calloc(1, sizeof(*gw));
	struct dataplane_opts opts = {
		.pin_root = cfg->bpf_root,
		.max_clients = (unsigned)cfg->max_clients,
	};
	int e;

	if (!gw)
		return -ENOMEM;
	libbpf_set_print(libbpf_log);
	gw->app = app;
	snprintf(gw->lan, sizeof(gw->lan), "%s", cfg->lan);
	if (dataplane_xdp_parse(cfg->xdp_mode, &gw->xdp)) {
		snprintf(err, errlen, "gateway: [gateway] xdp_mode \"%s\": allowed is off, generic or native",
			 cfg->xdp_mode);
		free(gw);
		return -EINVAL;
	}
	if (dataplane_hook_parse(cfg->tc_hook, &opts.hook)) {
		snprintf(err, errlen, "gateway: [gateway] tc_hook \"%s\": allowed is auto, tcx or clsact",
			 cfg->tc_hook);
		free(gw);
		return -EINVAL;
	}
	if ((e = ensure_bpffs(cfg->bpf_root, err, errlen)) ||
	    (e = dataplane_open(&gw->dp, &opts, err, errlen))) {
		free(gw);
		return e;
	}
	gw->garden_v4_fd = bpf_map__fd(gw->dp.tc->maps.sg_garden_v4);
	gw->garden_v6_fd = bpf_map__fd(gw->dp.tc->maps.sg_garden_v6);
	app->gateway = gw;
	gateway_metrics_start(gw);
	/* lists first, so the deny list is in force before anything is (re)attached */
	if ((e = acl_load(gw)) || (e = garden_load(gw, 0))) {
		snprintf(err, errlen, "gateway: writing the lists into the maps: %s", strerror(-e));
		goto fail;
	}
	if ((e = portal_settings(gw, srv, portal, err, errlen)) || (e = attach(gw, err, errlen)))
		goto fail;
	reconcile(gw);
	gateway_enforcer_register(app);
	if ((e = watch_rings(gw, err, errlen)))
		goto fail;
	h2o_timeout_init(app->loop, &gw->poll_timeout, POLL_MS);
	gw->poll_entry.cb = on_poll_timer;
	h2o_timeout_link(app->loop, &gw->poll_timeout, &gw->poll_entry);
	{
		char p4[INET_ADDRSTRLEN] = "-", p6[INET6_ADDRSTRLEN] = "-";
		static const uint8_t zero[16];

		if (gw->settings.portal_v4)
			inet_ntop(AF_INET, &gw->settings.portal_v4, p4, sizeof(p4));
		if (memcmp(gw->settings.portal_v6, zero, 16))
			inet_ntop(AF_INET6, gw->settings.portal_v6, p6, sizeof(p6));
		log_info("gateway", "data plane on lan=%s wan=%s tc=%s xdp=%s forward=%s pins=%s max_clients=%ld portal=%s,%s port=%u",
			 gw->lan, cfg->wan[0] ? cfg->wan : "-", dataplane_hook_name(gw->dp.hook), cfg->xdp_mode, cfg->forward, cfg->bpf_root,
			 cfg->max_clients, p4, p6,
			 ntohs(gw->settings.portal_port));
	}
	return 0;
fail:
	gateway_stop(app);
	return e;
}

void gateway_stop(struct app *app)
{
	struct gateway *gw = app ? app->gateway : NULL;

	if (!gw)
		return;
	gateway_enforcer_unregister(app);
	if (h2o_timeout_is_linked(&gw->poll_entry)) {
		h2o_timeout_unlink(&gw->poll_entry);
		h2o_timeout_dispose(app->loop, &gw->poll_timeout);
	}
	if (gw->rb_sock)
		h2o_socket_close(gw->rb_sock);
	ring_buffer__free(gw->rb);
	dataplane_close(&gw->dp);
	clients_free(&gw->clients);
	free(gw->domains);
	free(gw);
	app->gateway = NULL;
}

void gateway_set_hooks(struct app *app, const struct gateway_hooks *hooks)
{
	struct gateway *gw = app->gateway;
	struct sg_mac key, next, *prev = NULL;

	if (!gw)
		return;
	gw->hooks = *hooks;
	if (!hooks->on_online)
		return;
	/* whoever registers learns who is online now, whenever it registers */
	while (bpf_map_get_next_key(gw->dp.cfg_fd, prev, &next) == 0) {
		struct sg_client_cfg cfg;
		struct sg_client_cnt cnt = { 0 };

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(gw->dp.cfg_fd, &key, &cfg) || !(cfg.flags & SG_CLIENT_AUTHORIZED) ||
		    (cfg.flags & SG_CLIENT_ALLOWLIST))
			continue;
		dataplane_client_counters(&gw->dp, &key, &cfg, &cnt);
		hooks->on_online(hooks->ctx, key.addr, &cfg, &cnt);
	}
}

/* --- clients ----------------------------------------------------------------------- */

static void fill_cfg(struct sg_client_cfg *cfg, const struct gateway_limits *lim)
{
	cfg->rate_up = lim->rate_up;
	cfg->rate_down = lim->rate_down;
	cfg->budget = lim->budget;
	cfg->end_ns = gateway_epoch_to_ns(lim->until);
	cfg->session_id = lim->session_id;
}

int gateway_authorize(struct app *app, const uint8_t mac[6], const struct gateway_addrs *addrs,
		      const struct gateway_limits *lim)
{
	struct gateway *gw = app->gateway;
	struct sg_client_cfg cfg = { .flags = SG_CLIENT_AUTHORIZED }, old;
	struct sg_mac m;
	struct client *c;
	char text[MAC_TEXT_LEN];
	int e;

	if (!gw)
		return -ENODEV;
	memcpy(m.addr, mac, 6);
	if (bpf_map_lookup_elem(gw->dp.cfg_fd, &m, &old) == 0 && (old.flags & SG_CLIENT_ALLOWLIST))
		return -EPERM;
	if (addrs->any)
		cfg.flags |= SG_CLIENT_ANY_IP;
	cfg.ipv4 = addrs->ipv4;
	for (int i = 0; i < addrs->nipv6 && i < SG_CLIENT_V6_ADDRS; i++)
		memcpy(cfg.ipv6[i], addrs->ipv6[i], 16);
	fill_cfg(&cfg, lim);
	/* usage of a session this one replaces goes out first */
	if ((c = clients_find(&gw->clients, mac_key(mac))) && (c->flags & SG_CLIENT_AUTHORIZED))
		gateway_kick(app, mac, NULL);
	if ((e = dataplane_client_authorize(&gw->dp, &m, &cfg)))
		return e;
	if ((c = clients_get(&gw->clients, mac_key(mac)))) {
		*c = (struct client){ .next = c->next, .key = c->key, .flags = cfg.flags,
				      .idle_timeout = lim->idle_timeout, .session_id = lim->session_id,
				      .since_ns = gateway_now_ns(), .seen_gen = gw->poll_gen };
	}
	mac_format(mac, text);
	log_info("gateway", "client authorized mac=%s budget=%llu until=%lld up=%llu down=%llu", text,
		 (unsigned long long)lim->budget, (long long)lim->until,
		 (unsigned long long)lim->rate_up, (unsigned long long)lim->rate_down);
	return 0;
}

int gateway_update(struct app *app, const uint8_t mac[6], const struct gateway_limits *lim)
{
	struct gateway *gw = app->gateway;
	struct sg_client_cfg cfg;
	struct sg_mac m;
	struct client *c;

	if (!gw)
		return -ENODEV;
	memcpy(m.addr, mac, 6);
	if (bpf_map_lookup_elem(gw->dp.cfg_fd, &m, &cfg) || !(cfg.flags & SG_CLIENT_AUTHORIZED))
		return -ENOENT;
	fill_cfg(&cfg, lim);
	if ((c = clients_find(&gw->clients, mac_key(mac)))) {
		c->idle_timeout = lim->idle_timeout;
		c->session_id = lim->session_id;
	}
	return dataplane_client_update(&gw->dp, &m, &cfg);
}

int gateway_collect(struct app *app, const uint8_t mac[6], uint64_t *up, uint64_t *down)
{
	struct gateway *gw = app->gateway;
	struct sg_client_cnt cnt;
	struct client *c;
	struct sg_mac m;

	*up = *down = 0;
	if (!gw)
		return -ENODEV;
	memcpy(m.addr, mac, 6);
	if (dataplane_client_get(&gw->dp, &m, NULL, &cnt))
		return -ENOENT;
	c = clients_find(&gw->clients, mac_key(mac));
	if (c && (c->flags & SG_CLIENT_AUTHORIZED))
		take_growth(gw, c, &cnt, up, down);
	return 0;
}

int gateway_kick(struct app *app, const uint8_t mac[6], struct sg_client_cnt *last)
{
	struct gateway *gw = app->gateway;
	struct sg_client_cnt cnt;
	struct sg_client_cfg cfg;
	struct client *c;
	struct sg_mac m;
	int e;

	if (!gw)
		return -ENODEV;
	memcpy(m.addr, mac, 6);
	if (bpf_map_lookup_elem(gw->dp.cfg_fd, &m, &cfg) == 0 && (cfg.flags & SG_CLIENT_ALLOWLIST))
		return -EPERM;	/* an allow-list entry is removed with the list */
	if ((e = dataplane_client_remove(&gw->dp, &m, &cnt)))
		return e;
	c = clients_find(&gw->clients, mac_key(mac));
	if (c && (c->flags & SG_CLIENT_AUTHORIZED)) {
		uint64_t up, down;

		take_growth(gw, c, &cnt, &up, &down);
		if ((up || down) && gw->hooks.on_usage)
			gw->hooks.on_usage(gw->hooks.ctx, mac, c->session_id, up, down,
					   gateway_ns_to_epoch(cnt.last_seen_ns));
	}
	clients_remove(&gw->clients, mac_key(mac));
	if (last)
		*last = cnt;
	return 0;
}

static void to_client(struct gateway *gw, const struct sg_mac *m, const struct sg_client_cfg *cfg,
		      struct gateway_client *out)
{
	struct client *c = clients_find(&gw->clients, mac_key(m->addr));

	memset(out, 0, sizeof(*out));
	memcpy(out->mac, m->addr, 6);
	out->cfg = *cfg;
	dataplane_client_counters(&gw->dp, m, cfg, &out->cnt);
	out->until = gateway_ns_to_epoch(cfg->end_ns);
	out->last_seen = gateway_ns_to_epoch(out->cnt.last_seen_ns);
	out->idle_timeout = c && c->idle_timeout ? c->idle_timeout : (uint32_t)gw->app->cfg.idle_timeout;
	if (cfg->flags & SG_CLIENT_ALLOWLIST)
		out->idle_timeout = 0;
}

int gateway_client_get(struct app *app, const uint8_t mac[6], struct gateway_client *out)
{
	struct gateway *gw = app->gateway;
	struct sg_client_cfg cfg;
	struct sg_mac m;

	if (!gw)
		return -ENODEV;
	memcpy(m.addr, mac, 6);
	if (bpf_map_lookup_elem(gw->dp.cfg_fd, &m, &cfg))
		return -ENOENT;
	to_client(gw, &m, &cfg, out);
	return 0;
}

int gateway_clients_each(struct app *app, void (*fn)(const struct gateway_client *c, void *arg),
			 void *arg)
{
	struct gateway *gw = app->gateway;
	struct sg_mac key, next, *prev = NULL;
	struct gateway_client gc;

	if (!gw)
		return -ENODEV;
	while (bpf_map_get_next_key(gw->dp.cfg_fd, prev, &next) == 0) {
		struct sg_client_cfg cfg;

		key = next;
		prev = &key;
		if (bpf_map_lookup_elem(gw->dp.cfg_fd, &key, &cfg))
			continue;
		to_client(gw, &key, &cfg, &gc);
		fn(&gc, arg);
	}
	return 0;
}

int gateway_neigh_ipv4(const uint8_t mac[6], uint32_t *ipv4)
{
	FILE *f = fopen("/proc/net/arp", "r");
	char line[256], ip[64], hw[64];
	unsigned flags;
	uint8_t m[6];
	int rc = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		/* IP address  HW type  Flags  HW address  Mask  Device */
		if (sscanf(line, "%63s %*s %x %63s", ip, &flags, hw) != 3 || !(flags & 0x2))
			continue;
		if (mac_parse(hw, m) == 0 && !memcmp(m, mac, 6) && inet_pton(AF_INET, ip, ipv4) == 1) {
			rc = 0;
			break;
		}
	}
	fclose(f);
	return rc;
}
