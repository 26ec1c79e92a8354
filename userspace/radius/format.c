#include "radius/format.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "radius/attr.h"
#include "radius/dict.h"

/* Appends to a fixed buffer, counting what did not fit. */
struct out {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct out *o, const char *s, size_t n)
{
	if (o->len < o->size) {
		size_t room = o->size - o->len - 1;
		size_t k = n < room ? n : room;

		memcpy(o->buf + o->len, s, k);
		o->buf[o->len + k] = '\0';
	}
	o->len += n;
}

__attribute__((format(printf, 2, 3)))
static void putf(struct out *o, const char *fmt, ...)
{
	char tmp[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(o, tmp, (size_t)n < sizeof(tmp) ? (size_t)n : sizeof(tmp) - 1);
}

static void put_hex(struct out *o, const uint8_t *v, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	char pair[2];

	put(o, "0x", 2);
	for (size_t i = 0; i < len; i++) {
		pair[0] = digits[v[i] >> 4];
		pair[1] = digits[v[i] & 15];
		put(o, pair, 2);
	}
}

static void put_quoted(struct out *o, const uint8_t *v, size_t len)
{
	put(o, "\"", 1);
	for (size_t i = 0; i < len; i++) {
		if (v[i] == '"' || v[i] == '\\')
			putf(o, "\\%c", v[i]);
		else if (v[i] >= 0x20 && v[i] < 0x7f)
			put(o, (const char *)&v[i], 1);
		else
			putf(o, "\\x%02x", v[i]);
	}
	put(o, "\"", 1);
}

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_value(struct out *o, uint32_t vendor, uint8_t type, enum radius_value_type vt,
		      const uint8_t *v, size_t len)
{
	char addr[INET6_ADDRSTRLEN];
	uint8_t a6[16];
	const char *name;

	switch (vt) {
	case RADIUS_TYPE_HIDDEN:
		put(o, "<hidden>", 8);
		return;
	case RADIUS_TYPE_STRING:
		put_quoted(o, v, len);
		return;
	case RADIUS_TYPE_INTEGER:
	case RADIUS_TYPE_DATE:
		if (len != 4)
			break;
		name = vt == RADIUS_TYPE_INTEGER ? radius_dict_value_name(vendor, type, get_be32(v)) : NULL;
		if (name)
			put(o, name, strlen(name));
		else
			putf(o, "%u", get_be32(v));
		return;
	case RADIUS_TYPE_IPADDR:
		if (len != 4 || !inet_ntop(AF_INET, v, addr, sizeof(addr)))
			break;
		put(o, addr, strlen(addr));
		return;
	case RADIUS_TYPE_IPV6ADDR:
		if (len != 16 || !inet_ntop(AF_INET6, v, addr, sizeof(addr)))
			break;
		put(o, addr, strlen(addr));
		return;
	case RADIUS_TYPE_IPV6PREFIX:
		/* reserved(1) prefix-length(1) prefix(0..16), RFC 3162 §2.3 */
		if (len < 2 || len > 18 || v[1] > 128)
			break;
		memset(a6, 0, sizeof(a6));
		memcpy(a6, v + 2, len - 2);
		if (!inet_ntop(AF_INET6, a6, addr, sizeof(addr)))
			break;
		putf(o, "%s/%u", addr, v[1]);
		return;
	case RADIUS_TYPE_OCTETS:
	case RADIUS_TYPE_VSA:
		break;
	}
	put_hex(o, v, len);
}

static void put_vsa(struct out *o, const struct radius_attr *a)
{
	struct radius_vsa_iter it;
	struct radius_vsa v;
	bool first = true;

	if (radius_vsa_iter_init(&it, a) == 0) {
		/* Dry run: print sub-attributes only when they all parse. */
		struct radius_vsa_iter check = it;

		while (radius_vsa_next(&check, &v))
			;
		if (!check.bad) {
			while (radius_vsa_next(&it, &v)) {
				const struct radius_dict_attr *d = radius_dict_lookup(v.vendor, v.type);

				if (!first)
					put(o, " ", 1);
				first = false;
				if (d)
					put(o, d->name, strlen(d->name));
				else
					putf(o, "Attr-26.%u.%u", v.vendor, v.type);
				put(o, "=", 1);
				put_value(o, v.vendor, v.type, d ? d->value_type : RADIUS_TYPE_OCTETS,
					  v.value, v.len);
			}
			return;
		}
	}
	put(o, "Vendor-Specific=", 16);
	put_hex(o, a->value, a->len);
}

size_t radius_format(const struct radius_packet *pkt, char *buf, size_t size)
{
	struct out o = { .buf = buf, .size = size };
	struct radius_attr_iter it;
	struct radius_attr a;
	const char *code;

	if (size)
		buf[0] = '\0';
	if (!pkt->data) {
		put(&o, "(invalid)", 9);
		return o.len;
	}
	code = radius_code_name(pkt->code);
	if (code)
		put(&o, code, strlen(code));
	else
		putf(&o, "Code-%u", pkt->code);
	putf(&o, " id=%u len=%u", pkt->id, pkt->len);

	radius_attr_iter_init(&it, pkt);
	while (radius_attr_next(&it, &a)) {
		const struct radius_dict_attr *d = radius_dict_lookup(0, a.type);

		put(&o, " ", 1);
		if (a.type == RADIUS_ATTR_VENDOR_SPECIFIC) {
			put_vsa(&o, &a);
			continue;
		}
		if (d)
			put(&o, d->name, strlen(d->name));
		else
			putf(&o, "Attr-%u", a.type);
		put(&o, "=", 1);
		put_value(&o, 0, a.type, d ? d->value_type : RADIUS_TYPE_OCTETS, a.value, a.len);
	}
	return o.len;
}
