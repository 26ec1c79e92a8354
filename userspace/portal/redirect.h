/* Where a guest may be sent after login: the configured post-login URL, the
 * URL the guest first asked for (carried through the login form with a
 * signature, so nobody can craft a portal link that bounces elsewhere), or a
 * URL on a host the configuration allows. Only http and https, no user
 * info, no control characters. Pure. */
#ifndef SPOTGATE_PORTAL_REDIRECT_H
#define SPOTGATE_PORTAL_REDIRECT_H

#include <stdbool.h>
#include <stddef.h>

#define PORTAL_URL_MAX 1024

/* Whether url is an absolute http(s) URL we would print in a Location
 * header; its host (lowercase, without port) goes to host. */
bool redirect_url_valid(const char *url, char *host, size_t hostlen);

/* Whether host is one of the comma-separated names in list (exact, case
 * insensitive; "*.example.com" matches its subdomains). */
bool redirect_host_listed(const char *list, const char *host);

/* hex HMAC-SHA256(key, "url|" url): the signature carried beside the
 * original URL in forms and links */
void redirect_sign(const unsigned char *key, size_t keylen, const char *url, char out[65]);
bool redirect_signed(const unsigned char *key, size_t keylen, const char *url, const char *sig);

/* The HMAC-SHA256 of a payment provider's notification: hex of
 * HMAC(secret, timestamp "." body). Accepted when it matches (constant time)
 * and the timestamp is within 300 s of now. */
#define WEBHOOK_WINDOW 300
void webhook_signature(const char *secret, const char *timestamp, const char *body, size_t len, char out[65]);
bool webhook_verify(const char *secret, const char *timestamp, const char *body, size_t len, const char *sig,
		    long long now);

#endif
