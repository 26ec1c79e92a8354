#include "radius/password.h"

#include <errno.h>
#include <string.h>

#include "radius/crypto.h"
#include "radius/dict.h"

#define BLOCK 16

/* MD5(secret + prev): the keystream for the next block. */
static int keystream(const void *secret, size_t secret_len, const uint8_t prev[BLOCK],
		     uint8_t out[BLOCK])
{
	const struct radius_chunk chunks[] = { { secret, secret_len }, { prev, BLOCK } };

	return radius_md5(out, chunks, 2);
}

int radius_password_hide(const void *password, size_t len, const uint8_t auth[RADIUS_AUTH_LEN],
			 const void *secret, size_t secret_len,
			 uint8_t out[RADIUS_PASSWORD_MAX], size_t *out_len)
{
	size_t padded;
	uint8_t ks[BLOCK];
	const uint8_t *prev = auth;
	int err;

	if (!secret || !secret_len || (len && !password))
		return -EINVAL;
	if (len > RADIUS_PASSWORD_MAX)
		return -EMSGSIZE;
	padded = len ? (len + BLOCK - 1) / BLOCK * BLOCK : BLOCK;

	memset(out, 0, padded);
	if (len)
		memcpy(out, password, len);
	for (size_t off = 0; off < padded; off += BLOCK) {
		err = keystream(secret, secret_len, prev, ks);
		if (err)
			return err;
		for (size_t i = 0; i < BLOCK; i++)
			out[off + i] ^= ks[i];
		prev = out + off;
	}
	*out_len = padded;
	return 0;
}

int radius_password_unhide(const uint8_t *hidden, size_t len, const uint8_t auth[RADIUS_AUTH_LEN],
			   const void *secret, size_t secret_len,
			   char out[RADIUS_PASSWORD_MAX + 1], size_t *out_len)
{
	uint8_t ks[BLOCK];
	const uint8_t *prev = auth;
	size_t n;
	int err;

	if (!secret || !secret_len)
		return -EINVAL;
	if (!hidden || len < BLOCK || len > RADIUS_PASSWORD_MAX || len % BLOCK)
		return -EBADMSG;
	for (size_t off = 0; off < len; off += BLOCK) {
		err = keystream(secret, secret_len, prev, ks);
		if (err)
			return err;
		for (size_t i = 0; i < BLOCK; i++)
			out[off + i] = (char)(hidden[off + i] ^ ks[i]);
		prev = hidden + off;
	}
	n = len;
	while (n && out[n - 1] == '\0')
		n--;
	out[n] = '\0';
	if (out_len)
		*out_len = n;
	return 0;
}

int radius_get_user_password(const struct radius_packet *pkt, const void *secret, size_t secret_len,
			     char out[RADIUS_PASSWORD_MAX + 1], size_t *out_len)
{
	struct radius_attr a;

	if (radius_attr_find(pkt, RADIUS_ATTR_USER_PASSWORD, &a))
		return -ENOENT;
	return radius_password_unhide(a.value, a.len, pkt->authenticator, secret, secret_len,
				      out, out_len);
}

int radius_chap_response(uint8_t ident, const void *password, size_t len,
			 const uint8_t *challenge, size_t challenge_len, uint8_t out[RADIUS_CHAP_LEN])
{
	const struct radius_chunk chunks[] = {
		{ &ident, 1 },
		{ password, len },
		{ challenge, challenge_len },
	};

	if ((len && !password) || !challenge || !challenge_len)
		return -EINVAL;
	return radius_md5(out, chunks, 3);
}

int radius_chap_verify(const struct radius_packet *pkt, const void *password, size_t len)
{
	struct radius_attr chap, challenge;
	const uint8_t *c;
	size_t c_len;
	uint8_t want[RADIUS_CHAP_LEN];
	int err;

	if (radius_attr_find(pkt, RADIUS_ATTR_CHAP_PASSWORD, &chap))
		return -ENOENT;
	if (chap.len != 1 + RADIUS_CHAP_LEN)
		return -EBADMSG;
	if (radius_attr_find(pkt, RADIUS_ATTR_CHAP_CHALLENGE, &challenge) == 0) {
		if (!challenge.len)
			return -EBADMSG;
		c = challenge.value;
		c_len = challenge.len;
	} else {
		c = pkt->authenticator;
		c_len = RADIUS_AUTH_LEN;
	}
	err = radius_chap_response(chap.value[0], password, len, c, c_len, want);
	if (err)
		return err;
	return radius_memcmp_ct(want, chap.value + 1, RADIUS_CHAP_LEN) ? -EACCES : 0;
}
