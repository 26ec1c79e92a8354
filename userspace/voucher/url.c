#include "voucher/url.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>

static int unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

int voucher_ticket_url(const char *url_template, const char *code, char *buf, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	const size_t plen = strlen(VOUCHER_URL_PLACEHOLDER);
	const char *p = url_template;
	size_t o = 0;

	if (len)
		buf[0] = '\0';
	if (!url_template || !code || !strstr(url_template, VOUCHER_URL_PLACEHOLDER))
		return -EINVAL;
	/* Each step checks room for what it writes plus the final NUL. */
	while (*p) {
		if (strncmp(p, VOUCHER_URL_PLACEHOLDER, plen) == 0) {
			for (const unsigned char *c = (const unsigned char *)code; *c; c++) {
				size_t need = unreserved(*c) ? 1 : 3;

				if (o + need + 1 > len)
					goto nospace;
				if (need == 1) {
					buf[o++] = (char)*c;
				} else {
					buf[o++] = '%';
					buf[o++] = hex[*c >> 4];
					buf[o++] = hex[*c & 15];
				}
			}
			p += plen;
		} else {
			if (o + 2 > len)
				goto nospace;
			buf[o++] = *p++;
		}
	}
	buf[o] = '\0';
	return 0;
nospace:
	if (len)
		buf[0] = '\0';
	return -ENOSPC;
}
