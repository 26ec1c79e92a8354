#include "api/csv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(struct csv *c, const char *s, size_t n)
{
	if (c->failed)
		return;
	if (c->len + n + 1 > c->cap) {
		size_t cap = (c->cap ? c->cap * 2 : 4096) + n;
		char *grown = realloc(c->data, cap);

		if (!grown) {
			c->failed = 1;
			return;
		}
		c->data = grown;
		c->cap = cap;
	}
	memcpy(c->data + c->len, s, n);
	c->len += n;
	c->data[c->len] = '\0';
}

void csv_field(struct csv *c, const char *text)
{
	if (c->in_row)
		put(c, ",", 1);
	c->in_row = 1;
	if (!text)
		return;
	if (!strpbrk(text, ",\"\r\n")) {
		put(c, text, strlen(text));
		return;
	}
	put(c, "\"", 1);
	for (const char *p = text; *p; p++) {
		put(c, p, 1);
		if (*p == '"')
			put(c, "\"", 1);	/* a quote inside is doubled */
	}
	put(c, "\"", 1);
}

void csv_int(struct csv *c, int64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRId64, v);
	csv_field(c, buf);
}

void csv_end_row(struct csv *c)
{
	put(c, "\r\n", 2);
	c->in_row = 0;
}
