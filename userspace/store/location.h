/* Locations (venues) in the database. Each has its own plans, vouchers,
 * accounts and operators, an IANA time zone ("until end of day", calendar
 * cycles, time-of-day rates) and portal branding. Location 1 ("default"
 * when new) is where everything goes that names no location; it cannot be
 * removed.
 *
 * The location_check_* functions validate one field with no database access
 * and fill err with a sentence that starts with the field's name;
 * location_validate runs them all and names the first bad field. */
#ifndef SPOTGATE_STORE_LOCATION_H
#define SPOTGATE_STORE_LOCATION_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#define LOCATION_DEFAULT 1
#define LOCATION_NAME_MAX 64
#define LOCATION_VENUE_MAX 128
#define LOCATION_TEMPLATE_MAX 63

struct location {
	int64_t id;
	char name[LOCATION_NAME_MAX + 1];
	char timezone[64];			/* IANA name, e.g. Europe/Berlin */
	char venue_name[LOCATION_VENUE_MAX + 1];	/* "" = the venue_name setting */
	char template[LOCATION_TEMPLATE_MAX + 1];	/* "" = [portal] template */
	char currency[4];			/* "" = the currency setting */
	int64_t created_at;
};

/* What still belongs to a location; it can be removed when all are 0. */
struct location_usage {
	int64_t plans;		/* live and retired */
	int64_t batches;
	int64_t accounts;
	int64_t operators;
	int64_t orders;		/* bought on the portal */
};

/* 1 to 64 characters, no control characters, no space at either end, not
 * all digits (a number names a location by id). */
int location_check_name(const char *name, char *err, size_t errlen);
/* An IANA zone that exists in the system's tzdata. */
int location_check_timezone(const char *zone, char *err, size_t errlen);
/* "" or a directory name (letters, digits, '.', '_', '-'; not starting with
 * '.'); when portal_dir is not NULL, portal_dir/<template>/layout.html must
 * exist. */
int location_check_template(const char *template, const char *portal_dir, char *err, size_t errlen);
/* "" or an ISO 4217 code (three capital letters). */
int location_check_currency(const char *currency, char *err, size_t errlen);
/* At most 128 characters without control characters. */
int location_check_venue(const char *venue, char *err, size_t errlen);
/* Every field; *field gets the first bad one's name. */
int location_validate(const struct location *loc, const char *portal_dir, const char **field, char *err,
		      size_t errlen);

/* Inserts loc (validated) and sets loc->id and created_at; -EEXIST when the
 * name is taken. */
int location_add(sqlite3 *db, struct location *loc);
/* -ENOENT when there is no location id. */
int location_get(sqlite3 *db, int64_t id, struct location *out);
/* A location by id ("3") or exact name; -ENOENT. */
int location_find(sqlite3 *db, const char *id_or_name, int64_t *id);
/* Saves every field of loc->id; -ENOENT, -EEXIST (name taken). */
int location_update(sqlite3 *db, const struct location *loc);
int location_usage(sqlite3 *db, int64_t id, struct location_usage *out);
/* Removes an unused location with its portal settings. -ENOENT, -EPERM for
 * location 1, -EBUSY when something still belongs to it (*usage says what). */
int location_delete(sqlite3 *db, int64_t id, struct location_usage *usage);
/* Calls fn for locations ordered by id (only_id > 0: that one alone), from
 * offset, at most limit; *total counts all that match. */
int location_list(sqlite3 *db, int64_t only_id, int64_t offset, int64_t limit, int64_t *total,
		  void (*fn)(const struct location *loc, void *arg), void *arg);

#endif
