/* Authenticators and Message-Authenticator. Every comparison of a secret-derived
 * value is constant-time. */
#include "radius/auth.h"

#include <errno.h>
#include <string.h>

#include "radius/crypto.h"
#include "radius/dict.h"

static const uint8_t zero_auth[RADIUS_AUTH_LEN];

int radius_authenticator_compute(const uint8_t *pkt, size_t len, const uint8_t auth[RADIUS_AUTH_LEN],
				 const void *secret, size_t secret_len, uint8_t out[RADIUS_AUTH_LEN])
{
	if (!pkt || len < RADIUS_HDR_LEN || len > RADIUS_MAX_LEN || !secret || !secret_len)
		return -EINVAL;
	const struct radius_chunk chunks[] = {
		{ pkt, 4 },
		{ auth, RADIUS_AUTH_LEN },
		{ pkt + RADIUS_HDR_LEN, len - RADIUS_HDR_LEN },
		{ secret, secret_len },
	};
	return radius_md5(out, chunks, sizeof(chunks) / sizeof(chunks[0]));
}

int radius_message_authenticator_compute(const uint8_t *pkt, size_t len, size_t ma_off,
					 const uint8_t auth[RADIUS_AUTH_LEN],
					 const void *secret, size_t secret_len,
					 uint8_t out[RADIUS_AUTH_LEN])
{
	uint8_t copy[RADIUS_MAX_LEN];

	if (!pkt || len < RADIUS_HDR_LEN || len > RADIUS_MAX_LEN || !secret || !secret_len ||
	    ma_off < RADIUS_HDR_LEN + RADIUS_ATTR_HDR_LEN || ma_off + RADIUS_AUTH_LEN > len)
		return -EINVAL;
	/* HMAC has no "skip these octets", so work on a copy with the field zeroed. */
	memcpy(copy, pkt, len);
	memcpy(copy + 4, auth, RADIUS_AUTH_LEN);
	memset(copy + ma_off, 0, RADIUS_AUTH_LEN);
	return radius_hmac_md5(out, secret, secret_len, copy, len);
}

/* The Authenticator field that Message-Authenticator was computed with. */
static const uint8_t *ma_auth_for(const struct radius_packet *pkt, const uint8_t *request_auth)
{
	switch (radius_code_auth_kind(pkt->code)) {
	case RADIUS_AUTH_RANDOM:
		return pkt->authenticator;
	case RADIUS_AUTH_REQUEST:
		return zero_auth;
	case RADIUS_AUTH_RESPONSE:
		return request_auth;
	default:
		return NULL;
	}
}

int radius_verify_message_authenticator(const struct radius_packet *pkt,
					const uint8_t *request_auth,
					const void *secret, size_t secret_len)
{
	const uint8_t *auth = ma_auth_for(pkt, request_auth);
	uint8_t want[RADIUS_AUTH_LEN];
	int err;

	if (!pkt->data)
		return -EINVAL;
	if (!pkt->ma_off)
		return -ENOENT;
	if (!auth)
		return -EINVAL;
	err = radius_message_authenticator_compute(pkt->data, pkt->len, pkt->ma_off, auth,
						   secret, secret_len, want);
	if (err)
		return err;
	return radius_memcmp_ct(want, pkt->data + pkt->ma_off, RADIUS_AUTH_LEN) ? -EACCES : 0;
}

int radius_verify_request_authenticator(const struct radius_packet *pkt,
					const void *secret, size_t secret_len)
{
	uint8_t want[RADIUS_AUTH_LEN];
	int err;

	if (!pkt->data || radius_code_auth_kind(pkt->code) != RADIUS_AUTH_REQUEST)
		return -EINVAL;
	err = radius_authenticator_compute(pkt->data, pkt->len, zero_auth, secret, secret_len, want);
	if (err)
		return err;
	return radius_memcmp_ct(want, pkt->authenticator, RADIUS_AUTH_LEN) ? -EACCES : 0;
}

int radius_verify_request(const struct radius_packet *pkt, const void *secret, size_t secret_len,
			  unsigned flags)
{
	struct radius_attr unused;
	int err;

	if (!pkt->data || !secret || !secret_len)
		return -EINVAL;

	switch (radius_code_auth_kind(pkt->code)) {
	case RADIUS_AUTH_RANDOM:
		if (pkt->ma_off)
			return radius_verify_message_authenticator(pkt, NULL, secret, secret_len);
		if (pkt->code == RADIUS_STATUS_SERVER ||
		    radius_attr_find(pkt, RADIUS_ATTR_EAP_MESSAGE, &unused) == 0 ||
		    (flags & RADIUS_REQUIRE_MA) ||
		    ((flags & RADIUS_LIMIT_PROXY_STATE) &&
		     radius_attr_find(pkt, RADIUS_ATTR_PROXY_STATE, &unused) == 0))
			return -ENOENT;
		return 0;
	case RADIUS_AUTH_REQUEST:
		err = radius_verify_request_authenticator(pkt, secret, secret_len);
		if (err || !pkt->ma_off)
			return err;
		return radius_verify_message_authenticator(pkt, NULL, secret, secret_len);
	default:
		return -EINVAL;
	}
}

int radius_verify_reply(const struct radius_packet *reply, const struct radius_packet *request,
			const void *secret, size_t secret_len, unsigned flags)
{
	uint8_t want[RADIUS_AUTH_LEN];
	int err;

	if (!reply->data || !request->data)
		return -EINVAL;
	if (reply->id != request->id || !radius_code_answers(request->code, reply->code))
		return -EPROTO;
	err = radius_authenticator_compute(reply->data, reply->len, request->authenticator,
					   secret, secret_len, want);
	if (err)
		return err;
	if (radius_memcmp_ct(want, reply->authenticator, RADIUS_AUTH_LEN))
		return -EACCES;
	if (reply->ma_off)
		return radius_verify_message_authenticator(reply, request->authenticator,
							   secret, secret_len);
	if ((flags & RADIUS_REQUIRE_MA) &&
	    (reply->code == RADIUS_ACCESS_ACCEPT || reply->code == RADIUS_ACCESS_REJECT ||
	     reply->code == RADIUS_ACCESS_CHALLENGE))
		return -ENOENT;
	return 0;
}

int radius_random_authenticator(uint8_t out[RADIUS_AUTH_LEN])
{
	return radius_random(out, RADIUS_AUTH_LEN);
}
