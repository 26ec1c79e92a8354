/* gateway: the data plane inside spotgated (gateway mode, --lan IFACE).
 *
 * At start-up it mounts the bpf filesystem when /sys/fs/bpf is bare, loads the
 * programs with their maps pinned under [gateway] bpf_root (reusing maps pinned there
 * by an earlier run, so online guests and their counters survive a restart), attaches
 * tc and XDP ([gateway] xdp_mode) to the LAN interface, points the portal redirect at
 * the portal listener, and writes the allow/deny lists and the walled garden from the
 * database into the maps. The maps are the authority for who is online: clients found
 * there are kept, and reported to the session layer's on_online hook.
 *
 * On the event loop it then polls the counters every second (batch lookups), hands
 * the growth since the last poll to on_usage, ends idle sessions ([gateway]
 * idle_timeout or the session's own), and reads two ring buffers: stops the kernel
 * made (quota, expiry) -> on_stop, and DNS answers -> walled-garden addresses for the
 * garden's domains.
 *
 * The session layer calls gateway_authorize/update/kick; with no hooks registered
 * usage just stays in the maps (spotctl client list shows it). Every function taking
 * an app returns -ENODEV when the daemon runs without a data plane. */
#ifndef SPOTGATE_GATEWAY_H
#define SPOTGATE_GATEWAY_H

#include <h2o.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "http/server.h"
#include "spotgate/maps.h"

/* What a session may use. */
struct gateway_limits {
	uint64_t budget;		/* bytes up + down for the session, 0 = unlimited */
	int64_t until;			/* UTC epoch seconds the session ends, 0 = never */
	uint64_t rate_up;		/* bit/s, 0 = unlimited */
	uint64_t rate_down;
	uint32_t idle_timeout;		/* seconds, 0 = [gateway] idle_timeout */
	uint64_t session_id;		/* opaque; copied into stop events and hooks */
};

/* The source addresses a client may use (anti-spoofing). */
struct gateway_addrs {
	uint32_t ipv4;			/* network byte order, 0 = none */
	uint8_t ipv6[SG_CLIENT_V6_ADDRS][16];
	int nipv6;
	int any;			/* any source address: no anti-spoofing */
};

enum gateway_stop {
	GATEWAY_STOP_QUOTA = SG_STOP_QUOTA,	/* the kernel stopped it: budget used up */
	GATEWAY_STOP_EXPIRED = SG_STOP_EXPIRED,	/* the kernel stopped it: end time */
	GATEWAY_STOP_IDLE = 3,			/* no packet for idle_timeout; removed */
};

/* Hooks for the session layer; each may be NULL. Called on the event loop. */
struct gateway_hooks {
	void *ctx;
	/* bytes since the last call (up: client -> network), and when the client last
	 * sent a packet (UTC epoch seconds, 0 = not yet) */
	void (*on_usage)(void *ctx, const uint8_t mac[6], uint64_t session_id, uint64_t up,
			 uint64_t down, int64_t last_seen);
	/* once per stop; quota/expiry clients stay in the maps (handled as unauthorized
	 * until updated or kicked); idle ones have been removed */
	void (*on_stop)(void *ctx, const uint8_t mac[6], uint64_t session_id,
			enum gateway_stop reason);
	/* for every authorized client in the maps when the hooks are registered (after a
	 * restart: the ones found in the pinned maps), with its counters so far: the
	 * place to match it with the session in the database */
	void (*on_online)(void *ctx, const uint8_t mac[6], const struct sg_client_cfg *cfg,
			  const struct sg_client_cnt *cnt);
};

/* A client as the maps see it, for listing. */
struct gateway_client {
	uint8_t mac[6];
	struct sg_client_cfg cfg;
	struct sg_client_cnt cnt;	/* zero when the client has no counters yet */
	int64_t until;			/* cfg.end_ns as UTC epoch seconds, 0 = never */
	int64_t last_seen;		/* cnt.last_seen_ns as UTC epoch seconds, 0 = never */
	uint32_t idle_timeout;		/* in effect, seconds, 0 = none */
};

/* Starts the data plane on cfg.lan; sets app->gateway. srv and portal are the HTTP
 * server and portal host: with [portal] listen empty, the portal is served on the LAN
 * addresses, port 80. 0 or -errno with the reason in err. */
int gateway_start(struct app *app, struct http_server *srv, h2o_hostconf_t *portal,
		  char *err, size_t errlen);
/* Stops polling and closes file descriptors; pins and attachments stay, so traffic
 * keeps its policy until the next start. NULL-safe. */
void gateway_stop(struct app *app);

void gateway_set_hooks(struct app *app, const struct gateway_hooks *hooks);
/* One poll tick now (the loop runs one every second): counters -> on_usage, stops,
 * idle sessions, expired garden addresses. */
void gateway_poll(struct app *app);

/* A new session for mac: counters from zero. -EPERM when mac is on the allow list. */
int gateway_authorize(struct app *app, const uint8_t mac[6], const struct gateway_addrs *addrs,
		      const struct gateway_limits *lim);
/* New limits for a running session; addresses and counters kept. -ENOENT if none. */
int gateway_update(struct app *app, const uint8_t mac[6], const struct gateway_limits *lim);
/* The growth of a client's counters since the last poll, taken now (the next poll
 * counts from here; on_usage is not called): for a stop that must be billed up to
 * its last byte. -ENOENT when mac has no counters. */
int gateway_collect(struct app *app, const uint8_t mac[6], uint64_t *up, uint64_t *down);
/* Ends the session: no more traffic, final counters in *last (may be NULL); the
 * growth since the last poll goes to on_usage first. -ENOENT if there was none. */
int gateway_kick(struct app *app, const uint8_t mac[6], struct sg_client_cnt *last);

/* One client / every client in the config map. -ENOENT when mac has no entry. */
int gateway_client_get(struct app *app, const uint8_t mac[6], struct gateway_client *out);
int gateway_clients_each(struct app *app, void (*fn)(const struct gateway_client *c, void *arg),
			 void *arg);

/* The IPv4 address the LAN's neighbour table has for mac; -ENOENT when none. */
int gateway_neigh_ipv4(const uint8_t mac[6], uint32_t *ipv4);

/* Re-reads the allow/deny lists or the walled garden from the database into the
 * maps. Called by the API after each change; 0 when there is no data plane. */
int gateway_acl_sync(struct app *app);
int gateway_garden_sync(struct app *app);

/* Hit counters of a list entry or garden entry as the maps have them; -ENOENT when
 * there is no data plane or no entry. value is canonical (mac or CIDR). */
int gateway_acl_hits(struct app *app, int deny, const char *value, struct sg_acl_hits *out);
/* Learned walled-garden addresses (from DNS) and their expiry, for listing. */
int gateway_garden_learned(struct app *app,
			   void (*fn)(int family, const uint8_t *addr, int64_t expires, void *arg),
			   void *arg);

/* Billing's session_limits (what is left) as map limits (totals for the session so
 * far, which has used `used` bytes): budget = used + bytes left, end = the earlier of
 * now + seconds left and end_at. With gateway_start() the gateway registers itself as
 * app->local, the enforcer the session layer calls, unless something else did. */
struct session_limits;
void gateway_limits_from_session(const struct session_limits *l, uint64_t used, int64_t now,
				 uint64_t session_id, struct gateway_limits *out);

/* Bytes of authorized guests the counter polls (and kicks) have counted since this
 * daemon started; for spotgate_guest_bytes_total. -ENODEV without a data plane. */
int gateway_guest_bytes(struct app *app, uint64_t *up, uint64_t *down);

/* Time at the edge: CLOCK_MONOTONIC ns (maps) <-> UTC epoch seconds (database). */
uint64_t gateway_now_ns(void);
uint64_t gateway_epoch_to_ns(int64_t epoch);
int64_t gateway_ns_to_epoch(uint64_t ns);

#endif
