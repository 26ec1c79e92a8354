/* Time zones: UTC instants <-> local civil time for an IANA zone.
 *
 * We read the TZif file (RFC 8536) ourselves into a caller-owned struct tz,
 * including the POSIX TZ rule in its footer for instants after the last
 * stored transition. No setenv("TZ")/tzset: nothing global is touched, so a
 * loaded zone can be used from any thread and every conversion is a pure
 * function of (zone, input). Only tz_load() does I/O.
 *
 * A NULL zone means UTC everywhere in the billing core. */
#ifndef SPOTGATE_BILLING_TZ_H
#define SPOTGATE_BILLING_TZ_H

#include <stddef.h>
#include <stdint.h>

#include "billing/civil.h"

#define TZ_DIR "/usr/share/zoneinfo"

struct tz;

/* Loads zone `name` ("Europe/Berlin", "UTC") from TZ_DIR. Names with "..",
 * a leading '/' or odd characters are refused. Returns 0 or -errno with a
 * message in err; *out is freed with tz_free(). */
int tz_load(const char *name, struct tz **out, char *err, size_t errlen);
/* The same from an explicit TZif file (tests, other tzdata locations). */
int tz_load_file(const char *path, const char *name, struct tz **out, char *err, size_t errlen);
void tz_free(struct tz *zone);
const char *tz_name(const struct tz *zone);

/* Seconds east of UTC in effect at the instant utc (+3600 for CET). */
int32_t tz_offset_at(const struct tz *zone, int64_t utc);

/* The local wall-clock time at the instant utc. */
void tz_to_local(const struct tz *zone, int64_t utc, struct civil *out);

/* The instant at which the wall clock shows `local`. A time that does not
 * exist (skipped by a spring-forward) is read with the offset before the gap,
 * so 02:30 on Berlin's spring-forward day is 03:30 CEST (01:30 UTC). A time
 * that happens twice (fall-back) gives the earlier instant. */
int64_t tz_from_local(const struct tz *zone, const struct civil *local);

/* The instant of the next local midnight strictly after utc: the end of
 * utc's local day (23, 24 or 25 hours after its start). */
int64_t tz_end_of_day(const struct tz *zone, int64_t utc);
/* The instant of the local midnight that starts utc's day. */
int64_t tz_start_of_day(const struct tz *zone, int64_t utc);

#endif
