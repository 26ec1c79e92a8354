/* Values parsed from stored text (an account's state, a session's
 * state), kept in memory. Parsing the JSON was a sixth of every login and
 * accounting request and a fifth of every status page, while reading the
 * row is cheap. An entry is used only when the stored text is byte for byte
 * the text it was parsed from, so an edit anywhere, by anyone, can never
 * serve a stale value and nothing needs invalidating.
 *
 * Direct-mapped by (id, version): a lookup is one slot, and a collision
 * just replaces the older entry. */
#ifndef SPOTGATE_PARSE_CACHE_H
#define SPOTGATE_PARSE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct parse_cache;

/* slots is rounded up to a power of two. NULL when out of memory. */
struct parse_cache *parse_cache_new(size_t value_size, unsigned slots);
void parse_cache_free(struct parse_cache *c);

/* Copies the value parsed from exactly this text into out. false when
 * there is none, or c is NULL. */
bool parse_cache_get(const struct parse_cache *c, int64_t id, uint32_t version, const char *text, void *out);

/* The text the entry for (id, version) was parsed from when its value is
 * byte for byte value, else NULL: what is stored needs no writing again.
 * Valid until the next parse_cache_put. */
const char *parse_cache_text(const struct parse_cache *c, int64_t id, uint32_t version, const void *value);

/* Remembers value as what text parses to. */
void parse_cache_put(struct parse_cache *c, int64_t id, uint32_t version, const char *text, const void *value);

#endif
