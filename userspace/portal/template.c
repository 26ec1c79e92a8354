#include "portal/template.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void text_buf_put(struct text_buf *b, const char *s, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *p;

		while (b->len + len + 1 > cap)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p)
			abort();
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void text_buf_puts(struct text_buf *b, const char *s)
{
	text_buf_put(b, s, strlen(s));
}

void text_buf_printf(struct text_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n < sizeof(small)) {
		text_buf_put(b, small, (size_t)n);
		return;
	}
	char *big = malloc((size_t)n + 1);

	if (!big)
		abort();
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	text_buf_put(b, big, (size_t)n);
	free(big);
}

void text_buf_free(struct text_buf *b)
{
	free(b->data);
	*b = (struct text_buf){ 0 };
}

void text_buf_escape(struct text_buf *b, const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		text_buf_put(b, s + start, i - start);
		text_buf_puts(b, rep);
		start = i + 1;
	}
	text_buf_put(b, s + start, len - start);
}

static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);

	for (; p + n <= end; p++)
		if (memcmp(p, needle, n) == 0)
			return p;
	return NULL;
}

/* the {{/name}} closing a block opened for name, skipping nested blocks of
 * the same name */
static const char *block_end(const char *p, const char *end, const char *name, size_t len)
{
	int depth = 1;

	while ((p = find(p, end, "{{")) != NULL) {
		const char *q = p + 2;

		if ((*q == '#' || *q == '^' || *q == '/') && q + 1 + len + 2 <= end &&
		    memcmp(q + 1, name, len) == 0 && memcmp(q + 1 + len, "}}", 2) == 0) {
			if (*q == '/' && --depth == 0)
				return p;
			if (*q != '/')
				depth++;
		}
		p += 2;
	}
	return NULL;
}

static int render(const char *p, const char *end, template_lookup lookup, void *ctx, struct text_buf *out)
{
	while (p < end) {
		const char *open = find(p, end, "{{"), *close, *name;
		size_t len;
		int raw = 0;

		if (!open) {
			text_buf_put(out, p, (size_t)(end - p));
			return 0;
		}
		text_buf_put(out, p, (size_t)(open - p));
		name = open + 2;
		if (name < end && *name == '{') {
			raw = 1;
			name++;
		}
		close = find(name, end, raw ? "}}}" : "}}");
		if (!close)
			return -EINVAL;
		len = (size_t)(close - name);
		p = close + (raw ? 3 : 2);
		if (!raw && len > 1 && (*name == '#' || *name == '^')) {
			const char *v = lookup(ctx, name + 1, len - 1);
			const char *stop = block_end(p, end, name + 1, len - 1);
			int show = v && *v;

			if (!stop)
				return -EINVAL;
			if (*name == '^')
				show = !show;
			if (show && render(p, stop, lookup, ctx, out))
				return -EINVAL;
			p = stop + len + 4;	/* "{{/" name "}}" */
			continue;
		}
		if (!raw && len > 0 && *name == '/')
			return -EINVAL;	/* a close without its open */
		const char *v = lookup(ctx, name, len);

		if (v) {
			if (raw)
				text_buf_puts(out, v);
			else
				text_buf_escape(out, v, strlen(v));
		}
	}
	return 0;
}

int template_render(const char *tpl, size_t len, template_lookup lookup, void *ctx, struct text_buf *out)
{
	return render(tpl, tpl + len, lookup, ctx, out);
}
