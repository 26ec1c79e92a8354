/* Locations in requests (api/locations.c). A location is named by its id or
 * its name; an operator works for one location and is held to it: what
 * belongs to another is as unknown to them as what does not exist, and
 * naming another location outright gets a 403. */
#ifndef SPOTGATE_API_LOCATIONS_H
#define SPOTGATE_API_LOCATIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "api/api.h"

/* The location the body's field names. Absent: the operator's own, else
 * *out is left as it was (the caller's default). 0, or -errno after filling
 * reply: 400 for an unknown location, 403 for an operator naming another. */
int api_body_location(struct api_call *call, struct api_reply *reply, const char *field, int64_t *out);

/* ?location= for lists: *out = 0 (every location) when absent; an operator
 * always gets their own. 0, or -errno after filling reply as above. */
int api_query_location(struct api_call *call, struct api_reply *reply, int64_t *out);

/* Whether the caller may see what belongs to location_id. */
bool api_location_visible(const struct api_call *call, int64_t location_id);

#endif
