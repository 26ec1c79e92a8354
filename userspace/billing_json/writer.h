/* A JSON text writer for states saved on every login and accounting request: the
 * text straight into one growing buffer, without building a jansson tree first (the
 * tree cost a malloc per field and was a fifth of a RADIUS login). Keys and strings
 * are escaped; numbers are integers. */
#ifndef SPOTGATE_BILLING_JSON_WRITER_H
#define SPOTGATE_BILLING_JSON_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/textbuf.h"

struct json_writer {
	struct textbuf text;	/* out of memory: json_writer_finish() returns NULL */
};

/* Opens an object ('{') or array ('['), as the value of key inside an object, or as
 * an element (key NULL). */
void json_writer_open(struct json_writer *w, const char *key, char open);
void json_writer_close(struct json_writer *w, char close);
void json_writer_int(struct json_writer *w, const char *key, int64_t v);
void json_writer_bool(struct json_writer *w, const char *key, bool v);
void json_writer_string(struct json_writer *w, const char *key, const char *s);
/* The text (the caller frees it), or NULL when memory ran out. */
char *json_writer_finish(struct json_writer *w);

#endif
