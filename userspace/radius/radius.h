/* spotgate's RADIUS codec: pure logic, no sockets, no database, no clock.
 * Bytes in, structs out, and back.
 *
 * Contract for the code that puts it on a socket:
 *  1. radius_decode() every datagram first; drop it (and count) on any error.
 *     The decoded packet points into your receive buffer.
 *  2. Look the NAS up by source address, then radius_verify_request() with its
 *     secret and policy flags; drop on any error. Only then read attributes
 *     (attr.h, password.h) or log them (format.h).
 *  3. Duplicates: radius_dedup_key() plus the source address and port
 *     (RFC 5080); resend the cached reply.
 *  4. Reply with radius_reply_init() ... radius_copy_proxy_state() ...
 *     radius_finish(); Access-Accept/Reject/Challenge carry
 *     Message-Authenticator first by construction (BlastRADIUS).
 *  5. As a client (remote AAA, Disconnect/CoA): radius_request_init() with
 *     radius_random_authenticator() where needed, keep the packet, and check
 *     answers with radius_verify_reply().
 * All functions return 0 (or a length) on success and -errno on failure. */
#ifndef SPOTGATE_RADIUS_H
#define SPOTGATE_RADIUS_H

#include "radius/attr.h"
#include "radius/auth.h"
#include "radius/dict.h"
#include "radius/encode.h"
#include "radius/format.h"
#include "radius/packet.h"
#include "radius/password.h"

#endif
