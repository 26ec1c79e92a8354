/* Plans in the database. A plan row holds what may change in place (name,
 * code, flags); each version's terms are frozen in plan_versions once a
 * voucher or account uses them, so an edit of the terms then becomes the
 * next version and existing tickets keep theirs. */
#ifndef SPOTGATE_STORE_PLAN_H
#define SPOTGATE_STORE_PLAN_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "billing/plan.h"

struct plan_meta {
	int64_t location_id;
	bool sold_on_portal;
	uint32_t current_version;
	int64_t created_at;
	int64_t retired_at;	/* 0 = live */
};

/* Inserts plan p (terms already validated) as version 1; sets p->id.
 * -EEXIST when a live plan of that name exists at the location. */
int plan_insert(sqlite3 *db, struct plan *p, const struct plan_meta *meta, int64_t now);

/* Loads a version (0 = current) with the row's name, code and flags.
 * -ENOENT when there is no such plan or version. */
int plan_load(sqlite3 *db, int64_t id, uint32_t version, struct plan *out, struct plan_meta *meta);


/* Writes an edit of the current version. Terms that differ and are in use
 * become version current+1 (*new_version = true); otherwise the row and the
 * current version are updated in place. */
int plan_update(sqlite3 *db, struct plan *edited, const struct plan_meta *meta, int64_t now,
		bool *new_version);

/* Retires a plan: no new vouchers or accounts, existing ones keep working. */
int plan_retire(sqlite3 *db, int64_t id, int64_t now);

/* A live plan id by exact name; -ENOENT. */
int plan_find_name(sqlite3 *db, int64_t location_id, const char *name, int64_t *id);

/* Plan ids ordered by name, live only unless with_retired, of one location
 * (0 = every location), from offset at most limit; *total counts them all. */
int plan_list(sqlite3 *db, bool with_retired, int64_t location_id, int64_t offset, int64_t limit, int64_t *ids,
	      size_t *n, int64_t *total);

/* Whether any voucher or account uses this version. */
bool plan_version_in_use(sqlite3 *db, int64_t id, uint32_t version);

#endif
