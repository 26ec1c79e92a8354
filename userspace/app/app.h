/* What one running spotgated holds: its configuration, its database and its
 * event loop. Created in daemon/main.c and handed to every module. */
#ifndef SPOTGATE_APP_H
#define SPOTGATE_APP_H

#include <h2o.h>
#include <sqlite3.h>
#include <stdint.h>
#include <time.h>

#include "config/config.h"

struct radius_server;

struct app {
	struct config cfg;
	sqlite3 *db;
	h2o_evloop_t *loop;
	time_t started_at;
	/* bumped by every change to nas_clients, so the RADIUS server reloads */
	uint64_t nas_generation;
	struct radius_server *radius;	/* NULL when the RADIUS server is off */
};

#endif
