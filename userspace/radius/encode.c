/* Packet builder. Attributes are appended in order; nothing is reordered, so
 * the caller's order (Proxy-State last, Message-Authenticator first) holds. */
#include "radius/encode.h"

#include <errno.h>
#include <string.h>

#include "radius/auth.h"
#include "radius/dict.h"
#include "radius/password.h"

#define VSA_HDR_LEN 6   /* Vendor-Id(4) Vendor-Type(1) Vendor-Length(1) */

static int fail(struct radius_builder *b, int err)
{
	if (!b->err)
		b->err = err;
	return b->err;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static int builder_init(struct radius_builder *b, void *buf, size_t size, uint8_t code, uint8_t id,
			const uint8_t *auth)
{
	*b = (struct radius_builder){ .buf = buf, .cap = size < RADIUS_MAX_LEN ? size : RADIUS_MAX_LEN };
	if (!buf || size < RADIUS_HDR_LEN)
		return fail(b, -EINVAL);
	if (!radius_code_known(code))
		return fail(b, -EINVAL);
	if (auth)
		memcpy(b->req_auth, auth, RADIUS_AUTH_LEN);
	b->buf[0] = code;
	b->buf[1] = id;
	memcpy(b->buf + 4, b->req_auth, RADIUS_AUTH_LEN);
	b->len = RADIUS_HDR_LEN;

	switch (code) {
	case RADIUS_ACCESS_REQUEST:
	case RADIUS_STATUS_SERVER:
	case RADIUS_ACCESS_ACCEPT:
	case RADIUS_ACCESS_REJECT:
	case RADIUS_ACCESS_CHALLENGE:
		return radius_add_message_authenticator(b);
	default:
		return 0;
	}
}

int radius_request_init(struct radius_builder *b, void *buf, size_t size, uint8_t code, uint8_t id,
			const uint8_t *authenticator)
{
	switch (radius_code_auth_kind(code)) {
	case RADIUS_AUTH_RANDOM:
		if (!authenticator) {
			*b = (struct radius_builder){ .err = -EINVAL };
			return -EINVAL;
		}
		return builder_init(b, buf, size, code, id, authenticator);
	case RADIUS_AUTH_REQUEST:
		/* the Authenticator field is hashed over zeros; finish() fills it */
		return builder_init(b, buf, size, code, id, NULL);
	default:
		*b = (struct radius_builder){ .err = -EINVAL };
		return -EINVAL;
	}
}

int radius_reply_init(struct radius_builder *b, void *buf, size_t size, uint8_t code,
		      const struct radius_packet *request)
{
	if (!request || !request->data || radius_code_auth_kind(code) != RADIUS_AUTH_RESPONSE) {
		*b = (struct radius_builder){ .err = -EINVAL };
		return -EINVAL;
	}
	return builder_init(b, buf, size, code, request->id, request->authenticator);
}

/* Reserves an attribute of `len` value octets and returns where the value goes. */
static uint8_t *reserve(struct radius_builder *b, uint8_t type, size_t len)
{
	uint8_t *p;

	if (b->err)
		return NULL;
	if (len > RADIUS_ATTR_MAX_VALUE) {
		fail(b, -EINVAL);
		return NULL;
	}
	if (b->cap - b->len < RADIUS_ATTR_HDR_LEN + len) {
		fail(b, -ENOSPC);
		return NULL;
	}
	p = b->buf + b->len;
	p[0] = type;
	p[1] = (uint8_t)(RADIUS_ATTR_HDR_LEN + len);
	b->len += RADIUS_ATTR_HDR_LEN + len;
	return p + RADIUS_ATTR_HDR_LEN;
}

int radius_add(struct radius_builder *b, uint8_t type, const void *value, size_t len)
{
	uint8_t *p;

	if (type == RADIUS_ATTR_MESSAGE_AUTHENTICATOR)
		return radius_add_message_authenticator(b);
	if (len && !value)
		return fail(b, -EINVAL);
	p = reserve(b, type, len);
	if (!p)
		return b->err;
	if (len)
		memcpy(p, value, len);
	return 0;
}

int radius_add_string(struct radius_builder *b, uint8_t type, const char *s)
{
	if (!s)
		return fail(b, -EINVAL);
	return radius_add(b, type, s, strlen(s));
}

int radius_add_u32(struct radius_builder *b, uint8_t type, uint32_t value)
{
	uint8_t v[4];

	put_be32(v, value);
	return radius_add(b, type, v, sizeof(v));
}

int radius_add_ipaddr(struct radius_builder *b, uint8_t type, struct in_addr addr)
{
	return radius_add(b, type, &addr.s_addr, 4);
}

int radius_add_vsa(struct radius_builder *b, uint32_t vendor, uint8_t type,
		   const void *value, size_t len)
{
	uint8_t *p;

	/* Vendor-Id's high octet is 0 (RFC 2865 §5.26: the SMI code is 24 bits in practice). */
	if (vendor == 0 || vendor > 0xffffff || len > RADIUS_ATTR_MAX_VALUE - VSA_HDR_LEN ||
	    (len && !value))
		return fail(b, -EINVAL);
	p = reserve(b, RADIUS_ATTR_VENDOR_SPECIFIC, VSA_HDR_LEN + len);
	if (!p)
		return b->err;
	put_be32(p, vendor);
	p[4] = type;
	p[5] = (uint8_t)(2 + len);
	if (len)
		memcpy(p + VSA_HDR_LEN, value, len);
	return 0;
}

int radius_add_vsa_string(struct radius_builder *b, uint32_t vendor, uint8_t type, const char *s)
{
	if (!s)
		return fail(b, -EINVAL);
	return radius_add_vsa(b, vendor, type, s, strlen(s));
}

int radius_add_vsa_u32(struct radius_builder *b, uint32_t vendor, uint8_t type, uint32_t value)
{
	uint8_t v[4];

	put_be32(v, value);
	return radius_add_vsa(b, vendor, type, v, sizeof(v));
}

int radius_add_u64(struct radius_builder *b, uint32_t vendor, uint8_t octets_type,
		   uint8_t gigawords_type, uint64_t value)
{
	uint32_t octets = (uint32_t)value, gigawords = (uint32_t)(value >> 32);
	int err;

	err = vendor ? radius_add_vsa_u32(b, vendor, octets_type, octets)
		     : radius_add_u32(b, octets_type, octets);
	if (err || !gigawords)
		return err;
	return vendor ? radius_add_vsa_u32(b, vendor, gigawords_type, gigawords)
		      : radius_add_u32(b, gigawords_type, gigawords);
}

int radius_add_user_password(struct radius_builder *b, const void *password, size_t len,
			     const void *secret, size_t secret_len)
{
	uint8_t hidden[RADIUS_PASSWORD_MAX];
	size_t hidden_len;
	int err;

	if (b->err)
		return b->err;
	/* Only an Access-Request has the random authenticator hiding relies on. */
	if (b->buf[0] != RADIUS_ACCESS_REQUEST)
		return fail(b, -EINVAL);
	err = radius_password_hide(password, len, b->req_auth, secret, secret_len,
				   hidden, &hidden_len);
	if (err)
		return fail(b, err);
	return radius_add(b, RADIUS_ATTR_USER_PASSWORD, hidden, hidden_len);
}

int radius_add_message_authenticator(struct radius_builder *b)
{
	uint8_t *p;

	if (b->err)
		return b->err;
	if (b->ma_off)
		return fail(b, -EINVAL);
	p = reserve(b, RADIUS_ATTR_MESSAGE_AUTHENTICATOR, RADIUS_AUTH_LEN);
	if (!p)
		return b->err;
	memset(p, 0, RADIUS_AUTH_LEN);
	b->ma_off = (size_t)(p - b->buf);
	return 0;
}

int radius_finish(struct radius_builder *b, const void *secret, size_t secret_len)
{
	static const uint8_t zero_auth[RADIUS_AUTH_LEN];
	enum radius_auth_kind kind;
	const uint8_t *auth;
	uint8_t out[RADIUS_AUTH_LEN];
	int err;

	if (b->err)
		return b->err;
	if (!secret || !secret_len)
		return fail(b, -EINVAL);
	kind = radius_code_auth_kind(b->buf[0]);
	auth = kind == RADIUS_AUTH_REQUEST ? zero_auth : b->req_auth;

	b->buf[2] = (uint8_t)(b->len >> 8);
	b->buf[3] = (uint8_t)b->len;
	memcpy(b->buf + 4, auth, RADIUS_AUTH_LEN);

	/* Message-Authenticator first: the Authenticator hashes over it. */
	if (b->ma_off) {
		err = radius_message_authenticator_compute(b->buf, b->len, b->ma_off, auth,
							   secret, secret_len, out);
		if (err)
			return fail(b, err);
		memcpy(b->buf + b->ma_off, out, RADIUS_AUTH_LEN);
	}
	if (kind != RADIUS_AUTH_RANDOM) {
		err = radius_authenticator_compute(b->buf, b->len, auth, secret, secret_len, out);
		if (err)
			return fail(b, err);
		memcpy(b->buf + 4, out, RADIUS_AUTH_LEN);
	}
	return (int)b->len;
}
