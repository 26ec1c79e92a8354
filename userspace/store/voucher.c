#include "store/voucher.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "store/db.h"

struct batch_job {
	struct voucher_batch *b;
	struct voucher_gen *gen;
};

static int insert_batch(sqlite3 *db, void *arg)
{
	struct batch_job *job = arg;
	struct voucher_batch *b = job->b;
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "INSERT INTO voucher_batches (location_id, plan_id, plan_version, prefix, length, "
		       "charset, count, pin_length, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, b->location_id);
	sqlite3_bind_int64(st, 2, b->plan_id);
	sqlite3_bind_int(st, 3, (int)b->plan_version);
	sqlite3_bind_text(st, 4, b->prefix, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, (int)b->length);
	sqlite3_bind_text(st, 6, b->charset, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, (int)b->count);
	sqlite3_bind_int(st, 8, (int)b->pin_length);
	sqlite3_bind_text(st, 9, b->note, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, b->created_at);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE)
		return -EIO;
	b->id = sqlite3_last_insert_rowid(db);

	if (db_prepare(db,
		       "INSERT INTO vouchers (batch_id, code, pin, plan_id, plan_version, created_at) "
		       "VALUES (?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, b->id);
	sqlite3_bind_int64(st, 4, b->plan_id);
	sqlite3_bind_int(st, 5, (int)b->plan_version);
	sqlite3_bind_int64(st, 6, b->created_at);
	rc = 0;
	for (unsigned i = 0; i < voucher_gen_count(job->gen) && rc == 0;) {
		const char *pin = voucher_gen_pin(job->gen, i);

		sqlite3_bind_text(st, 2, voucher_gen_code(job->gen, i), -1, SQLITE_STATIC);
		if (pin)
			sqlite3_bind_text(st, 3, pin, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 3);
		if (sqlite3_step(st) == SQLITE_DONE) {
			i++;
		} else if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE) {
			/* an older batch has this code: draw another for this slot */
			rc = voucher_gen_replace(job->gen, i);
		} else {
			rc = -EIO;
		}
		sqlite3_reset(st);
	}
	db_release(st);
	return rc;
}

int voucher_batch_store(sqlite3 *db, struct voucher_batch *b, struct voucher_gen *gen)
{
	struct batch_job job = { b, gen };

	return db_transaction(db, insert_batch, &job);
}

int voucher_batch_get(sqlite3 *db, int64_t id, struct voucher_batch *out)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "SELECT id, location_id, plan_id, plan_version, prefix, length, charset, count, "
		       "pin_length, note, created_at FROM voucher_batches WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = (struct voucher_batch){
			.id = sqlite3_column_int64(st, 0),
			.location_id = sqlite3_column_int64(st, 1),
			.plan_id = sqlite3_column_int64(st, 2),
			.plan_version = (uint32_t)sqlite3_column_int(st, 3),
			.length = (unsigned)sqlite3_column_int(st, 5),
			.count = (unsigned)sqlite3_column_int(st, 7),
			.pin_length = (unsigned)sqlite3_column_int(st, 8),
			.created_at = sqlite3_column_int64(st, 10),
		};
		snprintf(out->prefix, sizeof(out->prefix), "%s", sqlite3_column_text(st, 4));
		snprintf(out->charset, sizeof(out->charset), "%s", sqlite3_column_text(st, 6));
		snprintf(out->note, sizeof(out->note), "%s", sqlite3_column_text(st, 9));
	}
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

json_t *voucher_batch_states(sqlite3 *db, int64_t id)
{
	json_t *states = json_pack("{s:i, s:i, s:i, s:i, s:i}", "unused", 0, "active", 0, "depleted", 0,
				   "expired", 0, "revoked", 0);
	sqlite3_stmt *st;

	if (db_prepare(db, "SELECT state, count(*) FROM vouchers WHERE batch_id = ? GROUP BY state", &st) != SQLITE_OK)
		return states;
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_set_new(states, (const char *)sqlite3_column_text(st, 0),
				    json_integer(sqlite3_column_int64(st, 1)));
	db_release(st);
	return states;
}

int voucher_batch_delete_unused(sqlite3 *db, int64_t id, int64_t *deleted)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "DELETE FROM vouchers WHERE batch_id = ? AND state = 'unused'", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	*deleted = sqlite3_changes(db);
	return rc;
}

#define VOUCHER_COLUMNS \
	"v.id, v.code, v.pin, v.batch_id, v.plan_id, v.plan_version, v.state, v.account_id, " \
	"v.created_at, v.first_used_at, p.name, p.location_id"

static json_t *row_json(sqlite3_stmt *st)
{
	json_t *o = json_pack("{s:I, s:s, s:I, s:s, s:I, s:s, s:I, s:I}",
			      "id", (json_int_t)sqlite3_column_int64(st, 0),
			      "code", (const char *)sqlite3_column_text(st, 1),
			      "plan", (json_int_t)sqlite3_column_int64(st, 4),
			      "plan_name", (const char *)sqlite3_column_text(st, 10),
			      "plan_version", (json_int_t)sqlite3_column_int64(st, 5),
			      "state", (const char *)sqlite3_column_text(st, 6),
			      "created_at", (json_int_t)sqlite3_column_int64(st, 8),
			      "location", (json_int_t)sqlite3_column_int64(st, 11));

	json_object_set_new(o, "pin", sqlite3_column_type(st, 2) == SQLITE_NULL
					       ? json_null() : json_string((const char *)sqlite3_column_text(st, 2)));
	json_object_set_new(o, "batch", sqlite3_column_type(st, 3) == SQLITE_NULL
						? json_null() : json_integer(sqlite3_column_int64(st, 3)));
	json_object_set_new(o, "account", sqlite3_column_type(st, 7) == SQLITE_NULL
						  ? json_null() : json_integer(sqlite3_column_int64(st, 7)));
	json_object_set_new(o, "first_used_at", sqlite3_column_type(st, 9) == SQLITE_NULL
							? json_null() : json_integer(sqlite3_column_int64(st, 9)));
	return o;
}

int voucher_list(sqlite3 *db, const struct voucher_query *q, json_t *items, int64_t *total)
{
	/* the WHERE clause is fixed text; every value is bound */
	static const char *const where =
		" FROM vouchers v JOIN plans p ON p.id = v.plan_id"
		" WHERE (?1 = 0 OR v.batch_id = ?1)"
		" AND (?2 IS NULL OR v.code >= ?2 AND v.code < ?2 || char(1114111))"
		" AND (?3 = 0 OR v.state <> 'unused')"
		" AND (?4 = 0 OR v.state IN ('unused', 'active'))"
		" AND (?7 = 0 OR p.location_id = ?7)";
	static const char *const orders[2][2] = {
		{ " ORDER BY v.created_at, v.id", " ORDER BY v.created_at DESC, v.id DESC" },
		{ " ORDER BY v.code", " ORDER BY v.code DESC" },
	};
	char sql[1024];
	sqlite3_stmt *st;

	for (int pass = 0; pass < 2; pass++) {
		if (pass == 0)
			snprintf(sql, sizeof(sql), "SELECT count(*)%s", where);
		else
			snprintf(sql, sizeof(sql), "SELECT " VOUCHER_COLUMNS "%s%s LIMIT ?5 OFFSET ?6", where,
				 orders[q->by_code][q->descending]);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_int64(st, 1, q->batch_id);
		if (q->search && *q->search)
			sqlite3_bind_text(st, 2, q->search, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, q->hide_unused);
		sqlite3_bind_int(st, 4, q->hide_expired);
		sqlite3_bind_int64(st, 7, q->location_id);
		if (pass == 0) {
			*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		} else {
			sqlite3_bind_int64(st, 5, q->limit);
			sqlite3_bind_int64(st, 6, q->offset);
			while (sqlite3_step(st) == SQLITE_ROW)
				json_array_append_new(items, row_json(st));
		}
		db_release(st);
	}
	return 0;
}

int voucher_get(sqlite3 *db, const char *code, json_t **out)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT " VOUCHER_COLUMNS " FROM vouchers v JOIN plans p ON p.id = v.plan_id "
				   "WHERE v.code = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = row_json(st);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

static int state_of(sqlite3 *db, const char *code, char *state, size_t size, int64_t *account)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT state, coalesce(account_id, 0) FROM vouchers WHERE code = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(state, size, "%s", sqlite3_column_text(st, 0));
		*account = sqlite3_column_int64(st, 1);
	}
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

static int exec_code(sqlite3 *db, const char *sql, const char *code)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	return rc;
}

int voucher_delete_unused(sqlite3 *db, const char *code)
{
	char state[16];
	int64_t account;
	int rc = state_of(db, code, state, sizeof(state), &account);

	if (rc)
		return rc;
	if (strcmp(state, "unused") != 0)
		return -EBUSY;
	return exec_code(db, "DELETE FROM vouchers WHERE code = ? AND state = 'unused'", code);
}

int voucher_expire(sqlite3 *db, const char *code, int64_t *account)
{
	char state[16];
	int rc = state_of(db, code, state, sizeof(state), account);

	if (rc)
		return rc;
	if (strcmp(state, "active") != 0)
		return -EALREADY;
	return exec_code(db, "UPDATE vouchers SET state = 'expired' WHERE code = ?", code);
}
