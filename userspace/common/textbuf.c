#include "common/textbuf.h"

#include <stdlib.h>
#include <string.h>

void textbuf_put(struct textbuf *t, const char *s, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		char *grown;

		while (t->len + n + 1 > cap)
			cap *= 2;
		if (!(grown = realloc(t->buf, cap))) {
			t->failed = true;
			return;
		}
		t->buf = grown;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	t->buf[t->len] = '\0';
}

char *textbuf_take(struct textbuf *t, size_t *len)
{
	char *text = t->buf;

	if (t->failed || !text) {
		free(t->buf);
		text = t->failed ? NULL : strdup("");
	}
	if (len)
		*len = text ? t->len : 0;
	*t = (struct textbuf){ 0 };
	return text;
}
