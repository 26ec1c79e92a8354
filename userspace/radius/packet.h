/* RADIUS packets on the wire (RFC 2865 §3): strict decoding and an attribute walker.
 *
 * radius_decode() checks every length before anything else looks at the bytes:
 * the datagram holds at least the Length field's octets, 20 <= Length <= 4096,
 * each attribute is >= 2 octets and ends inside Length, and the attributes tile
 * the packet exactly. A decoded packet is a read-only view over the caller's
 * buffer (no copy, no allocation): the buffer must outlive the view. Octets
 * past Length are padding (RFC 2865) and are ignored. */
#ifndef SPOTGATE_RADIUS_PACKET_H
#define SPOTGATE_RADIUS_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RADIUS_HDR_LEN        20
#define RADIUS_MAX_LEN        4096
#define RADIUS_AUTH_LEN       16
#define RADIUS_ATTR_HDR_LEN   2
#define RADIUS_ATTR_MAX_VALUE 253

enum radius_code {
	RADIUS_ACCESS_REQUEST      = 1,
	RADIUS_ACCESS_ACCEPT       = 2,
	RADIUS_ACCESS_REJECT       = 3,
	RADIUS_ACCOUNTING_REQUEST  = 4,
	RADIUS_ACCOUNTING_RESPONSE = 5,
	RADIUS_ACCESS_CHALLENGE    = 11,
	RADIUS_STATUS_SERVER       = 12, /* RFC 5997 */
	RADIUS_DISCONNECT_REQUEST  = 40, /* RFC 5176 */
	RADIUS_DISCONNECT_ACK      = 41,
	RADIUS_DISCONNECT_NAK      = 42,
	RADIUS_COA_REQUEST         = 43,
	RADIUS_COA_ACK             = 44,
	RADIUS_COA_NAK             = 45,
};

/* How a packet's Authenticator field is made, which decides how it is checked
 * and what Message-Authenticator is computed over. */
enum radius_auth_kind {
	RADIUS_AUTH_NONE,     /* unknown code */
	RADIUS_AUTH_RANDOM,   /* Access-Request, Status-Server: 16 random octets */
	RADIUS_AUTH_REQUEST,  /* Accounting-, Disconnect-, CoA-Request: MD5 over zeros */
	RADIUS_AUTH_RESPONSE, /* every reply: MD5 over the request's authenticator */
};

struct radius_packet {
	const uint8_t *data;          /* header + attributes, owned by the caller */
	uint16_t len;                 /* the Length field */
	uint8_t code;
	uint8_t id;
	const uint8_t *authenticator; /* data + 4, RADIUS_AUTH_LEN octets */
	uint16_t ma_off;              /* offset of the Message-Authenticator value, 0 if absent */
};

struct radius_attr {
	uint8_t type;
	uint8_t len;                  /* value length, 0..253 */
	const uint8_t *value;
	uint16_t off;                 /* offset of the attribute's Type octet */
};

struct radius_attr_iter {
	const uint8_t *data;
	uint16_t off;
	uint16_t end;
};

/* Decodes a datagram of `size` octets. Returns 0, or
 *   -EMSGSIZE  shorter than 20 octets, Length outside 20..4096, or Length > size
 *   -EBADMSG   an attribute shorter than 2 octets or running past Length, or a
 *              Message-Authenticator that is not 18 octets or appears twice
 *   -EPROTO    a code this codec does not know (RFC 2865: silently discard)
 * On error *pkt is left zeroed. */
int radius_decode(const void *buf, size_t size, struct radius_packet *pkt);

bool radius_code_known(uint8_t code);
bool radius_code_is_request(uint8_t code);
enum radius_auth_kind radius_code_auth_kind(uint8_t code);
/* Whether `reply_code` is a valid answer to `request_code`. */
bool radius_code_answers(uint8_t request_code, uint8_t reply_code);

/* Walks the attributes of a decoded packet in wire order. */
void radius_attr_iter_init(struct radius_attr_iter *it, const struct radius_packet *pkt);
bool radius_attr_next(struct radius_attr_iter *it, struct radius_attr *attr);

/* First attribute of `type`: 0 or -ENOENT. */
int radius_attr_find(const struct radius_packet *pkt, uint8_t type, struct radius_attr *attr);
unsigned radius_attr_count(const struct radius_packet *pkt, uint8_t type);

/* RFC 5080 §2.2.2 duplicate detection: a request is a duplicate when source
 * address, source port, code, Identifier and Request Authenticator all match
 * a recent one. The caller adds the address and port; this is the rest. */
struct radius_dedup_key {
	uint8_t code;
	uint8_t id;
	uint8_t authenticator[RADIUS_AUTH_LEN];
};

void radius_dedup_key(const struct radius_packet *pkt, struct radius_dedup_key *key);
bool radius_dedup_equal(const struct radius_dedup_key *a, const struct radius_dedup_key *b);

#endif
