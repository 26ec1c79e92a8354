/* NAS clients in the database: the RADIUS peers spotgate answers. */
#ifndef SPOTGATE_STORE_NAS_H
#define SPOTGATE_STORE_NAS_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "common/cidr.h"

enum nas_vendor { NAS_GENERIC, NAS_MIKROTIK, NAS_CHILLI };

struct nas_client {
	int64_t id;
	struct cidr address;
	char name[65];
	char secret[129];
	enum nas_vendor vendor;
	uint16_t coa_port;
	bool require_message_authenticator;
	bool limit_proxy_state;
	int64_t created_at;
};

/* "generic", "mikrotik", "chilli"; NULL-terminated for param_enum(). */
extern const char *const nas_vendor_names[];

/* Inserts and sets nas->id. -EEXIST when the address is already a NAS. */
int nas_add(sqlite3 *db, struct nas_client *nas);
/* Fills *out for id; -ENOENT when there is none. */
int nas_get(sqlite3 *db, int64_t id, struct nas_client *out);
/* The id of the entry whose address is exactly `address` (canonical form). */
int nas_find_address(sqlite3 *db, const char *address, int64_t *id);
int nas_delete(sqlite3 *db, int64_t id);
/* Calls fn for entries ordered by id, from offset, at most limit (-1 = all);
 * *total gets the count of all entries. */
int nas_list(sqlite3 *db, int64_t offset, int64_t limit, int64_t *total,
	     void (*fn)(const struct nas_client *nas, void *arg), void *arg);

#endif
