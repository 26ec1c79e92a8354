/* Building RADIUS packets into a caller's buffer.
 *
 *   struct radius_builder b;
 *   radius_reply_init(&b, buf, sizeof(buf), RADIUS_ACCESS_ACCEPT, &request);
 *   radius_add_u32(&b, RADIUS_ATTR_SESSION_TIMEOUT, 3600);
 *   radius_copy_proxy_state(&b, &request);
 *   len = radius_finish(&b, secret, secret_len);   // > 0: octets to send
 *
 * Access-Accept/Reject/Challenge, Access-Request and Status-Server get a
 * Message-Authenticator as their FIRST attribute, placed by init: a forged
 * MD5 chosen-prefix collision (BlastRADIUS, CVE-2024-3596) needs attacker
 * bytes before it. Other codes may add one with radius_add_message_authenticator().
 * radius_finish() fills Message-Authenticator and then the Authenticator field
 * as the code requires (see auth.h).
 *
 * Errors stick: after the first failing add, later adds do nothing and
 * radius_finish() returns that error, so callers may check once at the end.
 * -ENOSPC packet or buffer full, -EINVAL bad argument. */
#ifndef SPOTGATE_RADIUS_ENCODE_H
#define SPOTGATE_RADIUS_ENCODE_H

#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>

#include "radius/packet.h"

struct radius_builder {
	uint8_t *buf;
	size_t cap;                            /* min(buffer size, 4096) */
	size_t len;
	size_t ma_off;                         /* Message-Authenticator value, 0 if none */
	int err;                               /* first error, sticky */
	uint8_t req_auth[RADIUS_AUTH_LEN];     /* request's authenticator (replies), own (Access-Request) */
};

/* A request. `authenticator` is the random Request Authenticator for
 * Access-Request and Status-Server (see radius_random_authenticator()) and is
 * ignored (may be NULL) for Accounting-, Disconnect- and CoA-Request. */
int radius_request_init(struct radius_builder *b, void *buf, size_t size, uint8_t code, uint8_t id,
			const uint8_t *authenticator);
/* A reply to a decoded request: same Identifier, its authenticator kept for finish. */
int radius_reply_init(struct radius_builder *b, void *buf, size_t size, uint8_t code,
		      const struct radius_packet *request);

/* One attribute with a value of 0..253 octets. */
int radius_add(struct radius_builder *b, uint8_t type, const void *value, size_t len);
int radius_add_string(struct radius_builder *b, uint8_t type, const char *s);
int radius_add_u32(struct radius_builder *b, uint8_t type, uint32_t value);
int radius_add_ipaddr(struct radius_builder *b, uint8_t type, struct in_addr addr);

/* Vendor-Specific (RFC 2865 §5.26), one sub-attribute per attribute, in the
 * type(1) length(1) format WISPr, ChilliSpot and MikroTik use; 0..247 octets. */
int radius_add_vsa(struct radius_builder *b, uint32_t vendor, uint8_t type,
		   const void *value, size_t len);
int radius_add_vsa_string(struct radius_builder *b, uint32_t vendor, uint8_t type, const char *s);
int radius_add_vsa_u32(struct radius_builder *b, uint32_t vendor, uint8_t type, uint32_t value);

/* A 64-bit count as <octets_type> plus <gigawords_type> (vendor 0 for the
 * standard space); the gigawords attribute is left out when it would be 0. */
int radius_add_u64(struct radius_builder *b, uint32_t vendor, uint8_t octets_type,
		   uint8_t gigawords_type, uint64_t value);

/* User-Password hidden with the secret and this Access-Request's authenticator. */
int radius_add_user_password(struct radius_builder *b, const void *password, size_t len,
			     const void *secret, size_t secret_len);

/* Placeholder filled in by radius_finish(); at most one per packet. */
int radius_add_message_authenticator(struct radius_builder *b);

/* Fills in Length, Message-Authenticator and Authenticator.
 * Returns the packet length (> 0) or a negative error. */
int radius_finish(struct radius_builder *b, const void *secret, size_t secret_len);

#endif
