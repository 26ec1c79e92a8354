/* What a remote RADIUS server's Access-Accept or Access-Reject says, read
 * into the limits the data plane enforces. Pure: a decoded, verified reply
 * and the time in, a struct out; no sockets, no clock.
 *
 * Attribute by attribute (a server may send several vendors' spellings of
 * one limit; the most precise one present wins, in the order listed):
 *   Session-Timeout            seconds_left, and end_at = now + it (0 = none,
 *                              as MikroTik and FreeRADIUS read 0)
 *   WISPr-Session-Terminate-Time  end_at when earlier (ISO 8601)
 *   Idle-Timeout               idle_timeout
 *   Acct-Interim-Interval      interim_interval
 *   speeds (bit/s)             WISPr-Bandwidth-Max-Up/Down, else
 *                              ChilliSpot-Bandwidth-Max-Up/Down (kbit/s), else
 *                              Mikrotik-Rate-Limit "rx/tx ..." (rx is what the
 *                              router receives: the client's upload; k/M/G)
 *   bytes (up + down)          ChilliSpot-Max-Total-Octets (+ -Gigawords), else
 *                              Mikrotik-Total-Limit (+ -Gigawords)
 *   bytes up / down            ChilliSpot-Max-Input/Output-Octets (+ Gigawords),
 *                              else Mikrotik-Recv/Xmit-Limit (+ Gigawords)
 *   Class                      every one, kept in order for accounting
 *                              (RFC 2865 §5.25: sent back unmodified)
 *   Reply-Message              all of them joined with a space: what the
 *                              guest reads (why a login was refused)
 * Anything absent stays unlimited (LIMIT_NONE, 0). */
#ifndef SPOTGATE_REMOTE_AAA_REPLY_H
#define SPOTGATE_REMOTE_AAA_REPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "billing/limits.h"
#include "radius/packet.h"

#define REMOTE_CLASS_MAX   4
#define REMOTE_MESSAGE_LEN 256

struct remote_class {
	uint8_t len;
	uint8_t value[RADIUS_ATTR_MAX_VALUE];
};

struct remote_reply {
	bool accept;				/* Access-Accept; anything else refuses */
	char message[REMOTE_MESSAGE_LEN];	/* Reply-Message(s), "" when none */
	struct session_limits limits;
	unsigned nclass;
	struct remote_class class_attr[REMOTE_CLASS_MAX];
};

/* Limits with nothing limited: LIMIT_NONE / 0, no bucket. */
void remote_limits_unlimited(struct session_limits *l);

/* Reads an Access-Accept or Access-Reject. Returns 0, -EPROTO for another
 * code. Malformed vendor values are skipped, not fatal: a limit the gateway
 * cannot read is better left to the server's accounting than a guest
 * refused for a typo in a vendor dictionary. */
int remote_reply_parse(const struct radius_packet *pkt, int64_t now, struct remote_reply *out);

/* "10M/2M", "512k/1M 1M/2M 8/8", "1000000/2000000": rx and tx of the first
 * pair in bit/s. -EINVAL when it does not start with a rate pair. */
int remote_parse_mikrotik_rate(const char *text, uint64_t *rx, uint64_t *tx);

/* "2024-05-01T12:00:00+02:00" (also "Z", no offset = UTC) -> epoch seconds. */
int remote_parse_iso8601(const char *text, int64_t *out);

#endif
