/* What one running spotgated holds: its configuration, its database and its
 * event loop. Created in daemon/main.c and handed to every module. */
#ifndef SPOTGATE_APP_H
#define SPOTGATE_APP_H

#include <h2o.h>
#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

#include "config/config.h"

struct app;
struct radius_server;
struct gateway;
struct portal;
struct remote_aaa;
struct usage_feed;
struct metrics;
struct tz;
struct session_limits;
struct sites_log;
struct plan_cache;

/* A running session as the enforcement side knows it. */
struct session_ref {
	int64_t session_id;
	int64_t account_id;
	int64_t nas_id;			/* 0 = this gateway's own data plane */
	char mac[18];			/* aa:bb:cc:dd:ee:ff, or "" */
	char ip[46];
	char acct_session_id[64];	/* the NAS's, for Disconnect/CoA */
	char nas_addr[64];		/* the NAS's address, for Disconnect/CoA */
	char username[64];
};

/* What enforces billing's decisions on one side (the local data plane, or
 * RADIUS Disconnect/CoA to a NAS); registered at start-up, may be absent. */
struct enforcer {
	void *ctx;
	void (*disconnect)(struct app *app, const struct session_ref *s, int stop_cause);
	void (*update)(struct app *app, const struct session_ref *s, const struct session_limits *l);
};

struct app {
	struct config cfg;
	sqlite3 *db;
	h2o_evloop_t *loop;
	time_t started_at;
	/* bumped by every change to nas_clients, so the RADIUS server reloads */
	uint64_t nas_generation;
	struct radius_server *radius;	/* NULL when the RADIUS server is off */
	struct gateway *gateway;	/* the data plane; NULL without --lan */
	struct metrics *metrics;	/* /metrics registry (metrics/metrics.h); NULL in unit tests */
	struct tz *zone;		/* the location's time zone (NULL = UTC) */
	struct plan_cache *plans;	/* plans as loaded (store/plan_cache.h); NULL = none */
	struct parse_cache *accounts;	/* parsed account states, likewise */
	struct parse_cache *sessions;	/* parsed session states, likewise */
	struct zone_cache *zones;	/* each location's time zone (aaa/zones.h) */
	struct group_commit *commit;	/* this turn's writes (app/group_commit.h); NULL in unit tests */
	struct sites_log *sites;	/* the sites-visited log; NULL when not kept */
	uint64_t guest_logins[8][2];	/* by enum login_method (aaa.h): rejected, accepted */
	struct enforcer local;		/* sessions on this gateway's data plane */
	struct enforcer nas;		/* sessions on external NAS devices */
	struct portal *portal;		/* the guest portal (portal/portal.h); NULL without one */
	struct remote_aaa *remote_aaa;	/* [aaa] mode = radius (remote_aaa/remote_aaa.h); else NULL */
	struct usage_feed *usage_feed;	/* the data plane's usage to billing (usage_feed/); NULL without one */
};

#endif
