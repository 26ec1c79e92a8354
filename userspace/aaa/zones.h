/* Each location's time zone, for the billing core: "until end of day",
 * calendar-month cycles and time-of-day rates follow the venue's clock.
 * Zones are loaded once and again only when a location's zone name changes
 * (the name is read on each call: one cached SQLite lookup), so an admin's
 * edit takes effect on the next login without any signal. */
#ifndef SPOTGATE_AAA_ZONES_H
#define SPOTGATE_AAA_ZONES_H

#include <stdint.h>

struct zone_cache;
struct tz;
struct app;

struct zone_cache *zone_cache_new(void);
void zone_cache_free(struct zone_cache *c);

/* The zone of location_id; NULL (= UTC for the billing core) when the
 * location is unknown or its zone cannot be loaded, which is logged. */
const struct tz *aaa_zone(struct app *app, int64_t location_id);

#endif
