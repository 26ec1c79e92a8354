/* Portal pages: HTML templates with a few mustache-like tags, rendered into
 * an h2o buffer. No logic beyond "is this set":
 *
 *   {{name}}            the value, HTML-escaped
 *   {{{name}}}          the value as it is (for fragments rendered earlier)
 *   {{#name}}..{{/name}}  the block when the value is set and not empty
 *   {{^name}}..{{/name}}  the block when it is not
 *
 * Values come from a lookup callback, so pages pass their own fields and the
 * message catalog (keys "t.xxx") without copying. Unknown names render as
 * nothing. Pure: no I/O. */
#ifndef SPOTGATE_PORTAL_TEMPLATE_H
#define SPOTGATE_PORTAL_TEMPLATE_H

#include <stddef.h>

/* The value of name (not NUL-terminated: len bytes), or NULL when unset. */
typedef const char *(*template_lookup)(void *ctx, const char *name, size_t len);

/* Appends the rendering of tpl to out (a growing buffer, see below). */
struct text_buf {
	char *data;
	size_t len, cap;
};
void text_buf_put(struct text_buf *b, const char *s, size_t len);
void text_buf_puts(struct text_buf *b, const char *s);
void text_buf_printf(struct text_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void text_buf_free(struct text_buf *b);
/* HTML-escapes s (& < > " ') onto b. */
void text_buf_escape(struct text_buf *b, const char *s, size_t len);

/* 0, or -EINVAL for an unclosed tag or block (the part before it is rendered). */
int template_render(const char *tpl, size_t len, template_lookup lookup, void *ctx, struct text_buf *out);

#endif
