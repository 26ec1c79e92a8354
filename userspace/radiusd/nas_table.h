/* The NAS clients the RADIUS server answers, held in memory and matched by
 * source address (longest prefix wins). Reloaded when the admin API changes
 * the table (app->nas_generation). */
#ifndef SPOTGATE_RADIUSD_NAS_TABLE_H
#define SPOTGATE_RADIUSD_NAS_TABLE_H

#include <sqlite3.h>
#include <stdint.h>
#include <sys/socket.h>

#include "store/nas.h"

struct nas_table {
	struct nas_client *entries;
	size_t count;
	uint64_t generation;	/* app->nas_generation it was loaded at */
};

int nas_table_load(struct nas_table *t, sqlite3 *db, uint64_t generation);
const struct nas_client *nas_table_match(const struct nas_table *t, const struct sockaddr *src);
void nas_table_free(struct nas_table *t);

#endif
