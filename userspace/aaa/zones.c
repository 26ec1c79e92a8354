#include "aaa/zones.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "billing/tz.h"
#include "common/log.h"
#include "store/db.h"

#define ZONE_SLOTS 32

struct zone_slot {
	int64_t location_id;	/* 0 = empty */
	char name[64];
	struct tz *zone;
};

struct zone_cache {
	struct zone_slot slot[ZONE_SLOTS];
	unsigned next;
};

struct zone_cache *zone_cache_new(void)
{
	return calloc(1, sizeof(struct zone_cache));
}

void zone_cache_free(struct zone_cache *c)
{
	if (!c)
		return;
	for (unsigned i = 0; i < ZONE_SLOTS; i++)
		tz_free(c->slot[i].zone);
	free(c);
}

static int zone_name(sqlite3 *db, int64_t location_id, char *name, size_t size)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT timezone FROM locations WHERE id = ?", &st) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, location_id);
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -1;
	if (rc == 0)
		snprintf(name, size, "%s", sqlite3_column_text(st, 0));
	db_release(st);
	return rc;
}

const struct tz *aaa_zone(struct app *app, int64_t location_id)
{
	struct zone_cache *c = app->zones;
	struct zone_slot *s = NULL;
	char name[64], err[256];

	if (!c || zone_name(app->db, location_id, name, sizeof(name)) != 0)
		return NULL;
	for (unsigned i = 0; i < ZONE_SLOTS; i++)
		if (c->slot[i].location_id == location_id)
			s = &c->slot[i];
	if (s && !strcmp(s->name, name))
		return s->zone;
	if (!s) {
		s = &c->slot[c->next];
		c->next = (c->next + 1) % ZONE_SLOTS;
	}
	tz_free(s->zone);
	*s = (struct zone_slot){ .location_id = location_id };
	snprintf(s->name, sizeof(s->name), "%s", name);
	if (tz_load(name, &s->zone, err, sizeof(err)) != 0)
		log_error("aaa", "location %lld: cannot load its time zone, using UTC: %s", (long long)location_id,
			  err);
	return s->zone;
}
