#include "store/plan_cache.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/stmt_cache.h"

/* a venue has a handful of plans, an ISP some dozens: direct-mapped by
 * (id, version), a collision replaces the older */
#define SLOTS 64

struct entry {
	bool used;
	int64_t id;
	uint32_t version;	/* as asked for: 0 is the current one */
	struct plan plan;
	struct plan_meta meta;
};

struct plan_cache {
	sqlite3 *db;
	bool stale;		/* a plan was written, or a transaction rolled back */
	int64_t data_version;	/* other connections' commits, when last looked */
	uint64_t hits, misses;
	struct entry slots[SLOTS];
};

static void on_update(void *arg, int op, const char *db_name, const char *table, sqlite3_int64 rowid)
{
	struct plan_cache *c = arg;

	(void)op;
	(void)db_name;
	(void)rowid;
	if (table[0] == 'p' && (!strcmp(table, "plans") || !strcmp(table, "plan_versions")))
		c->stale = true;
}

static void on_rollback(void *arg)
{
	struct plan_cache *c = arg;

	c->stale = true;
}

struct plan_cache *plan_cache_new(sqlite3 *db)
{
	struct plan_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->db = db;
	c->data_version = -1;
	sqlite3_update_hook(db, on_update, c);
	sqlite3_rollback_hook(db, on_rollback, c);
	return c;
}

void plan_cache_free(struct plan_cache *c)
{
	if (!c)
		return;
	sqlite3_update_hook(c->db, NULL, NULL);
	sqlite3_rollback_hook(c->db, NULL, NULL);
	free(c);
}

static int64_t data_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (db_prepare(db, "PRAGMA data_version", &st) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	db_release(st);
	return v;
}

/* empties the cache when what it holds may have changed */
static bool cache_usable(struct plan_cache *c)
{
	int64_t v = data_version(c->db);

	if (v < 0)
		return false;
	if (c->stale || v != c->data_version) {
		memset(c->slots, 0, sizeof(c->slots));
		c->stale = false;
		c->data_version = v;
	}
	return true;
}

int plan_cache_load(struct plan_cache *c, sqlite3 *db, int64_t id, uint32_t version, struct plan *out,
		    struct plan_meta *meta)
{
	struct plan_meta m;
	struct entry *e;
	int rc;

	if (!c || c->db != db || !cache_usable(c))
		return plan_load(db, id, version, out, meta);
	e = &c->slots[((uint64_t)id * 31 + version) % SLOTS];
	if (e->used && e->id == id && e->version == version) {
		c->hits++;
		*out = e->plan;
		if (meta)
			*meta = e->meta;
		return 0;
	}
	c->misses++;
	rc = plan_load(db, id, version, out, &m);
	if (rc)
		return rc;
	/* a write during the load (none is made) would have marked it stale */
	*e = (struct entry){ .used = true, .id = id, .version = version, .plan = *out, .meta = m };
	if (meta)
		*meta = m;
	return 0;
}

void plan_cache_stats(const struct plan_cache *c, uint64_t *hits, uint64_t *misses)
{
	*hits = c->hits;
	*misses = c->misses;
}
