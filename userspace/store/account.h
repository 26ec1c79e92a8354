/* Accounts in the database: identity columns plus the billing core's state
 * (struct account) as JSON, and the devices bound to them. */
#ifndef SPOTGATE_STORE_ACCOUNT_H
#define SPOTGATE_STORE_ACCOUNT_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "billing/account.h"
#include "store/parse_cache.h"

#define ACCOUNT_NAME_LEN 64

struct account_row {
	int64_t id;
	int64_t location_id;
	char kind[8];				/* voucher, user, mobile */
	char username[ACCOUNT_NAME_LEN];	/* code, user name or E.164 number */
	char password[ACCOUNT_NAME_LEN];	/* "" = none (vouchers, mobile) */
	char first_name[ACCOUNT_NAME_LEN];
	char last_name[ACCOUNT_NAME_LEN];
	int64_t plan_id;
	uint32_t plan_version;
	int64_t created_at;
	struct account state;
};

/* A fresh bucket id. */
int account_new_bucket_id(sqlite3 *db, int64_t *id);

/* Inserts row (state included) as row->id, or when that is 0 as the next free
 * id, and sets row->id and row->state.id. -EEXIST when the username is taken. */
int account_insert(sqlite3 *db, struct account_row *row);
/* account_insert, leaving the parsed state in cache (may be NULL). */
int account_insert_cached(struct parse_cache *cache, sqlite3 *db, struct account_row *row);
/* Writes row->state (and the columns derived from it): two statements, so call
 * it inside a transaction (db_transaction). */
int account_save_state(sqlite3 *db, const struct account_row *row);
/* account_save_state, remembering the state in cache for the next load. */
int account_save_state_cached(struct parse_cache *cache, sqlite3 *db, const struct account_row *row);
int account_load(sqlite3 *db, int64_t id, struct account_row *row);
/* account_load, taking the parsed state from cache (store/parse_cache.h;
 * may be NULL) when it is there. */
int account_load_cached(struct parse_cache *cache, sqlite3 *db, int64_t id, struct account_row *row);
/* By username (a voucher code, user name or number); -ENOENT. */
int account_find(sqlite3 *db, const char *username, int64_t *id);

struct account_query {
	const char *search;	/* username or name contains */
	int64_t location_id;	/* the plan's location; 0 = any */
	int64_t offset, limit;
};
/* Summaries {id, kind, username, name, plan, status, valid_until, created_at,
 * location (the plan's)}. */
int account_list(sqlite3 *db, const struct account_query *q, json_t *items, int64_t *total);

/* Devices (MACs, canonical form): bind moves a MAC from any other account. */
int device_bind(sqlite3 *db, int64_t account_id, const char *mac, int64_t now);
/* device_bind for an account made in this transaction: it has no devices
 * yet, so there is no row of its own to look for first (looking was 2.6 % of
 * a voucher's first use). */
int device_bind_new_account(sqlite3 *db, int64_t account_id, const char *mac, int64_t now);
int device_unbind(sqlite3 *db, int64_t account_id, const char *mac);
/* The account a MAC is bound to; -ENOENT. */
int device_account(sqlite3 *db, const char *mac, int64_t *account_id);
json_t *device_list(sqlite3 *db, int64_t account_id);

#endif
