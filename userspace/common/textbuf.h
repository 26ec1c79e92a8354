/* A text that grows as it is written: the metrics page and the stored JSON states
 * are built in one. Out of memory is remembered, not reported per call: the text is
 * dropped when taken. */
#ifndef SPOTGATE_TEXTBUF_H
#define SPOTGATE_TEXTBUF_H

#include <stdbool.h>
#include <stddef.h>

struct textbuf {
	char *buf;	/* NUL-terminated once anything is written */
	size_t len, cap;
	bool failed;
};

void textbuf_put(struct textbuf *t, const char *s, size_t n);
/* The text (free() it; "" when nothing was written) and its length, or NULL after
 * running out of memory. t is empty again afterwards. */
char *textbuf_take(struct textbuf *t, size_t *len);

#endif
