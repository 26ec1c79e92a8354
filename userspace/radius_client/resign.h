/* A caller's finished request packet, made fit for another server: new
 * Identifier, signed with that server's secret. Lets code that already holds
 * a complete packet (a relayed accounting record, a Disconnect-Request) use
 * the client without a builder callback.
 *
 * The attributes are copied in order. Message-Authenticator, when the
 * template has one (always for Access-Request and Status-Server), goes first
 * (BlastRADIUS) and is recomputed; so is the Request Authenticator of
 * Accounting-, Disconnect- and CoA-Requests. An Access-Request keeps the
 * template's random authenticator, so a CHAP-Password that uses it as its
 * challenge stays valid. A User-Password cannot be carried over: it is hidden
 * with one secret and authenticator (-EINVAL; build with a callback instead). */
#ifndef SPOTGATE_RADIUS_CLIENT_RESIGN_H
#define SPOTGATE_RADIUS_CLIENT_RESIGN_H

#include <stddef.h>
#include <stdint.h>

#include "radius/packet.h"

/* Whether radius_request_resign() can take this decoded packet: 0 or -EINVAL. */
int radius_request_resignable(const struct radius_packet *tmpl);

/* Writes the packet into buf; returns its length or -errno. */
int radius_request_resign(const struct radius_packet *tmpl, uint8_t id, const void *secret,
			  size_t secret_len, uint8_t *buf, size_t size);

#endif
