#include "store/parse_cache.h"

#include <stdlib.h>
#include <string.h>

struct slot {
	int64_t id;		/* 0 = empty (row ids start at 1) */
	uint32_t version;
	char *text;		/* what value was parsed from */
	size_t text_len;
	void *value;
};

struct parse_cache {
	size_t value_size;
	unsigned mask;
	struct slot slots[];
};

struct parse_cache *parse_cache_new(size_t value_size, unsigned slots)
{
	unsigned n = 1;
	struct parse_cache *c;

	while (n < slots)
		n <<= 1;
	c = calloc(1, sizeof(*c) + n * sizeof(struct slot));
	if (!c)
		return NULL;
	c->value_size = value_size;
	c->mask = n - 1;
	return c;
}

void parse_cache_free(struct parse_cache *c)
{
	if (!c)
		return;
	for (unsigned i = 0; i <= c->mask; i++) {
		free(c->slots[i].text);
		free(c->slots[i].value);
	}
	free(c);
}

/* Row ids are handed out in sequence, so the id itself spreads best: any run of
 * consecutive ids as long as the cache shares no slot (a hash would, by the birthday
 * rule: 6 % of 8,000 sessions in 65,536 slots). Versions are spread over the slots. */
static unsigned slot_of(const struct parse_cache *c, int64_t id, uint32_t version)
{
	return (unsigned)((uint64_t)id ^ ((uint64_t)version * 0x9E3779B97F4A7C15ull >> 32)) & c->mask;
}

bool parse_cache_get(const struct parse_cache *c, int64_t id, uint32_t version, const char *text, void *out)
{
	if (!c || !text)
		return false;
	const struct slot *s = &c->slots[slot_of(c, id, version)];
	size_t len = strlen(text);

	if (s->id != id || s->version != version || s->text_len != len || memcmp(s->text, text, len) != 0)
		return false;
	memcpy(out, s->value, c->value_size);
	return true;
}

const char *parse_cache_text(const struct parse_cache *c, int64_t id, uint32_t version, const void *value)
{
	if (!c)
		return NULL;
	const struct slot *s = &c->slots[slot_of(c, id, version)];

	if (s->id != id || s->version != version || memcmp(s->value, value, c->value_size) != 0)
		return NULL;
	return s->text;
}

void parse_cache_put(struct parse_cache *c, int64_t id, uint32_t version, const char *text, const void *value)
{
	if (!c || !text || id == 0)
		return;
	struct slot *s = &c->slots[slot_of(c, id, version)];
	size_t len = strlen(text);
	char *copy = malloc(len + 1);
	void *v = s->value ? s->value : malloc(c->value_size);

	if (!copy || !v) {
		free(copy);
		if (v != s->value)
			free(v);
		return;
	}
	memcpy(copy, text, len + 1);
	memcpy(v, value, c->value_size);
	free(s->text);
	*s = (struct slot){ .id = id, .version = version, .text = copy, .text_len = len, .value = v };
}
