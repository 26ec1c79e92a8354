/* PAP and CHAP (RFC 2865 §5.2, §5.3, §2.2).
 *
 * User-Password is hidden in 16-octet blocks: c(1) = p(1) xor MD5(S + RA),
 * c(i) = p(i) xor MD5(S + c(i-1)); the password is padded with zeros to a
 * multiple of 16, at most 128 octets. Unhiding strips the zero padding. */
#ifndef SPOTGATE_RADIUS_PASSWORD_H
#define SPOTGATE_RADIUS_PASSWORD_H

#include <stddef.h>
#include <stdint.h>

#include "radius/packet.h"

#define RADIUS_PASSWORD_MAX 128
#define RADIUS_CHAP_LEN     16

/* `out` holds RADIUS_PASSWORD_MAX octets; *out_len is a multiple of 16.
 * -EMSGSIZE for a password over 128 octets. */
int radius_password_hide(const void *password, size_t len, const uint8_t auth[RADIUS_AUTH_LEN],
			 const void *secret, size_t secret_len,
			 uint8_t out[RADIUS_PASSWORD_MAX], size_t *out_len);

/* `out` holds RADIUS_PASSWORD_MAX + 1 octets and is NUL-terminated; *out_len
 * (may be NULL) is the length without the padding. -EBADMSG when `len` is not
 * 16..128 and a multiple of 16. A wrong secret gives garbage, not an error:
 * PAP has no integrity check of its own, the comparison with the stored
 * password is the check. */
int radius_password_unhide(const uint8_t *hidden, size_t len, const uint8_t auth[RADIUS_AUTH_LEN],
			   const void *secret, size_t secret_len,
			   char out[RADIUS_PASSWORD_MAX + 1], size_t *out_len);

/* The User-Password of a decoded Access-Request. -ENOENT when absent. */
int radius_get_user_password(const struct radius_packet *pkt, const void *secret, size_t secret_len,
			     char out[RADIUS_PASSWORD_MAX + 1], size_t *out_len);

/* MD5(ident + password + challenge), the CHAP response a client sends. */
int radius_chap_response(uint8_t ident, const void *password, size_t len,
			 const uint8_t *challenge, size_t challenge_len, uint8_t out[RADIUS_CHAP_LEN]);

/* Checks CHAP-Password (ident + 16 octets) of a decoded Access-Request
 * against the clear-text `password`, with CHAP-Challenge as the challenge or
 * the Request Authenticator when it is absent. 0 on match, -EACCES on
 * mismatch, -ENOENT without CHAP-Password, -EBADMSG on bad lengths. */
int radius_chap_verify(const struct radius_packet *pkt, const void *password, size_t len);

#endif
