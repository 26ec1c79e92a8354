#include "store/location.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "billing/money.h"
#include "billing/tz.h"
#include "store/stmt_cache.h"

/* --- validation -------------------------------------------------------------- */

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

int location_check_name(const char *name, char *err, size_t errlen)
{
	size_t n = strlen(name);

	if (n == 0 || n > LOCATION_NAME_MAX) {
		snprintf(err, errlen, "name must have 1 to %d characters, not %zu", LOCATION_NAME_MAX, n);
		return -EINVAL;
	}
	if (has_control(name)) {
		snprintf(err, errlen, "name must not contain control characters");
		return -EINVAL;
	}
	if (name[0] == ' ' || name[n - 1] == ' ') {
		snprintf(err, errlen, "name must not start or end with a space");
		return -EINVAL;
	}
	/* "3" would be read as location 3 wherever a location is named */
	if (strspn(name, "0123456789") == n) {
		snprintf(err, errlen, "name must not be a number (\"%s\" would be read as a location id)", name);
		return -EINVAL;
	}
	return 0;
}

int location_check_timezone(const char *zone, char *err, size_t errlen)
{
	struct tz *tz = NULL;
	char why[256];

	if (tz_load(zone, &tz, why, sizeof(why)) != 0) {
		snprintf(err, errlen, "timezone \"%.64s\" is not a time zone of this system's tzdata "
			 "(an IANA name such as Europe/Berlin or UTC)", zone);
		return -EINVAL;
	}
	tz_free(tz);
	return 0;
}

int location_check_template(const char *template, const char *portal_dir, char *err, size_t errlen)
{
	size_t n = strlen(template);
	char path[4200];
	struct stat sb;

	if (n == 0)
		return 0;
	/* a name under [portal] dir, never a path out of it */
	if (n > LOCATION_TEMPLATE_MAX || template[0] == '.' ||
	    strspn(template, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != n) {
		snprintf(err, errlen, "template must be a directory name of at most %d letters, digits, '.', '_' "
			 "or '-' (not starting with '.'), or empty for [portal] template", LOCATION_TEMPLATE_MAX);
		return -EINVAL;
	}
	if (!portal_dir || stat(portal_dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return 0;	/* the portal's files are elsewhere: the portal checks at start */
	snprintf(path, sizeof(path), "%s/%s/layout.html", portal_dir, template);
	if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errlen, "template \"%s\" is not in %s (a directory with layout.html)",
			 template, portal_dir);
		return -ENOENT;
	}
	return 0;
}

int location_check_currency(const char *currency, char *err, size_t errlen)
{
	if (!currency[0] || money_currency_valid(currency))
		return 0;
	snprintf(err, errlen, "currency must be an ISO 4217 code such as EUR, or empty for the currency setting");
	return -EINVAL;
}

int location_check_venue(const char *venue, char *err, size_t errlen)
{
	if (strlen(venue) > LOCATION_VENUE_MAX || has_control(venue)) {
		snprintf(err, errlen, "venue_name must have at most %d characters and no control characters", LOCATION_VENUE_MAX);
		return -EINVAL;
	}
	return 0;
}

int location_validate(const struct location *loc, const char *portal_dir, const char **field, char *err,
		      size_t errlen)
{
	int rc;

	if ((rc = location_check_name(loc->name, err, errlen)))
		*field = "name";
	else if ((rc = location_check_timezone(loc->timezone, err, errlen)))
		*field = "timezone";
	else if ((rc = location_check_venue(loc->venue_name, err, errlen)))
		*field = "venue_name";
	else if ((rc = location_check_template(loc->template, portal_dir, err, errlen)))
		*field = "template";
	else if ((rc = location_check_currency(loc->currency, err, errlen)))
		*field = "currency";
	return rc;
}

/* --- rows ---------------------------------------------------------------------- */

#define LOCATION_COLUMNS "id, name, timezone, venue_name, template, currency, created_at"

static void read_row(sqlite3_stmt *st, struct location *loc)
{
	memset(loc, 0, sizeof(*loc));
	loc->id = sqlite3_column_int64(st, 0);
	snprintf(loc->name, sizeof(loc->name), "%s", sqlite3_column_text(st, 1));
	snprintf(loc->timezone, sizeof(loc->timezone), "%s", sqlite3_column_text(st, 2));
	snprintf(loc->venue_name, sizeof(loc->venue_name), "%s", sqlite3_column_text(st, 3));
	snprintf(loc->template, sizeof(loc->template), "%s", sqlite3_column_text(st, 4));
	snprintf(loc->currency, sizeof(loc->currency), "%s", sqlite3_column_text(st, 5));
	loc->created_at = sqlite3_column_int64(st, 6);
}

static void bind_fields(sqlite3_stmt *st, const struct location *loc)
{
	sqlite3_bind_text(st, 1, loc->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, loc->timezone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, loc->venue_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, loc->template, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, loc->currency, -1, SQLITE_STATIC);
}

static int write_error(sqlite3 *db)
{
	return sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE ? -EEXIST : -EIO;
}

int location_add(sqlite3 *db, struct location *loc)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "INSERT INTO locations (name, timezone, venue_name, template, currency) "
			   "VALUES (?, ?, ?, ?, ?) RETURNING id, created_at", &st) != SQLITE_OK)
		return -EIO;
	bind_fields(st, loc);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		loc->id = sqlite3_column_int64(st, 0);
		loc->created_at = sqlite3_column_int64(st, 1);
		rc = 0;
	} else {
		rc = write_error(db);
	}
	db_release(st);
	return rc;
}

int location_get(sqlite3 *db, int64_t id, struct location *out)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT " LOCATION_COLUMNS " FROM locations WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, out);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int location_find(sqlite3 *db, const char *id_or_name, int64_t *id)
{
	size_t n = strlen(id_or_name);
	sqlite3_stmt *st;
	int rc;

	/* names are never all digits (location_check_name), so a number is an id */
	if (n && n < 19 && strspn(id_or_name, "0123456789") == n) {
		if (db_prepare(db, "SELECT id FROM locations WHERE id = ?", &st) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_int64(st, 1, strtoll(id_or_name, NULL, 10));
	} else {
		if (db_prepare(db, "SELECT id FROM locations WHERE name = ?", &st) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_text(st, 1, id_or_name, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_release(st);
	return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
}

int location_update(sqlite3 *db, const struct location *loc)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "UPDATE locations SET name = ?, timezone = ?, venue_name = ?, template = ?, "
			   "currency = ? WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	bind_fields(st, loc);
	sqlite3_bind_int64(st, 6, loc->id);
	rc = sqlite3_step(st);
	db_release(st);
	if (rc != SQLITE_DONE)
		return write_error(db);
	return sqlite3_changes(db) ? 0 : -ENOENT;
}

int location_usage(sqlite3 *db, int64_t id, struct location_usage *out)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, "SELECT (SELECT count(*) FROM plans WHERE location_id = ?1), "
			   "(SELECT count(*) FROM voucher_batches WHERE location_id = ?1), "
			   "(SELECT count(*) FROM accounts WHERE location_id = ?1), "
			   "(SELECT count(*) FROM admin_users WHERE location_id = ?1), "
			   "(SELECT count(*) FROM portal_orders WHERE location_id = ?1)", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = (struct location_usage){
			.plans = sqlite3_column_int64(st, 0),
			.batches = sqlite3_column_int64(st, 1),
			.accounts = sqlite3_column_int64(st, 2),
			.operators = sqlite3_column_int64(st, 3),
			.orders = sqlite3_column_int64(st, 4),
		};
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -EIO;
}

static int exec_id(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db, sql, &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	db_release(st);
	return rc == SQLITE_DONE ? 0 : -EIO;
}

int location_delete(sqlite3 *db, int64_t id, struct location_usage *usage)
{
	struct location loc;
	int rc;

	memset(usage, 0, sizeof(*usage));
	if ((rc = location_get(db, id, &loc)))
		return rc;
	if (id == LOCATION_DEFAULT)
		return -EPERM;
	if ((rc = location_usage(db, id, usage)))
		return rc;
	if (usage->plans || usage->batches || usage->accounts || usage->operators || usage->orders)
		return -EBUSY;
	/* the caller's transaction keeps the two together */
	if ((rc = exec_id(db, "DELETE FROM portal_settings WHERE location_id = ?", id)))
		return rc;
	return exec_id(db, "DELETE FROM locations WHERE id = ?", id);
}

int location_list(sqlite3 *db, int64_t only_id, int64_t offset, int64_t limit, int64_t *total,
		  void (*fn)(const struct location *loc, void *arg), void *arg)
{
	sqlite3_stmt *st;
	struct location loc;

	if (db_prepare(db, "SELECT count(*) FROM locations WHERE ?1 = 0 OR id = ?1", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, only_id);
	*total = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_release(st);
	if (db_prepare(db, "SELECT " LOCATION_COLUMNS " FROM locations WHERE ?1 = 0 OR id = ?1 "
			   "ORDER BY id LIMIT ?2 OFFSET ?3", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, only_id);
	sqlite3_bind_int64(st, 2, limit);
	sqlite3_bind_int64(st, 3, offset);
	while (sqlite3_step(st) == SQLITE_ROW) {
		read_row(st, &loc);
		fn(&loc, arg);
	}
	db_release(st);
	return 0;
}
