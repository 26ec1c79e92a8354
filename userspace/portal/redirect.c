#include "portal/redirect.h"

#include <ctype.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

bool redirect_url_valid(const char *url, char *host, size_t hostlen)
{
	const char *p, *h, *e;
	size_t len = strlen(url);

	if (len == 0 || len >= PORTAL_URL_MAX)
		return false;
	for (p = url; *p; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f || *p == '\\' || *p == '"' || *p == '<' || *p == '>')
			return false;
	if (strncasecmp(url, "http://", 7) == 0)
		h = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		h = url + 8;
	else
		return false;
	e = h + strcspn(h, "/?#");
	if (e == h || memchr(h, '@', (size_t)(e - h)))
		return false;	/* no host, or user info (http://good@evil) */
	/* the host without a port; IPv6 literals keep their brackets */
	const char *colon = *h == '[' ? memchr(h, ']', (size_t)(e - h)) : memchr(h, ':', (size_t)(e - h));
	const char *hend = e;

	if (*h == '[') {
		if (!colon)
			return false;
		hend = colon + 1;
	} else if (colon) {
		hend = colon;
	}
	if (hend == h || (size_t)(hend - h) >= hostlen)
		return false;
	for (const char *c = hend; c < e; c++)	/* ":port" */
		if (c > hend && !isdigit((unsigned char)*c))
			return false;
	for (size_t i = 0; h + i < hend; i++)
		host[i] = (char)tolower((unsigned char)h[i]);
	host[hend - h] = '\0';
	return true;
}

bool redirect_host_listed(const char *list, const char *host)
{
	size_t hl = strlen(host);

	for (const char *p = list; p && *p;) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n && *p == ' ') {
			p++;
			n--;
		}
		while (n && p[n - 1] == ' ')
			n--;
		if (n > 2 && p[0] == '*' && p[1] == '.') {
			/* "*.example.com": any name ending in ".example.com" */
			if (hl > n - 1 && strncasecmp(host + hl - (n - 1), p + 1, n - 1) == 0)
				return true;
		} else if (n && n == hl && strncasecmp(p, host, n) == 0) {
			return true;
		}
		p = end ? end + 1 : NULL;
	}
	return false;
}

static void hmac_hex(const void *key, size_t keylen, const char *a, size_t alen, const char *b, size_t blen,
		     char out[65])
{
	unsigned char mac[32];
	unsigned int len = 0;
	unsigned char *msg = malloc(alen + blen + 1);

	if (!msg)
		abort();
	memcpy(msg, a, alen);
	memcpy(msg + alen, b, blen);
	HMAC(EVP_sha256(), key, (int)keylen, msg, alen + blen, mac, &len);
	free(msg);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
}

void redirect_sign(const unsigned char *key, size_t keylen, const char *url, char out[65])
{
	hmac_hex(key, keylen, "url|", 4, url, strlen(url), out);
}

static bool hex_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != 64 || strlen(b) != 64)
		return false;
	/* case-insensitive hex: providers print either */
	char lb[65];

	for (size_t i = 0; i < 64; i++)
		lb[i] = (char)tolower((unsigned char)b[i]);
	lb[64] = '\0';
	return CRYPTO_memcmp(a, lb, 64) == 0;
}

bool redirect_signed(const unsigned char *key, size_t keylen, const char *url, const char *sig)
{
	char want[65];

	if (!sig)
		return false;
	redirect_sign(key, keylen, url, want);
	return hex_equal(want, sig);
}

void webhook_signature(const char *secret, const char *timestamp, const char *body, size_t len, char out[65])
{
	char prefix[40];
	int n = snprintf(prefix, sizeof(prefix), "%s.", timestamp);

	hmac_hex(secret, strlen(secret), prefix, (size_t)(n > 0 && n < (int)sizeof(prefix) ? n : 0), body, len,
		 out);
}

bool webhook_verify(const char *secret, const char *timestamp, const char *body, size_t len, const char *sig,
		    long long now)
{
	char want[65], *end;
	long long ts;

	if (!secret || !*secret || !timestamp || !sig || strlen(timestamp) > 20)
		return false;
	ts = strtoll(timestamp, &end, 10);
	if (end == timestamp || *end || ts < now - WEBHOOK_WINDOW || ts > now + WEBHOOK_WINDOW)
		return false;
	webhook_signature(secret, timestamp, body, len, want);
	return hex_equal(want, sig);
}
