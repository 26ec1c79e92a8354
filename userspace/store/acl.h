/* The data plane's deny and allow lists in the database (sql/0004_dataplane.sql).
 * The gateway module writes them into the BPF maps; this file only stores them. */
#ifndef SPOTGATE_STORE_ACL_H
#define SPOTGATE_STORE_ACL_H

#include <sqlite3.h>
#include <stdint.h>

enum acl_list { ACL_ALLOW, ACL_DENY };
enum acl_kind { ACL_MAC, ACL_CIDR };

/* "allow", "deny" / "mac", "cidr"; NULL-terminated for param_enum(). */
extern const char *const acl_list_names[];
extern const char *const acl_kind_names[];

struct acl_entry {
	int64_t id;
	enum acl_list list;
	enum acl_kind kind;
	char value[64];		/* canonical: mac_format() or cidr_format() */
	char note[129];
	int64_t created_at;
};

/* Adds value to e->list, or moves it there from the other list; fills id and
 * created_at. Returns 0, or 1 when it was moved from the other list. */
int acl_put(sqlite3 *db, struct acl_entry *e);
/* Removes entry id (its row into *removed, may be NULL); -ENOENT when absent. */
int acl_remove(sqlite3 *db, int64_t id, struct acl_entry *removed);
/* Calls fn for every entry, ordered by list, kind, value. */
int acl_each(sqlite3 *db, void (*fn)(const struct acl_entry *e, void *arg), void *arg);

#endif
