/* The schema files sql/NNNN_name.sql, embedded into the binary at build time
 * (scripts/embed-sql.sh), in ascending version order. */
#ifndef SPOTGATE_MIGRATIONS_H
#define SPOTGATE_MIGRATIONS_H

struct migration {
	int version;
	const char *name;
	const char *sql;
};

extern const struct migration migrations[];
extern const int migrations_count;

#endif
