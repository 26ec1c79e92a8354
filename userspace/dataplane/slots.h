/* The counter slots of the data plane (sg_client_cfg.slot, include/spotgate/maps.h):
 * which are taken, and by which MAC. Slot 0 means "none" and is never handed out.
 * Freed slots go to the back of the queue, so a packet still counting into the slot
 * of a client that just left lands in a slot nobody has taken again. Memory only. */
#ifndef SPOTGATE_DATAPLANE_SLOTS_H
#define SPOTGATE_DATAPLANE_SLOTS_H

#include <stdbool.h>
#include <stdint.h>
#include "spotgate/maps.h"

struct slot_table {
	uint32_t n;		/* slots, 0 included */
	struct sg_mac *mac;	/* the owner of each slot taken */
	bool *used;
	uint32_t *queue;	/* free slots, a ring of n - 1 */
	uint32_t head, free;
};

/* n slots, all free and none queued yet: claim the ones in use, then slots_ready().
 * -EINVAL for n < 2, -ENOMEM. */
int slots_init(struct slot_table *t, uint32_t n);
void slots_destroy(struct slot_table *t);
/* Marks slot as mac's (rebuilding the table from the config map). -ERANGE for 0 or
 * past the end, -EEXIST when another entry has it already. */
int slots_claim(struct slot_table *t, uint32_t slot, const struct sg_mac *mac);
/* Queues every slot not claimed, lowest first. */
void slots_ready(struct slot_table *t);

/* The next free slot for mac; -ENOSPC when all are taken. */
int slots_take(struct slot_table *t, const struct sg_mac *mac, uint32_t *slot);
/* Gives slot back (to the end of the queue); a slot not taken is ignored. */
void slots_put(struct slot_table *t, uint32_t slot);
/* Whether slot is taken by mac. */
bool slots_owned(const struct slot_table *t, uint32_t slot, const struct sg_mac *mac);
uint32_t slots_used(const struct slot_table *t);

#endif
