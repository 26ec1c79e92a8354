/* RFC 5080 §2.2.2 duplicate detection: a request that repeats the source
 * address and port, code, Identifier and Request Authenticator of a recent
 * one gets the cached reply again instead of being processed twice. A request
 * still being processed (accounting waits for its commit) is marked pending:
 * its duplicates are dropped, the one reply follows the commit. */
#ifndef SPOTGATE_RADIUSD_REPLY_CACHE_H
#define SPOTGATE_RADIUSD_REPLY_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "radius/packet.h"

#define REPLY_CACHE_SLOTS 8192	/* power of two */
#define REPLY_CACHE_TTL_MS 10000	/* a NAS retransmits within a few seconds */

struct reply_cache_entry {
	struct sockaddr_storage src;
	struct radius_dedup_key key;
	int64_t expires_ms;
	bool used;
	bool pending;
	uint16_t len;
	uint8_t *reply;		/* malloc'd, len octets */
};

struct reply_cache {
	struct reply_cache_entry *slots;	/* REPLY_CACHE_SLOTS entries */
};

enum cache_hit { CACHE_MISS, CACHE_PENDING, CACHE_REPLY };

int reply_cache_init(struct reply_cache *c);
void reply_cache_free(struct reply_cache *c);

/* Looks the request up. On CACHE_REPLY, *reply and *len point at the cached
 * octets; on CACHE_MISS a pending entry is made for it. */
enum cache_hit reply_cache_lookup(struct reply_cache *c, const struct sockaddr *src,
				  const struct radius_dedup_key *key, int64_t now_ms,
				  const uint8_t **reply, uint16_t *len);
/* Stores the reply for a pending request (copying it). */
void reply_cache_store(struct reply_cache *c, const struct sockaddr *src,
		       const struct radius_dedup_key *key, int64_t now_ms, const uint8_t *reply,
		       uint16_t len);
/* Forgets a pending request that will get no reply (dropped). */
void reply_cache_forget(struct reply_cache *c, const struct sockaddr *src,
			const struct radius_dedup_key *key);

#endif
