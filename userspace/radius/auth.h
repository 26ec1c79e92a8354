/* Packet authentication: Request/Response Authenticators (RFC 2865 §3,
 * RFC 2866 §3, RFC 5176 §2.3) and Message-Authenticator (RFC 3579 §3.2,
 * HMAC-MD5 keyed with the shared secret).
 *
 * Which Authenticator field a computation uses follows the packet's code:
 *   Access-Request, Status-Server        its own random Request Authenticator
 *   Accounting-/Disconnect-/CoA-Request  16 zero octets
 *   every reply                          the request's Request Authenticator
 * Secrets must not be empty (-EINVAL). Results: 0 when authentic, -EACCES when
 * a check fails, -ENOENT when a required Message-Authenticator is absent. */
#ifndef SPOTGATE_RADIUS_AUTH_H
#define SPOTGATE_RADIUS_AUTH_H

#include <stddef.h>
#include <stdint.h>

#include "radius/packet.h"

/* MD5(Code|Identifier|Length|auth|Attributes|secret) over the raw packet
 * `pkt` of `len` octets (>= 20), with `auth` in place of its Authenticator. */
int radius_authenticator_compute(const uint8_t *pkt, size_t len, const uint8_t auth[RADIUS_AUTH_LEN],
				 const void *secret, size_t secret_len, uint8_t out[RADIUS_AUTH_LEN]);

/* HMAC-MD5 over the raw packet with its Message-Authenticator value (at
 * `ma_off`) zeroed and `auth` in place of its Authenticator. */
int radius_message_authenticator_compute(const uint8_t *pkt, size_t len, size_t ma_off,
					 const uint8_t auth[RADIUS_AUTH_LEN],
					 const void *secret, size_t secret_len,
					 uint8_t out[RADIUS_AUTH_LEN]);

/* Request Authenticator of an Accounting-, Disconnect- or CoA-Request.
 * -EINVAL for other codes, whose authenticator is random. */
int radius_verify_request_authenticator(const struct radius_packet *pkt,
					const void *secret, size_t secret_len);

/* Message-Authenticator of any packet; `request_auth` is needed for replies
 * only (else may be NULL). -ENOENT when the packet carries none. */
int radius_verify_message_authenticator(const struct radius_packet *pkt,
					const uint8_t *request_auth,
					const void *secret, size_t secret_len);

/* Server-side policy for Access-Request, FreeRADIUS 3.2.5 meanings. */
enum radius_verify_flags {
	/* Access-Request without Message-Authenticator is refused. */
	RADIUS_REQUIRE_MA        = 1u << 0,
	/* Access-Request with Proxy-State but without Message-Authenticator is
	 * refused: the BlastRADIUS attack smuggles its collision in Proxy-State. */
	RADIUS_LIMIT_PROXY_STATE = 1u << 1,
};

/* Everything a server checks on a received request before trusting it:
 * Message-Authenticator when present (always required for Status-Server,
 * RFC 5997, and with EAP-Message, RFC 3579), the flags above, and the
 * Request Authenticator of Accounting/Disconnect/CoA requests.
 * -EINVAL when `pkt` is not a request. */
int radius_verify_request(const struct radius_packet *pkt, const void *secret, size_t secret_len,
			  unsigned flags);

/* Client side: is `reply` an authentic answer to `request` (same Identifier,
 * a matching code, Response Authenticator, Message-Authenticator when
 * present)? With RADIUS_REQUIRE_MA an Access-Accept/Reject/Challenge without
 * one is refused (-ENOENT). -EPROTO when id or code do not match. */
int radius_verify_reply(const struct radius_packet *reply, const struct radius_packet *request,
			const void *secret, size_t secret_len, unsigned flags);

/* 16 random octets for a new Access-Request or Status-Server. */
int radius_random_authenticator(uint8_t out[RADIUS_AUTH_LEN]);

#endif
