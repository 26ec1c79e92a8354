#include "voucher/winansi.h"

#include <stdint.h>

/* Code points that Windows-1252 keeps in 0x80..0x9f, where Latin-1 has
 * control characters. */
static const struct { uint16_t cp; unsigned char byte; } extras[] = {
	{ 0x20ac, 0x80 }, { 0x201a, 0x82 }, { 0x0192, 0x83 }, { 0x201e, 0x84 },
	{ 0x2026, 0x85 }, { 0x2020, 0x86 }, { 0x2021, 0x87 }, { 0x02c6, 0x88 },
	{ 0x2030, 0x89 }, { 0x0160, 0x8a }, { 0x2039, 0x8b }, { 0x0152, 0x8c },
	{ 0x017d, 0x8e }, { 0x2018, 0x91 }, { 0x2019, 0x92 }, { 0x201c, 0x93 },
	{ 0x201d, 0x94 }, { 0x2022, 0x95 }, { 0x2013, 0x96 }, { 0x2014, 0x97 },
	{ 0x02dc, 0x98 }, { 0x2122, 0x99 }, { 0x0161, 0x9a }, { 0x203a, 0x9b },
	{ 0x0153, 0x9c }, { 0x017e, 0x9e }, { 0x0178, 0x9f },
};

/* Decodes one UTF-8 sequence at s; sets *cp (0xfffd when malformed) and
 * returns its length in bytes (at least 1). */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t n;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	} else if ((s[0] & 0xe0) == 0xc0) {
		n = 2, c = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, c = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, c = s[0] & 0x07, min = 0x10000;
	} else {
		*cp = 0xfffd;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {	/* also stops at the NUL */
			*cp = 0xfffd;
			return i;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*cp = (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) ? 0xfffd : c;
	return n;
}

static unsigned char winansi_byte(uint32_t cp)
{
	if ((cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff))
		return (unsigned char)cp;
	for (size_t i = 0; i < sizeof(extras) / sizeof(extras[0]); i++)
		if (extras[i].cp == cp)
			return extras[i].byte;
	return '?';
}

void voucher_utf8_to_winansi(const char *src, char *dst, size_t len)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t o = 0;

	if (len == 0)
		return;
	while (*s && o + 1 < len) {
		uint32_t cp;

		s += utf8_next(s, &cp);
		dst[o++] = (char)winansi_byte(cp);
	}
	dst[o] = '\0';
}
