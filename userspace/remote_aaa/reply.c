#define _GNU_SOURCE	/* strptime */
#include "remote_aaa/reply.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "billing/rating.h"
#include "radius/attr.h"
#include "radius/dict.h"

void remote_limits_unlimited(struct session_limits *l)
{
	*l = (struct session_limits){
		.seconds_left = LIMIT_NONE,
		.bytes_total_left = LIMIT_NONE,
		.bytes_up_left = LIMIT_NONE,
		.bytes_down_left = LIMIT_NONE,
		.bucket = -1,
		.next_bucket = -1,
		.rate = RATING_BASE,
	};
}

/* one "123", "512k", "10M" or "1G" rate in bit/s; *end after it */
static int parse_rate(const char *p, const char **end, uint64_t *out)
{
	char *e;
	unsigned long long v;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	errno = 0;
	v = strtoull(p, &e, 10);
	if (errno)
		return -EINVAL;
	switch (*e) {
	case 'k': case 'K': v *= 1000; e++; break;
	case 'M': case 'm': v *= 1000000; e++; break;
	case 'G': case 'g': v *= 1000000000; e++; break;
	}
	*out = v;
	*end = e;
	return 0;
}

int remote_parse_mikrotik_rate(const char *text, uint64_t *rx, uint64_t *tx)
{
	const char *p = text;

	while (*p == ' ')
		p++;
	if (parse_rate(p, &p, rx) != 0)
		return -EINVAL;
	if (*p != '/')		/* "rx" alone: the same both ways (RouterOS) */
		*tx = *rx;
	else if (parse_rate(p + 1, &p, tx) != 0)
		return -EINVAL;
	return *p == '\0' || *p == ' ' ? 0 : -EINVAL;
}

int remote_parse_iso8601(const char *text, int64_t *out)
{
	struct tm tm = { 0 };
	const char *p = strptime(text, "%Y-%m-%dT%H:%M:%S", &tm);
	int64_t offset = 0;

	if (!p)
		return -EINVAL;
	if (*p == '+' || *p == '-') {
		int hh, mm, n = 0;

		if (sscanf(p + 1, "%2d:%2d%n", &hh, &mm, &n) != 2 || p[1 + n] != '\0' || hh > 23 || mm > 59)
			return -EINVAL;
		offset = (int64_t)(hh * 3600 + mm * 60) * (*p == '-' ? -1 : 1);
	} else if (!(*p == '\0' || (p[0] == 'Z' && p[1] == '\0'))) {
		return -EINVAL;
	}
	*out = (int64_t)timegm(&tm) - offset;
	return 0;
}

static bool get_u32(const struct radius_packet *pkt, uint32_t vendor, uint8_t type, uint32_t *v)
{
	return radius_get_u32(pkt, vendor, type, v) == 0;
}

/* octets (+ gigawords) of a vendor attribute pair, as a limit */
static bool get_bytes(const struct radius_packet *pkt, uint32_t vendor, uint8_t octets, uint8_t gigawords,
		      int64_t *out)
{
	uint32_t lo, hi = 0;

	if (!get_u32(pkt, vendor, octets, &lo))
		return false;
	get_u32(pkt, vendor, gigawords, &hi);
	*out = (int64_t)radius_gigawords_join(lo, hi);
	return true;
}

static void read_texts(const struct radius_packet *pkt, struct remote_reply *out)
{
	struct radius_attr_iter it;
	struct radius_attr a;
	size_t used = 0;

	radius_attr_iter_init(&it, pkt);
	while (radius_attr_next(&it, &a)) {
		if (a.type == RADIUS_ATTR_REPLY_MESSAGE && a.len) {
			size_t room = sizeof(out->message) - used - 1;
			size_t n = a.len;

			if (used && room) {
				out->message[used++] = ' ';
				room--;
			}
			if (n > room)
				n = room;
			for (size_t i = 0; i < n; i++)	/* a guest's page: no control octets */
				out->message[used + i] = a.value[i] < 0x20 || a.value[i] == 0x7f ? ' ' : (char)a.value[i];
			used += n;
			/* FreeRADIUS often ends them with "\r\n": trim what became blanks */
			while (used && out->message[used - 1] == ' ')
				used--;
		} else if (a.type == RADIUS_ATTR_CLASS && out->nclass < REMOTE_CLASS_MAX) {
			struct remote_class *c = &out->class_attr[out->nclass++];

			c->len = a.len;
			memcpy(c->value, a.value, a.len);
		}
	}
	out->message[used] = '\0';
}

static void read_speeds(const struct radius_packet *pkt, struct session_limits *l)
{
	uint32_t up, down;
	uint64_t rx, tx;
	char text[128];

	if (get_u32(pkt, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_UP, &up))
		l->speed_up = up;
	else if (get_u32(pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_UP, &up))
		l->speed_up = (uint64_t)up * 1000;
	if (get_u32(pkt, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_DOWN, &down))
		l->speed_down = down;
	else if (get_u32(pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_BANDWIDTH_MAX_DOWN, &down))
		l->speed_down = (uint64_t)down * 1000;
	if ((!l->speed_up || !l->speed_down) &&
	    radius_get_string(pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, text, sizeof(text)) == 0 &&
	    remote_parse_mikrotik_rate(text, &rx, &tx) == 0) {
		if (!l->speed_up)
			l->speed_up = rx;
		if (!l->speed_down)
			l->speed_down = tx;
	}
}

static void read_bytes(const struct radius_packet *pkt, struct session_limits *l)
{
	if (!get_bytes(pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_TOTAL_OCTETS, RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS,
		       &l->bytes_total_left))
		get_bytes(pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_TOTAL_LIMIT, RADIUS_MIKROTIK_TOTAL_LIMIT_GIGAWORDS,
			  &l->bytes_total_left);
	/* Chilli's input and MikroTik's recv are what the NAS receives: uploads */
	if (!get_bytes(pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_INPUT_OCTETS, RADIUS_CHILLI_MAX_INPUT_GIGAWORDS,
		       &l->bytes_up_left))
		get_bytes(pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RECV_LIMIT, RADIUS_MIKROTIK_RECV_LIMIT_GIGAWORDS,
			  &l->bytes_up_left);
	if (!get_bytes(pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_OUTPUT_OCTETS,
		       RADIUS_CHILLI_MAX_OUTPUT_GIGAWORDS, &l->bytes_down_left))
		get_bytes(pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_XMIT_LIMIT, RADIUS_MIKROTIK_XMIT_LIMIT_GIGAWORDS,
			  &l->bytes_down_left);
}

int remote_reply_parse(const struct radius_packet *pkt, int64_t now, struct remote_reply *out)
{
	struct session_limits *l = &out->limits;
	uint32_t v;
	int64_t t;
	char text[64];

	memset(out, 0, sizeof(*out));
	remote_limits_unlimited(l);
	if (pkt->code != RADIUS_ACCESS_ACCEPT && pkt->code != RADIUS_ACCESS_REJECT)
		return -EPROTO;
	out->accept = pkt->code == RADIUS_ACCESS_ACCEPT;
	read_texts(pkt, out);
	if (!out->accept)
		return 0;

	if (get_u32(pkt, 0, RADIUS_ATTR_SESSION_TIMEOUT, &v) && v) {
		l->seconds_left = v;
		l->end_at = now + v;
	}
	if (radius_get_string(pkt, RADIUS_VENDOR_WISPR, RADIUS_WISPR_SESSION_TERMINATE_TIME, text, sizeof(text)) == 0 &&
	    remote_parse_iso8601(text, &t) == 0 && (!l->end_at || t < l->end_at))
		l->end_at = t;
	if (get_u32(pkt, 0, RADIUS_ATTR_IDLE_TIMEOUT, &v))
		l->idle_timeout = v;
	if (get_u32(pkt, 0, RADIUS_ATTR_ACCT_INTERIM_INTERVAL, &v))
		l->interim_interval = v;
	read_speeds(pkt, l);
	read_bytes(pkt, l);
	return 0;
}
