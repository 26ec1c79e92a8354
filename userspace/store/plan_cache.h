/* Plans as loaded, kept in memory. Every login and accounting request reads
 * its account's plan, which seldom changes: the row and its parsed terms were
 * a tenth of an interim update.
 *
 * Any write to plans or plan_versions on the connection (SQLite's update hook,
 * whatever statement made it), any rollback on it, and any commit by
 * another connection (PRAGMA data_version) empty it. A write undone by
 * ROLLBACK TO a savepoint has no hook; plans are written only by the admin
 * API's plan calls, which read no plan through the cache. */
#ifndef SPOTGATE_PLAN_CACHE_H
#define SPOTGATE_PLAN_CACHE_H

#include <sqlite3.h>
#include <stdint.h>

#include "billing/plan.h"
#include "store/plan.h"

struct plan_cache;

/* Takes db's update and rollback hooks. NULL when out of memory. */
struct plan_cache *plan_cache_new(sqlite3 *db);
/* Gives the hooks back. */
void plan_cache_free(struct plan_cache *c);

/* plan_load (store/plan.h) through the cache, which is db's (or NULL: none). */
int plan_cache_load(struct plan_cache *c, sqlite3 *db, int64_t id, uint32_t version, struct plan *out,
		    struct plan_meta *meta);

/* Loads answered from memory and from the database, since c was made (tests). */
void plan_cache_stats(const struct plan_cache *c, uint64_t *hits, uint64_t *misses);

#endif
