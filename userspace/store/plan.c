#include "store/plan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing/plan.h"
#include "billing_json/plan_json.h"
#include "store/stmt_cache.h"

static int step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	db_release(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : -EIO;
}

/* the terms as stored: everything but identity and the in-place fields */
static char *terms_text(const struct plan *p)
{
	json_t *o = plan_to_json(p);
	char *text;

	json_object_del(o, "id");
	json_object_del(o, "version");
	json_object_del(o, "unit_price");
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	return text;
}

static int insert_version(sqlite3 *db, const struct plan *p, int64_t now)
{
	sqlite3_stmt *st;
	char *terms = terms_text(p);
	int rc;

	if (!terms)
		return -ENOMEM;
	if (db_prepare(db,
		       "INSERT INTO plan_versions (plan_id, version, payment, measure, price, currency, "
		       "terms, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK) {
		free(terms);
		return -EIO;
	}
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int(st, 2, (int)p->version);
	sqlite3_bind_text(st, 3, plan_payment_name(p->payment), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, plan_measure_name(p->measure), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, plan_is_cyclic(p) ? p->cyclic.price_per_cycle : p->price);
	sqlite3_bind_text(st, 6, p->currency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, terms, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, now);
	rc = step_done(st);
	free(terms);
	return rc;
}

int plan_insert(sqlite3 *db, struct plan *p, const struct plan_meta *meta, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "INSERT INTO plans (location_id, name, code, quick_ticket, smartconnect, "
		       "sold_on_portal, current_version, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, meta->location_id);
	sqlite3_bind_text(st, 2, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, p->code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, p->quick_ticket);
	sqlite3_bind_int(st, 5, p->smartconnect);
	sqlite3_bind_int(st, 6, meta->sold_on_portal);
	sqlite3_bind_int64(st, 7, now);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE)
		return sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EIO;
	p->id = sqlite3_last_insert_rowid(db);
	p->version = 1;
	return insert_version(db, p, now);
}

static int parse_terms(const char *text, const char *currency, struct plan *out)
{
	char field[96], err[256];
	json_t *terms = json_loads(text, 0, NULL);
	int rc;

	plan_defaults(out, currency);
	rc = terms ? plan_from_json(terms, out, field, sizeof(field), err, sizeof(err)) : -EIO;
	json_decref(terms);
	return rc;
}

int plan_load(sqlite3 *db, int64_t id, uint32_t version, struct plan *out, struct plan_meta *meta)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "SELECT p.location_id, p.name, p.code, p.quick_ticket, p.smartconnect, "
		       "p.sold_on_portal, p.current_version, p.created_at, coalesce(p.retired_at, 0), "
		       "v.version, v.terms, v.currency FROM plans p JOIN plan_versions v ON v.plan_id = p.id "
		       "AND v.version = CASE WHEN ?2 = 0 THEN p.current_version ELSE ?2 END WHERE p.id = ?1", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, (int)version);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_release(st);
		return rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	const char *terms = (const char *)sqlite3_column_text(st, 10);
	const char *currency = (const char *)sqlite3_column_text(st, 11);
	uint32_t v = (uint32_t)sqlite3_column_int(st, 9);

	rc = terms && currency ? parse_terms(terms, currency, out) : -EIO;
	if (rc == 0) {
		out->id = id;
		out->version = v;
		snprintf(out->name, sizeof(out->name), "%s", sqlite3_column_text(st, 1));
		snprintf(out->code, sizeof(out->code), "%s", sqlite3_column_text(st, 2));
		out->quick_ticket = sqlite3_column_int(st, 3);
		out->smartconnect = sqlite3_column_int(st, 4);
		if (meta)
			*meta = (struct plan_meta){
				.location_id = sqlite3_column_int64(st, 0),
				.sold_on_portal = sqlite3_column_int(st, 5),
				.current_version = (uint32_t)sqlite3_column_int(st, 6),
				.created_at = sqlite3_column_int64(st, 7),
				.retired_at = sqlite3_column_int64(st, 8),
			};
	}
	db_release(st);
	return rc == 0 ? 0 : -EIO;
}

bool plan_version_in_use(sqlite3 *db, int64_t id, uint32_t version)
{
	sqlite3_stmt *st;
	bool used = false;

	if (db_prepare(db,
		       "SELECT EXISTS (SELECT 1 FROM vouchers WHERE plan_id = ?1 AND plan_version = ?2) "
		       "OR EXISTS (SELECT 1 FROM accounts WHERE plan_id = ?1 AND plan_version = ?2)", &st) != SQLITE_OK)
		return true;	/* when in doubt, keep the old terms */
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, (int)version);
	if (sqlite3_step(st) == SQLITE_ROW)
		used = sqlite3_column_int(st, 0);
	db_release(st);
	return used;
}

int plan_update(sqlite3 *db, struct plan *edited, const struct plan_meta *meta, int64_t now,
		bool *new_version)
{
	struct plan current;
	sqlite3_stmt *st;
	int rc = plan_load(db, edited->id, 0, &current, NULL);

	if (rc)
		return rc;
	*new_version = false;
	if (plan_needs_new_version(&current, edited)) {
		if (plan_version_in_use(db, current.id, current.version)) {
			edited->version = current.version + 1;
			*new_version = true;
			rc = insert_version(db, edited, now);
		} else {
			edited->version = current.version;
			if (db_prepare(db, "DELETE FROM plan_versions WHERE plan_id = ? AND version = ?", &st) != SQLITE_OK)
				return -EIO;
			sqlite3_bind_int64(st, 1, current.id);
			sqlite3_bind_int(st, 2, (int)current.version);
			rc = step_done(st);
			if (rc == 0)
				rc = insert_version(db, edited, now);
		}
		if (rc)
			return rc;
	} else {
		edited->version = current.version;
	}
	if (db_prepare(db,
		       "UPDATE plans SET name = ?, code = ?, quick_ticket = ?, smartconnect = ?, "
		       "sold_on_portal = ?, current_version = ? WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, edited->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, edited->code, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, edited->quick_ticket);
	sqlite3_bind_int(st, 4, edited->smartconnect);
	sqlite3_bind_int(st, 5, meta->sold_on_portal);
	sqlite3_bind_int(st, 6, (int)edited->version);
	sqlite3_bind_int64(st, 7, edited->id);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE)
		return sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EIO;
	return 0;
}

int plan_retire(sqlite3 *db, int64_t id, int64_t now)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "UPDATE plans SET retired_at = ? WHERE id = ? AND retired_at IS NULL", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, now);
	sqlite3_bind_int64(st, 2, id);
	rc = step_done(st);
	if (rc == 0 && sqlite3_changes(db) == 0)
		return -ENOENT;
	return rc;
}

int plan_find_name(sqlite3 *db, int64_t location_id, const char *name, int64_t *id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "SELECT id FROM plans WHERE location_id = ? AND name = ? AND retired_at IS NULL", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, location_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int plan_list(sqlite3 *db, bool with_retired, int64_t location_id, int64_t offset, int64_t limit, int64_t *ids,
	      size_t *n, int64_t *total)
{
	sqlite3_stmt *st;

	if (db_prepare(db, "SELECT count(*) FROM plans WHERE (?1 OR retired_at IS NULL) AND (?4 = 0 OR location_id = ?4)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int(st, 1, with_retired);
	sqlite3_bind_int64(st, 4, location_id);
	*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_release(st);
	if (db_prepare(db,
		       "SELECT id FROM plans WHERE (?1 OR retired_at IS NULL) AND (?4 = 0 OR location_id = ?4) "
		       "ORDER BY name, id LIMIT ?2 OFFSET ?3", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int(st, 1, with_retired);
	sqlite3_bind_int64(st, 2, limit);
	sqlite3_bind_int64(st, 3, offset);
	sqlite3_bind_int64(st, 4, location_id);
	*n = 0;
	while (sqlite3_step(st) == SQLITE_ROW && *n < (size_t)limit)
		ids[(*n)++] = sqlite3_column_int64(st, 0);
	db_release(st);
	return 0;
}
