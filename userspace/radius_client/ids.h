/* The 256 RADIUS Identifiers of one client socket. An Identifier is never
 * handed out twice while its request is outstanding; allocation walks on from
 * the last one handed out, so a released Identifier comes back as late as
 * possible and a late answer to an old request rarely meets a new request
 * with the same Identifier (it would fail verification anyway: the
 * authenticators differ). */
#ifndef SPOTGATE_RADIUS_CLIENT_IDS_H
#define SPOTGATE_RADIUS_CLIENT_IDS_H

#include <stdbool.h>
#include <stdint.h>

#define RADIUS_IDS 256

struct radius_ids {
	void *owner[RADIUS_IDS];	/* the request holding each Identifier, NULL when free */
	uint16_t used;
	uint8_t next;			/* where the next search starts */
};

void radius_ids_init(struct radius_ids *ids);
/* A free Identifier now held by `owner` (not NULL), or -EBUSY when all 256
 * are outstanding, -EINVAL without an owner. */
int radius_ids_alloc(struct radius_ids *ids, void *owner);
void radius_ids_release(struct radius_ids *ids, uint8_t id);
/* Who holds `id`, NULL when nobody does. */
void *radius_ids_owner(const struct radius_ids *ids, uint8_t id);

static inline bool radius_ids_full(const struct radius_ids *ids)
{
	return ids->used >= RADIUS_IDS;
}

#endif
