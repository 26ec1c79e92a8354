/* gateway: what its files share. Not for other modules: they use gateway.h. */
#ifndef SPOTGATE_GATEWAY_INTERNAL_H
#define SPOTGATE_GATEWAY_INTERNAL_H

#include "dataplane/dataplane.h"
#include "dns/dns.h"
#include "gateway/gateway.h"
#include "metrics/metrics.h"

struct ring_buffer;

/* What the gateway remembers about a client beyond the maps: the baseline for usage
 * deltas, the idle timeout, whether its stop was reported. Lost on restart and rebuilt
 * from the maps (baseline = the counters then). */
struct client {
	struct client *next;
	uint64_t key;			/* the MAC as a 48-bit number */
	uint32_t slot;			/* its counters' slot as last polled, 0: not yet */
	uint32_t flags;			/* sg_client_cfg.flags, cached */
	uint32_t idle_timeout;		/* seconds, 0 = the [gateway] default */
	uint64_t session_id;
	uint64_t since_ns;		/* authorized (or found) at, boot ns */
	uint64_t base_up, base_down;	/* counters at the last poll */
	uint64_t seen_gen;
	int stop_reported;
};

struct client_table {
	struct client **buckets;
	size_t nbuckets;		/* a power of two */
	size_t count;
	/* the poll's way in: by counter slot, one memory access where the hash takes two */
	struct client **by_slot;
	uint32_t nslots;
};

struct gateway {
	struct app *app;
	struct dataplane dp;
	enum dataplane_xdp xdp;
	char lan[16];
	struct sg_settings settings;
	struct gateway_hooks hooks;
	struct client_table clients;
	uint64_t poll_gen;
	h2o_timeout_t poll_timeout;
	h2o_timeout_entry_t poll_entry;
	struct ring_buffer *rb;
	h2o_socket_t *rb_sock;
	/* walled garden domains ("*.example.com"), from the database */
	char (*domains)[DNS_NAME_MAX];
	int ndomains;
	uint64_t next_sweep_ns;
	int garden_v4_fd, garden_v6_fd;
	/* for /metrics (metrics.c): authorized guests' bytes as polled, poll durations */
	uint64_t bytes_up, bytes_down;
	struct metrics_histogram poll_duration;
};

uint64_t mac_key(const uint8_t mac[6]);
void mac_from_key(uint64_t key, uint8_t mac[6]);

struct client *clients_find(struct client_table *t, uint64_t key);
/* Finds or adds (zeroed but for key); NULL when out of memory. */
struct client *clients_get(struct client_table *t, uint64_t key);
/* The client at a counter slot, as clients_find, remembered there for the next poll. */
struct client *clients_at(struct client_table *t, uint32_t slot, uint64_t key);
void clients_remove(struct client_table *t, uint64_t key);
/* Removes entries not seen in generation gen, except allow-listed ones. */
void clients_sweep(struct client_table *t, uint64_t gen);
void clients_free(struct client_table *t);

/* garden.c */
void garden_learn(struct gateway *gw, const struct sg_dns_msg *msg, size_t size);
/* Deletes learned entries that have expired (all learned ones when all is set). */
void garden_sweep(struct gateway *gw, int all);
int garden_load(struct gateway *gw, int flush_learned);

/* enforce.c */
void gateway_enforcer_register(struct app *app);
void gateway_enforcer_unregister(struct app *app);

/* acl.c */
int acl_load(struct gateway *gw);

/* metrics.c: sets up the poll histogram and registers the collector (map entries,
 * poll duration) with app->metrics, when there is one. */
void gateway_metrics_start(struct gateway *gw);

#endif
