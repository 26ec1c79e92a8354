#include "radiusd/reply_cache.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#define PROBES 8

static size_t addr_len(const struct sockaddr *sa)
{
	return sa->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
}

/* FNV-1a over the address, port and key */
static uint32_t hash(const struct sockaddr *src, const struct radius_dedup_key *key)
{
	const uint8_t *parts[2] = { (const uint8_t *)src, (const uint8_t *)key };
	size_t lens[2] = { addr_len(src), sizeof(*key) };
	uint32_t h = 2166136261u;

	for (int p = 0; p < 2; p++)
		for (size_t i = 0; i < lens[p]; i++)
			h = (h ^ parts[p][i]) * 16777619u;
	return h;
}

static bool same(const struct reply_cache_entry *e, const struct sockaddr *src,
		 const struct radius_dedup_key *key)
{
	return e->used && memcmp(&e->src, src, addr_len(src)) == 0 && radius_dedup_equal(&e->key, key);
}

int reply_cache_init(struct reply_cache *c)
{
	c->slots = calloc(REPLY_CACHE_SLOTS, sizeof(*c->slots));
	return c->slots ? 0 : -ENOMEM;
}

static void clear(struct reply_cache_entry *e)
{
	free(e->reply);
	memset(e, 0, sizeof(*e));
}

void reply_cache_free(struct reply_cache *c)
{
	if (!c->slots)
		return;
	for (size_t i = 0; i < REPLY_CACHE_SLOTS; i++)
		free(c->slots[i].reply);
	free(c->slots);
	c->slots = NULL;
}

static struct reply_cache_entry *find(struct reply_cache *c, const struct sockaddr *src,
				      const struct radius_dedup_key *key)
{
	uint32_t h = hash(src, key);

	for (int p = 0; p < PROBES; p++) {
		struct reply_cache_entry *e = &c->slots[(h + (uint32_t)p) & (REPLY_CACHE_SLOTS - 1)];

		if (same(e, src, key))
			return e;
	}
	return NULL;
}

enum cache_hit reply_cache_lookup(struct reply_cache *c, const struct sockaddr *src,
				  const struct radius_dedup_key *key, int64_t now_ms,
				  const uint8_t **reply, uint16_t *len)
{
	struct reply_cache_entry *e = find(c, src, key), *victim = NULL;
	uint32_t h;

	if (e && (e->pending || e->expires_ms > now_ms)) {
		if (e->pending)
			return CACHE_PENDING;
		*reply = e->reply;
		*len = e->len;
		return CACHE_REPLY;
	}
	/* a free or expired slot among the probes, else the one expiring first;
	 * pending entries are never evicted */
	h = hash(src, key);
	for (int p = 0; p < PROBES; p++) {
		struct reply_cache_entry *s = &c->slots[(h + (uint32_t)p) & (REPLY_CACHE_SLOTS - 1)];

		if (!s->used || (!s->pending && s->expires_ms <= now_ms)) {
			victim = s;
			break;
		}
		if (!s->pending && (!victim || s->expires_ms < victim->expires_ms))
			victim = s;
	}
	if (victim) {
		clear(victim);
		memcpy(&victim->src, src, addr_len(src));
		victim->key = *key;
		victim->used = true;
		victim->pending = true;
	}
	return CACHE_MISS;
}

void reply_cache_store(struct reply_cache *c, const struct sockaddr *src,
		       const struct radius_dedup_key *key, int64_t now_ms, const uint8_t *reply,
		       uint16_t len)
{
	struct reply_cache_entry *e = find(c, src, key);
	uint8_t *copy;

	if (!e)
		return;		/* no slot was free: this one is simply not deduplicated */
	copy = malloc(len);
	if (!copy) {
		clear(e);
		return;
	}
	memcpy(copy, reply, len);
	free(e->reply);
	e->reply = copy;
	e->len = len;
	e->pending = false;
	e->expires_ms = now_ms + REPLY_CACHE_TTL_MS;
}

void reply_cache_forget(struct reply_cache *c, const struct sockaddr *src,
			const struct radius_dedup_key *key)
{
	struct reply_cache_entry *e = find(c, src, key);

	if (e)
		clear(e);
}
