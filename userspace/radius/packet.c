/* Strict RADIUS decoding: lengths first, then nothing reads outside them. */
#include "radius/packet.h"

#include <errno.h>
#include <string.h>

#include "radius/dict.h"

static uint16_t get_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

enum radius_auth_kind radius_code_auth_kind(uint8_t code)
{
	switch (code) {
	case RADIUS_ACCESS_REQUEST:
	case RADIUS_STATUS_SERVER:
		return RADIUS_AUTH_RANDOM;
	case RADIUS_ACCOUNTING_REQUEST:
	case RADIUS_DISCONNECT_REQUEST:
	case RADIUS_COA_REQUEST:
		return RADIUS_AUTH_REQUEST;
	case RADIUS_ACCESS_ACCEPT:
	case RADIUS_ACCESS_REJECT:
	case RADIUS_ACCESS_CHALLENGE:
	case RADIUS_ACCOUNTING_RESPONSE:
	case RADIUS_DISCONNECT_ACK:
	case RADIUS_DISCONNECT_NAK:
	case RADIUS_COA_ACK:
	case RADIUS_COA_NAK:
		return RADIUS_AUTH_RESPONSE;
	default:
		return RADIUS_AUTH_NONE;
	}
}

bool radius_code_known(uint8_t code)
{
	return radius_code_auth_kind(code) != RADIUS_AUTH_NONE;
}

bool radius_code_is_request(uint8_t code)
{
	enum radius_auth_kind k = radius_code_auth_kind(code);

	return k == RADIUS_AUTH_RANDOM || k == RADIUS_AUTH_REQUEST;
}

bool radius_code_answers(uint8_t request_code, uint8_t reply_code)
{
	switch (request_code) {
	case RADIUS_ACCESS_REQUEST:
		return reply_code == RADIUS_ACCESS_ACCEPT || reply_code == RADIUS_ACCESS_REJECT ||
		       reply_code == RADIUS_ACCESS_CHALLENGE;
	case RADIUS_ACCOUNTING_REQUEST:
		return reply_code == RADIUS_ACCOUNTING_RESPONSE;
	case RADIUS_STATUS_SERVER:
		/* RFC 5997 §3: Access-Accept on the auth port, Accounting-Response on acct */
		return reply_code == RADIUS_ACCESS_ACCEPT || reply_code == RADIUS_ACCOUNTING_RESPONSE;
	case RADIUS_DISCONNECT_REQUEST:
		return reply_code == RADIUS_DISCONNECT_ACK || reply_code == RADIUS_DISCONNECT_NAK;
	case RADIUS_COA_REQUEST:
		return reply_code == RADIUS_COA_ACK || reply_code == RADIUS_COA_NAK;
	default:
		return false;
	}
}

int radius_decode(const void *buf, size_t size, struct radius_packet *pkt)
{
	const uint8_t *p = buf;
	uint16_t len, off, ma_off = 0;

	memset(pkt, 0, sizeof(*pkt));
	if (!p || size < RADIUS_HDR_LEN)
		return -EMSGSIZE;
	len = get_be16(p + 2);
	if (len < RADIUS_HDR_LEN || len > RADIUS_MAX_LEN || len > size)
		return -EMSGSIZE;

	for (off = RADIUS_HDR_LEN; off < len;) {
		uint16_t left = len - off;
		uint8_t alen;

		if (left < RADIUS_ATTR_HDR_LEN)
			return -EBADMSG;
		alen = p[off + 1];
		if (alen < RADIUS_ATTR_HDR_LEN || alen > left)
			return -EBADMSG;
		if (p[off] == RADIUS_ATTR_MESSAGE_AUTHENTICATOR) {
			/* A second copy would leave "which one is checked" to chance. */
			if (alen != RADIUS_ATTR_HDR_LEN + RADIUS_AUTH_LEN || ma_off)
				return -EBADMSG;
			ma_off = off + RADIUS_ATTR_HDR_LEN;
		}
		off += alen;
	}

	/* Structure first, code second: a malformed packet is malformed whatever it claims to be. */
	if (!radius_code_known(p[0]))
		return -EPROTO;

	*pkt = (struct radius_packet){
		.data = p,
		.len = len,
		.code = p[0],
		.id = p[1],
		.authenticator = p + 4,
		.ma_off = ma_off,
	};
	return 0;
}

void radius_attr_iter_init(struct radius_attr_iter *it, const struct radius_packet *pkt)
{
	*it = (struct radius_attr_iter){
		.data = pkt->data,
		.off = RADIUS_HDR_LEN,
		.end = pkt->data ? pkt->len : 0,
	};
}

bool radius_attr_next(struct radius_attr_iter *it, struct radius_attr *attr)
{
	uint8_t alen;

	/* radius_decode() validated the layout; stay bounded anyway in case a
	 * caller hands us a hand-made view. */
	if (it->off >= it->end || it->end - it->off < RADIUS_ATTR_HDR_LEN)
		return false;
	alen = it->data[it->off + 1];
	if (alen < RADIUS_ATTR_HDR_LEN || alen > it->end - it->off)
		return false;
	*attr = (struct radius_attr){
		.type = it->data[it->off],
		.len = alen - RADIUS_ATTR_HDR_LEN,
		.value = it->data + it->off + RADIUS_ATTR_HDR_LEN,
		.off = it->off,
	};
	it->off += alen;
	return true;
}

int radius_attr_find(const struct radius_packet *pkt, uint8_t type, struct radius_attr *attr)
{
	struct radius_attr_iter it;
	struct radius_attr a;

	radius_attr_iter_init(&it, pkt);
	while (radius_attr_next(&it, &a)) {
		if (a.type == type) {
			*attr = a;
			return 0;
		}
	}
	return -ENOENT;
}

unsigned radius_attr_count(const struct radius_packet *pkt, uint8_t type)
{
	struct radius_attr_iter it;
	struct radius_attr a;
	unsigned n = 0;

	radius_attr_iter_init(&it, pkt);
	while (radius_attr_next(&it, &a))
		n += a.type == type;
	return n;
}

void radius_dedup_key(const struct radius_packet *pkt, struct radius_dedup_key *key)
{
	memset(key, 0, sizeof(*key));
	key->code = pkt->code;
	key->id = pkt->id;
	memcpy(key->authenticator, pkt->authenticator, RADIUS_AUTH_LEN);
}

bool radius_dedup_equal(const struct radius_dedup_key *a, const struct radius_dedup_key *b)
{
	return a->code == b->code && a->id == b->id &&
	       memcmp(a->authenticator, b->authenticator, RADIUS_AUTH_LEN) == 0;
}
