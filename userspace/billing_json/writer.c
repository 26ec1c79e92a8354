#include "billing_json/writer.h"

#include <string.h>

static void put(struct json_writer *w, const char *s, size_t n)
{
	textbuf_put(&w->text, s, n);
}

/* the two-character escape of c, or 0 for \\u00XX */
static char short_escape(unsigned char c)
{
	switch (c) {
	case '"': return '"';
	case '\\': return '\\';
	case '\b': return 'b';
	case '\f': return 'f';
	case '\n': return 'n';
	case '\r': return 'r';
	case '\t': return 't';
	default: return 0;
	}
}

/* escaped as jansson escapes, so either may have written a stored text */
static void put_string(struct json_writer *w, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const char *run = s;

	put(w, "\"", 1);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(w, run, (size_t)(s - run));
		char esc[6] = { '\\', short_escape(c), '0', '0', hex[c >> 4], hex[c & 15] };

		if (esc[1]) {
			put(w, esc, 2);
		} else {
			esc[1] = 'u';
			put(w, esc, sizeof(esc));
		}
		run = s + 1;
	}
	put(w, run, (size_t)(s - run));
	put(w, "\"", 1);
}

/* a comma unless this is the first member, then "key": (our keys, short and
 * needing no escapes, in one write) */
static void member(struct json_writer *w, const char *key)
{
	char head[64], last = w->text.len ? w->text.buf[w->text.len - 1] : '[';
	size_t n = 0, start;

	if (last != '{' && last != '[')
		head[n++] = ',';
	start = n;
	if (key) {
		const char *k = key;

		head[n++] = '"';
		for (; *k && n < sizeof(head) - 2; k++) {
			if ((unsigned char)*k < 0x20 || *k == '"' || *k == '\\')
				break;
			head[n++] = *k;
		}
		if (*k) {
			n = start;	/* escapes, or too long: put_string below */
		} else {
			head[n++] = '"';
			head[n++] = ':';
			key = NULL;
		}
	}
	put(w, head, n);
	if (key) {
		put_string(w, key);
		put(w, ":", 1);
	}
}

void json_writer_open(struct json_writer *w, const char *key, char open)
{
	member(w, key);
	put(w, &open, 1);
}

void json_writer_close(struct json_writer *w, char close)
{
	put(w, &close, 1);
}

void json_writer_int(struct json_writer *w, const char *key, int64_t v)
{
	char digits[24], *p = digits + sizeof(digits);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	member(w, key);
	put(w, p, (size_t)(digits + sizeof(digits) - p));
}

void json_writer_bool(struct json_writer *w, const char *key, bool v)
{
	member(w, key);
	put(w, v ? "true" : "false", v ? 4 : 5);
}

void json_writer_string(struct json_writer *w, const char *key, const char *s)
{
	member(w, key);
	put_string(w, s ? s : "");
}

char *json_writer_finish(struct json_writer *w)
{
	return textbuf_take(&w->text, NULL);
}
