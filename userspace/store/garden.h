/* The walled garden in the database (sql/0004_dataplane.sql): prefixes and domain
 * patterns. The gateway module writes them into the BPF maps and learns the domains'
 * addresses from DNS; this file only stores them. */
#ifndef SPOTGATE_STORE_GARDEN_H
#define SPOTGATE_STORE_GARDEN_H

#include <sqlite3.h>
#include <stdint.h>

enum garden_kind { GARDEN_CIDR, GARDEN_DOMAIN };

/* "cidr", "domain"; NULL-terminated. */
extern const char *const garden_kind_names[];

struct garden_entry {
	int64_t id;
	enum garden_kind kind;
	char value[256];	/* canonical CIDR or lowercase pattern ("*.example.com") */
	char note[129];
	int64_t created_at;
};

/* Inserts; fills id and created_at. -EEXIST when value is there already. */
int garden_add(sqlite3 *db, struct garden_entry *e);
/* Removes entry id (its row into *removed, may be NULL); -ENOENT when absent. */
int garden_remove(sqlite3 *db, int64_t id, struct garden_entry *removed);
/* Calls fn for every entry, ordered by kind, value. */
int garden_each(sqlite3 *db, void (*fn)(const struct garden_entry *e, void *arg), void *arg);

#endif
