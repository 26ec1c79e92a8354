#include "billing_json/reader.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void reader_init(struct reader *r, json_t *obj, const char *path, char *field, size_t field_len,
		 char *err, size_t err_len)
{
	*r = (struct reader){ .obj = obj, .field = field, .field_len = field_len, .err = err,
			      .err_len = err_len };
	snprintf(r->path, sizeof(r->path), "%.*s", (int)sizeof(r->path) - 1, path);
}

void reader_child(struct reader *parent, struct reader *child, json_t *obj, const char *name)
{
	char path[sizeof(parent->path) * 2];

	snprintf(path, sizeof(path), "%s%s%s", parent->path, parent->path[0] && name[0] != '[' ? "." : "",
		 name);
	path[sizeof(parent->path) - 1] = '\0';
	reader_init(child, obj, path, parent->field, parent->field_len, parent->err, parent->err_len);
}

int reader_fail(struct reader *r, const char *key, const char *fmt, ...)
{
	char msg[256], field[sizeof(r->path) + 64];
	va_list ap;

	if (r->failed)
		return -EINVAL;
	r->failed = true;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(field, sizeof(field), "%s%s%.63s", r->path, r->path[0] && key[0] ? "." : "", key);
	snprintf(r->field, r->field_len, "%s", field);
	snprintf(r->err, r->err_len, "%s: %s", field, msg);
	return -EINVAL;
}

static json_t *value(struct reader *r, const char *key)
{
	json_t *v = json_object_get(r->obj, key);

	return v && !json_is_null(v) ? v : NULL;
}

int read_int(struct reader *r, const char *key, int64_t min, int64_t max, int64_t *out)
{
	json_t *v = value(r, key);

	if (!v)
		return 0;
	if (!json_is_integer(v))
		return reader_fail(r, key, "must be a whole number");
	if (json_integer_value(v) < min || json_integer_value(v) > max)
		return reader_fail(r, key, "must be between %" PRId64 " and %" PRId64 ", not %" JSON_INTEGER_FORMAT,
				   min, max, json_integer_value(v));
	*out = json_integer_value(v);
	return 0;
}

int read_u32(struct reader *r, const char *key, uint32_t max, uint32_t *out)
{
	int64_t v = *out;
	int rc = read_int(r, key, 0, max, &v);

	if (rc == 0)
		*out = (uint32_t)v;
	return rc;
}

int read_u64(struct reader *r, const char *key, uint64_t *out)
{
	int64_t v = (int64_t)*out;
	int rc = read_int(r, key, 0, INT64_MAX, &v);

	if (rc == 0)
		*out = (uint64_t)v;
	return rc;
}

int read_bool(struct reader *r, const char *key, bool *out)
{
	json_t *v = value(r, key);

	if (!v)
		return 0;
	if (!json_is_boolean(v))
		return reader_fail(r, key, "must be true or false");
	*out = json_is_true(v);
	return 0;
}

int read_text(struct reader *r, const char *key, char *out, size_t size, bool non_empty)
{
	json_t *v = value(r, key);
	size_t len;

	if (!v)
		return 0;
	if (!json_is_string(v))
		return reader_fail(r, key, "must be a string");
	len = json_string_length(v);
	if (len >= size)
		return reader_fail(r, key, "is too long: %zu characters, at most %zu", len, size - 1);
	if (non_empty && len == 0)
		return reader_fail(r, key, "must not be empty");
	if (memchr(json_string_value(v), '\0', len))
		return reader_fail(r, key, "must not contain NUL characters");
	memcpy(out, json_string_value(v), len + 1);
	return 0;
}

int read_enum(struct reader *r, const char *key, const char *const *names, int *out)
{
	json_t *v = value(r, key);
	char allowed[256] = "";
	size_t used = 0;

	if (!v)
		return 0;
	for (int i = 0; names[i]; i++) {
		if (json_is_string(v) && strcmp(json_string_value(v), names[i]) == 0) {
			*out = i;
			return 0;
		}
		if (used < sizeof(allowed))
			used += (size_t)snprintf(allowed + used, sizeof(allowed) - used, "%s%s", i ? ", " : "",
						 names[i]);
	}
	return reader_fail(r, key, "must be one of %s", allowed);
}

int reader_only(struct reader *r, const char *const *allowed)
{
	const char *key;
	json_t *v;

	json_object_foreach(r->obj, key, v) {
		int known = 0;

		for (int i = 0; allowed[i]; i++)
			known |= strcmp(key, allowed[i]) == 0;
		if (!known)
			return reader_fail(r, key, "unknown field");
	}
	return 0;
}
