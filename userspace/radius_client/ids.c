#include "radius_client/ids.h"

#include <errno.h>
#include <string.h>

void radius_ids_init(struct radius_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
}

int radius_ids_alloc(struct radius_ids *ids, void *owner)
{
	if (!owner)
		return -EINVAL;
	if (radius_ids_full(ids))
		return -EBUSY;
	for (unsigned i = 0; i < RADIUS_IDS; i++) {
		uint8_t id = (uint8_t)(ids->next + i);

		if (!ids->owner[id]) {
			ids->owner[id] = owner;
			ids->used++;
			ids->next = (uint8_t)(id + 1);
			return id;
		}
	}
	return -EBUSY;	/* not reached: used counts the taken slots */
}

void radius_ids_release(struct radius_ids *ids, uint8_t id)
{
	if (!ids->owner[id])
		return;
	ids->owner[id] = NULL;
	ids->used--;
}

void *radius_ids_owner(const struct radius_ids *ids, uint8_t id)
{
	return ids->owner[id];
}
