/* The gateway's per-client memory: a chained hash table keyed by MAC. */
#include <stdlib.h>
#include <string.h>

#include "gateway/internal.h"

uint64_t mac_key(const uint8_t mac[6])
{
	uint64_t k = 0;

	for (int i = 0; i < 6; i++)
		k = k << 8 | mac[i];
	return k;
}

void mac_from_key(uint64_t key, uint8_t mac[6])
{
	for (int i = 5; i >= 0; i--, key >>= 8)
		mac[i] = (uint8_t)key;
}

static size_t slot(const struct client_table *t, uint64_t key)
{
	/* MACs of one vendor share their top bytes: mix before masking */
	key ^= key >> 29;
	key *= 0xbf58476d1ce4e5b9ull;
	key ^= key >> 32;
	return (size_t)key & (t->nbuckets - 1);
}

struct client *clients_find(struct client_table *t, uint64_t key)
{
	if (!t->nbuckets)
		return NULL;
	for (struct client *c = t->buckets[slot(t, key)]; c; c = c->next)
		if (c->key == key)
			return c;
	return NULL;
}

static int grow(struct client_table *t)
{
	size_t n = t->nbuckets ? t->nbuckets * 2 : 1024;
	struct client **b = calloc(n, sizeof(*b));
	struct client_table next = { .buckets = b, .nbuckets = n, .count = t->count };

	if (!b)
		return -1;
	for (size_t i = 0; i < t->nbuckets; i++) {
		for (struct client *c = t->buckets[i], *nx; c; c = nx) {
			size_t s = slot(&next, c->key);

			nx = c->next;
			c->next = b[s];
			b[s] = c;
		}
	}
	free(t->buckets);
	*t = next;
	return 0;
}

struct client *clients_get(struct client_table *t, uint64_t key)
{
	struct client *c = clients_find(t, key);
	size_t s;

	if (c)
		return c;
	if (t->count >= t->nbuckets && grow(t))
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->key = key;
	s = slot(t, key);
	c->next = t->buckets[s];
	t->buckets[s] = c;
	t->count++;
	return c;
}

static void forget_slot(struct client_table *t, const struct client *c)
{
	if (c->slot < t->nslots && t->by_slot[c->slot] == c)
		t->by_slot[c->slot] = NULL;
}

static int grow_slots(struct client_table *t, uint32_t slot)
{
	uint32_t n = t->nslots ? t->nslots : 1024;
	struct client **b;

	while (n <= slot)
		n *= 2;
	if (!(b = realloc(t->by_slot, n * sizeof(*b))))
		return -1;
	memset(b + t->nslots, 0, (n - t->nslots) * sizeof(*b));
	t->by_slot = b;
	t->nslots = n;
	return 0;
}

struct client *clients_at(struct client_table *t, uint32_t slot, uint64_t key)
{
	struct client *c = slot < t->nslots ? t->by_slot[slot] : NULL;

	if (c && c->key == key)
		return c;
	if (!(c = clients_find(t, key)))
		return NULL;
	if (slot >= t->nslots && grow_slots(t, slot))
		return c;	/* not remembered: found by key again next time */
	forget_slot(t, c);
	t->by_slot[slot] = c;
	c->slot = slot;
	return c;
}

void clients_remove(struct client_table *t, uint64_t key)
{
	if (!t->nbuckets)
		return;
	for (struct client **p = &t->buckets[slot(t, key)]; *p; p = &(*p)->next) {
		if ((*p)->key == key) {
			struct client *c = *p;

			*p = c->next;
			forget_slot(t, c);
			free(c);
			t->count--;
			return;
		}
	}
}

void clients_sweep(struct client_table *t, uint64_t gen)
{
	for (size_t i = 0; i < t->nbuckets; i++) {
		for (struct client **p = &t->buckets[i]; *p;) {
			struct client *c = *p;

			if (c->seen_gen != gen && !(c->flags & SG_CLIENT_ALLOWLIST)) {
				*p = c->next;
				forget_slot(t, c);
				free(c);
				t->count--;
			} else {
				p = &c->next;
			}
		}
	}
}

void clients_free(struct client_table *t)
{
	for (size_t i = 0; i < t->nbuckets; i++) {
		for (struct client *c = t->buckets[i], *nx; c; c = nx) {
			nx = c->next;
			free(c);
		}
	}
	free(t->buckets);
	free(t->by_slot);
	memset(t, 0, sizeof(*t));
}
