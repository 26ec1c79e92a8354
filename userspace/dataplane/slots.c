/* dataplane: counter slots. See slots.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dataplane/slots.h"

int slots_init(struct slot_table *t, uint32_t n)
{
	*t = (struct slot_table){ .n = n };
	if (n < 2)
		return -EINVAL;
	t->mac = calloc(n, sizeof(*t->mac));
	t->used = calloc(n, sizeof(*t->used));
	t->queue = calloc(n - 1, sizeof(*t->queue));
	if (!t->mac || !t->used || !t->queue) {
		slots_destroy(t);
		return -ENOMEM;
	}
	t->used[0] = true;	/* "none": never handed out */
	return 0;
}

void slots_destroy(struct slot_table *t)
{
	free(t->mac);
	free(t->used);
	free(t->queue);
	*t = (struct slot_table){ 0 };
}

int slots_claim(struct slot_table *t, uint32_t slot, const struct sg_mac *mac)
{
	if (slot == 0 || slot >= t->n)
		return -ERANGE;
	if (t->used[slot])
		return -EEXIST;
	t->used[slot] = true;
	t->mac[slot] = *mac;
	return 0;
}

static void enqueue(struct slot_table *t, uint32_t slot)
{
	t->queue[(t->head + t->free) % (t->n - 1)] = slot;
	t->free++;
}

void slots_ready(struct slot_table *t)
{
	t->head = t->free = 0;
	for (uint32_t s = 1; s < t->n; s++)
		if (!t->used[s])
			enqueue(t, s);
}

int slots_take(struct slot_table *t, const struct sg_mac *mac, uint32_t *slot)
{
	uint32_t s;

	if (!t->free)
		return -ENOSPC;
	s = t->queue[t->head];
	t->head = (t->head + 1) % (t->n - 1);
	t->free--;
	t->used[s] = true;
	t->mac[s] = *mac;
	*slot = s;
	return 0;
}

void slots_put(struct slot_table *t, uint32_t slot)
{
	if (slot == 0 || slot >= t->n || !t->used[slot])
		return;
	t->used[slot] = false;
	memset(&t->mac[slot], 0, sizeof(t->mac[slot]));
	enqueue(t, slot);
}

bool slots_owned(const struct slot_table *t, uint32_t slot, const struct sg_mac *mac)
{
	return slot != 0 && slot < t->n && t->used[slot] && !memcmp(&t->mac[slot], mac, sizeof(*mac));
}

uint32_t slots_used(const struct slot_table *t)
{
	return t->n ? t->n - 1 - t->free : 0;
}
