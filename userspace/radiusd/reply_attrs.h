/* What an Access-Accept says about a session's limits, in the attributes
 * each kind of NAS understands: standard (Session-Timeout, Idle-Timeout,
 * Acct-Interim-Interval, Class), WISPr (bit/s, terminate time), ChilliSpot
 * (kbit/s, total octets) and MikroTik (Rate-Limit "rx/tx" from the router's
 * side, i.e. the client's upload/download; Total-Limit). The same set goes
 * into CoA-Requests when limits change in a session. */
#ifndef SPOTGATE_RADIUSD_REPLY_ATTRS_H
#define SPOTGATE_RADIUSD_REPLY_ATTRS_H

#include <stdint.h>

#include "billing/limits.h"
#include "radius/encode.h"
#include "store/nas.h"

/* session_id 0 leaves out Class (CoA). */
void radius_add_limits(struct radius_builder *b, enum nas_vendor vendor, const struct session_limits *l,
		       int64_t session_id, int64_t now);

/* "sg:123" <-> 123; 0 when the Class is not ours. */
int64_t radius_class_session(const char *class_text);

#endif
