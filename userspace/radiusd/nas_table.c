#include "radiusd/nas_table.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

struct loader {
	struct nas_client *entries;
	size_t count, cap;
	int failed;
};

static void collect(const struct nas_client *nas, void *arg)
{
	struct loader *l = arg;

	if (l->count == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct nas_client *grown = realloc(l->entries, cap * sizeof(*grown));

		if (!grown) {
			l->failed = 1;
			return;
		}
		l->entries = grown;
		l->cap = cap;
	}
	l->entries[l->count++] = *nas;
}

int nas_table_load(struct nas_table *t, sqlite3 *db, uint64_t generation)
{
	struct loader l = { 0 };
	int64_t total;

	if (nas_list(db, 0, -1, &total, collect, &l) != 0 || l.failed) {
		free(l.entries);
		return l.failed ? -ENOMEM : -EIO;
	}
	free(t->entries);
	t->entries = l.entries;
	t->count = l.count;
	t->generation = generation;
	return 0;
}

const struct nas_client *nas_table_match(const struct nas_table *t, const struct sockaddr *src)
{
	const struct nas_client *best = NULL;
	const void *addr;
	int family = src->sa_family;

	if (family == AF_INET) {
		addr = &((const struct sockaddr_in *)src)->sin_addr;
	} else if (family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)src;

		addr = &sin6->sin6_addr;
		if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {	/* dual-stack socket */
			family = AF_INET;
			addr = &sin6->sin6_addr.s6_addr[12];
		}
	} else {
		return NULL;
	}
	for (size_t i = 0; i < t->count; i++) {
		const struct nas_client *n = &t->entries[i];

		if (cidr_contains(&n->address, family, addr) &&
		    (!best || n->address.prefix > best->address.prefix))
			best = n;
	}
	return best;
}

void nas_table_free(struct nas_table *t)
{
	free(t->entries);
	memset(t, 0, sizeof(*t));
}
