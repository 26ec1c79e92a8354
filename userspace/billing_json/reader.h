/* Strict reading of a JSON object into C fields: every key must be known,
 * every value of the right type and range. The first problem is kept as
 * "path: message" (path like "schedules[1].from") so the API can name the
 * field in its 400 and the CLI can print it. */
#ifndef SPOTGATE_BILLING_JSON_READER_H
#define SPOTGATE_BILLING_JSON_READER_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct reader {
	json_t *obj;
	char path[96];		/* prefix of this object's keys, "" at the top */
	char *field;		/* where the failing field's path goes */
	size_t field_len;
	char *err;		/* and what is wrong with it */
	size_t err_len;
	bool failed;
};

void reader_init(struct reader *r, json_t *obj, const char *path, char *field, size_t field_len,
		 char *err, size_t err_len);
/* A reader for a nested object, its path extended by name ("fair_use", "[2]"). */
void reader_child(struct reader *parent, struct reader *child, json_t *obj, const char *name);

/* Records a failure at key (once); returns -EINVAL. */
int reader_fail(struct reader *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Each returns 0 whether or not the key is present (fields are only
 * overwritten when it is), -EINVAL when it is present and bad. */
int read_int(struct reader *r, const char *key, int64_t min, int64_t max, int64_t *out);
int read_u32(struct reader *r, const char *key, uint32_t max, uint32_t *out);
int read_u64(struct reader *r, const char *key, uint64_t *out);
int read_bool(struct reader *r, const char *key, bool *out);
int read_text(struct reader *r, const char *key, char *out, size_t size, bool non_empty);
/* names is NULL-terminated; *out gets the index. */
int read_enum(struct reader *r, const char *key, const char *const *names, int *out);

/* Fails on the first key of the object not in allowed (NULL-terminated). */
int reader_only(struct reader *r, const char *const *allowed);

#endif
