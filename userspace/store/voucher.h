/* Voucher batches and tickets in the database. */
#ifndef SPOTGATE_STORE_VOUCHER_H
#define SPOTGATE_STORE_VOUCHER_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "voucher/generate.h"

struct voucher_batch {
	int64_t id;
	int64_t location_id;
	int64_t plan_id;
	uint32_t plan_version;
	char prefix[VOUCHER_PREFIX_MAX + 1];
	unsigned length;
	char charset[24];
	unsigned count;
	unsigned pin_length;
	char note[128];
	int64_t created_at;
};

/* Writes the batch and every code of gen in one transaction; a code that
 * collides with one already in the database is drawn again. Sets b->id. */
int voucher_batch_store(sqlite3 *db, struct voucher_batch *b, struct voucher_gen *gen);

int voucher_batch_get(sqlite3 *db, int64_t id, struct voucher_batch *out);
/* {"unused": n, "active": n, ...} for a batch. */
json_t *voucher_batch_states(sqlite3 *db, int64_t id);
/* Deletes the batch's unused codes; *deleted gets how many. */
int voucher_batch_delete_unused(sqlite3 *db, int64_t id, int64_t *deleted);

/* Filters and order for listing tickets. */
struct voucher_query {
	int64_t batch_id;	/* 0 = any */
	int64_t location_id;	/* the plan's location; 0 = any */
	const char *search;	/* code starts with; NULL = any */
	bool hide_unused;
	bool hide_expired;	/* hides expired, depleted and revoked */
	bool by_code;		/* else by creation time */
	bool descending;
	int64_t offset, limit;
};

/* Tickets as JSON objects {id, code, pin, batch, plan, plan_version, state,
 * account, created_at, first_used_at, location}; *total counts all that match. */
int voucher_list(sqlite3 *db, const struct voucher_query *q, json_t *items, int64_t *total);

/* One ticket by code; -ENOENT. */
int voucher_get(sqlite3 *db, const char *code, json_t **out);
/* Deletes an unused ticket: -ENOENT, or -EBUSY when it was used. */
int voucher_delete_unused(sqlite3 *db, const char *code);
/* Marks a ticket in use expired and gives its account, whose validity the
 * caller ends: -ENOENT, or -EALREADY when the ticket is not in use. */
int voucher_expire(sqlite3 *db, const char *code, int64_t *account);

#endif
