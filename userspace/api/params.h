/* Reading a request's JSON body and query with validation. Each getter
 * returns 0 when the value is there and good, 1 when it is absent and not
 * required (out is left as it was), or -EINVAL after filling reply with a
 * 400 that names the field and says what is allowed. */
#ifndef SPOTGATE_API_PARAMS_H
#define SPOTGATE_API_PARAMS_H

#include <stdint.h>

#include "api/api.h"

int param_string(struct api_call *call, struct api_reply *reply, const char *field, int required,
		 size_t max_len, const char **out);
int param_int(struct api_call *call, struct api_reply *reply, const char *field, int required,
	      int64_t min, int64_t max, int64_t *out);
int param_bool(struct api_call *call, struct api_reply *reply, const char *field, int required,
	       int *out);
/* One of a NULL-terminated list of names; *out is its index. */
int param_enum(struct api_call *call, struct api_reply *reply, const char *field, int required,
	       const char *const *names, int *out);

/* Pagination from the query: page (from 1) and per_page (1..max, default
 * per_page_default). */
struct page {
	int64_t page;
	int64_t per_page;
};
int param_page(struct api_call *call, struct api_reply *reply, int64_t per_page_default,
	       int64_t per_page_max, struct page *out);
/* {"items": items, "total": n, "page": p, "per_page": pp} */
json_t *page_result(json_t *items, int64_t total, const struct page *page);

/* An integer from the query string (e.g. ?from=...), same rules as above. */
int query_int(struct api_call *call, struct api_reply *reply, const char *name, int required,
	      int64_t min, int64_t max, int64_t *out);

#endif
