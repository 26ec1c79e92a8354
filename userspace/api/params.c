#include "api/params.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

static int absent(struct api_reply *reply, const char *field, int required)
{
	if (!required)
		return 1;
	api_error(reply, 400, field, "%s is required", field);
	return -EINVAL;
}

int param_string(struct api_call *call, struct api_reply *reply, const char *field, int required,
		 size_t max_len, const char **out)
{
	json_t *v = json_object_get(call->body, field);
	size_t len;

	if (!v || json_is_null(v))
		return absent(reply, field, required);
	if (!json_is_string(v)) {
		api_error(reply, 400, field, "%s must be a string", field);
		return -EINVAL;
	}
	len = json_string_length(v);
	if (len > max_len) {
		api_error(reply, 400, field, "%s is too long: %zu characters, at most %zu", field, len,
			  max_len);
		return -EINVAL;
	}
	if (memchr(json_string_value(v), '\0', len)) {
		api_error(reply, 400, field, "%s must not contain NUL characters", field);
		return -EINVAL;
	}
	if (required && len == 0) {
		api_error(reply, 400, field, "%s must not be empty", field);
		return -EINVAL;
	}
	*out = json_string_value(v);
	return 0;
}

static int check_range(struct api_reply *reply, const char *field, int64_t v, int64_t min, int64_t max)
{
	if (v < min || v > max) {
		api_error(reply, 400, field, "%s must be between %" PRId64 " and %" PRId64 ", not %" PRId64,
			  field, min, max, v);
		return -EINVAL;
	}
	return 0;
}

int param_int(struct api_call *call, struct api_reply *reply, const char *field, int required,
	      int64_t min, int64_t max, int64_t *out)
{
	json_t *v = json_object_get(call->body, field);

	if (!v || json_is_null(v))
		return absent(reply, field, required);
	if (!json_is_integer(v)) {
		api_error(reply, 400, field, "%s must be a whole number", field);
		return -EINVAL;
	}
	if (check_range(reply, field, json_integer_value(v), min, max))
		return -EINVAL;
	*out = json_integer_value(v);
	return 0;
}

int param_bool(struct api_call *call, struct api_reply *reply, const char *field, int required,
	       int *out)
{
	json_t *v = json_object_get(call->body, field);

	if (!v || json_is_null(v))
		return absent(reply, field, required);
	if (!json_is_boolean(v)) {
		api_error(reply, 400, field, "%s must be true or false", field);
		return -EINVAL;
	}
	*out = json_is_true(v);
	return 0;
}

int param_enum(struct api_call *call, struct api_reply *reply, const char *field, int required,
	       const char *const *names, int *out)
{
	const char *s = NULL;
	char allowed[256] = "";
	size_t used = 0;
	int rc = param_string(call, reply, field, required, 64, &s);

	if (rc)
		return rc;
	for (int i = 0; names[i]; i++) {
		if (strcmp(s, names[i]) == 0) {
			*out = i;
			return 0;
		}
		if (used < sizeof(allowed))
			used += (size_t)snprintf(allowed + used, sizeof(allowed) - used, "%s%s",
						 i ? ", " : "", names[i]);
	}
	api_error(reply, 400, field, "%s must be one of %s, not \"%s\"", field, allowed, s);
	return -EINVAL;
}

int query_int(struct api_call *call, struct api_reply *reply, const char *name, int required,
	      int64_t min, int64_t max, int64_t *out)
{
	char buf[32], *end;
	long long v;
	int rc = api_query(call, name, buf, sizeof(buf));

	if (rc == -ENOENT)
		return absent(reply, name, required);
	if (rc == 0) {
		errno = 0;
		v = strtoll(buf, &end, 10);
		if (!errno && *buf && !*end) {
			if (check_range(reply, name, v, min, max))
				return -EINVAL;
			*out = v;
			return 0;
		}
	}
	api_error(reply, 400, name, "%s must be a whole number", name);
	return -EINVAL;
}

int param_page(struct api_call *call, struct api_reply *reply, int64_t per_page_default,
	       int64_t per_page_max, struct page *out)
{
	out->page = 1;
	out->per_page = per_page_default;
	if (query_int(call, reply, "page", 0, 1, INT32_MAX, &out->page) < 0 ||
	    query_int(call, reply, "per_page", 0, 1, per_page_max, &out->per_page) < 0)
		return -EINVAL;
	return 0;
}

json_t *page_result(json_t *items, int64_t total, const struct page *page)
{
	return json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total", (json_int_t)total, "page",
			 (json_int_t)page->page, "per_page", (json_int_t)page->per_page);
}
