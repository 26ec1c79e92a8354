#include "radiusd/reply_attrs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "radius/dict.h"

#define CLASS_PREFIX "sg:"

static uint32_t clamp_u32(int64_t v)
{
	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

void radius_add_limits(struct radius_builder *b, enum nas_vendor vendor, const struct session_limits *l,
		       int64_t session_id, int64_t now)
{
	int64_t timeout = l->seconds_left;
	char text[64];

	if (l->end_at && (timeout == LIMIT_NONE || l->end_at - now < timeout))
		timeout = l->end_at - now;
	if (timeout != LIMIT_NONE)
		radius_add_u32(b, RADIUS_ATTR_SESSION_TIMEOUT, clamp_u32(timeout > 0 ? timeout : 1));
	if (l->idle_timeout)
		radius_add_u32(b, RADIUS_ATTR_IDLE_TIMEOUT, l->idle_timeout);
	if (l->interim_interval)
		radius_add_u32(b, RADIUS_ATTR_ACCT_INTERIM_INTERVAL, l->interim_interval);
	if (session_id) {
		snprintf(text, sizeof(text), CLASS_PREFIX "%lld", (long long)session_id);
		radius_add_string(b, RADIUS_ATTR_CLASS, text);
	}

	/* WISPr for every NAS: most controllers read it */
	if (l->speed_up)
		radius_add_vsa_u32(b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_UP, clamp_u32((int64_t)l->speed_up));
	if (l->speed_down)
		radius_add_vsa_u32(b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_DOWN,
				   clamp_u32((int64_t)l->speed_down));
	if (l->end_at) {
		time_t t = (time_t)l->end_at;
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%S+00:00", &tm);
		radius_add_vsa_string(b, RADIUS_VENDOR_WISPR, RADIUS_WISPR_SESSION_TERMINATE_TIME, text);
	}

	switch (vendor) {
	case NAS_CHILLI:
		if (l->bytes_total_left != LIMIT_NONE)
			radius_add_u64(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_TOTAL_OCTETS,
				       RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS, (uint64_t)l->bytes_total_left);
		if (l->speed_up)
			radius_add_vsa_u32(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_UP,
					   clamp_u32((int64_t)(l->speed_up / 1000)));
		if (l->speed_down)
			radius_add_vsa_u32(b, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_DOWN,
					   clamp_u32((int64_t)(l->speed_down / 1000)));
		break;
	case NAS_MIKROTIK:
		/* rx/tx as the router sees them: it receives the client's upload */
		if (l->speed_up || l->speed_down) {
			snprintf(text, sizeof(text), "%llu/%llu", (unsigned long long)l->speed_up,
				 (unsigned long long)l->speed_down);
			radius_add_vsa_string(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, text);
		}
		if (l->bytes_total_left != LIMIT_NONE)
			radius_add_u64(b, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT,
				       RADIUS_MIKROTIK_TOTAL_LIMIT_GIGAWORDS, (uint64_t)l->bytes_total_left);
		break;
	case NAS_GENERIC:
		break;
	}
}

int64_t radius_class_session(const char *class_text)
{
	char *end;
	long long id;

	if (strncmp(class_text, CLASS_PREFIX, strlen(CLASS_PREFIX)) != 0)
		return 0;
	id = strtoll(class_text + strlen(CLASS_PREFIX), &end, 10);
	return *end || id <= 0 ? 0 : id;
}
