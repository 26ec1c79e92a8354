/* HMAC-SHA256 with the key set up once. OpenSSL's one-shot HMAC() looks the
 * algorithms up by name and sets the key up again on every call, which shows
 * on pages the portal signs thousands of times a second. */
#ifndef SPOTGATE_HMAC_H
#define SPOTGATE_HMAC_H

#include <stddef.h>
#include <stdint.h>

struct hmac_key;

/* NULL when OpenSSL cannot set it up (out of memory). */
struct hmac_key *hmac_key_new(const void *key, size_t len);
void hmac_key_free(struct hmac_key *k);

/* The MAC of msg; 0, or -EIO. */
int hmac_sha256(const struct hmac_key *k, const void *msg, size_t len, uint8_t out[32]);
/* The same as 64 lowercase hex digits and a NUL; an empty string on failure. */
void hmac_sha256_hex(const struct hmac_key *k, const void *msg, size_t len, char out[65]);

/* n bytes as 2n lowercase hex digits and a NUL. */
void hex_encode(const void *in, size_t n, char *out);

#endif
