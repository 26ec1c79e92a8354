#include "common/cidr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

/* the prefix's bits of a and b are equal */
static bool prefix_equal(const uint8_t *a, const uint8_t *b, unsigned prefix)
{
	unsigned full = prefix / 8, rest = prefix % 8;

	if (memcmp(a, b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	uint8_t mask = (uint8_t)(0xff << (8 - rest));
	return (a[full] & mask) == (b[full] & mask);
}

int cidr_parse(const char *text, struct cidr *out, char *err, size_t errlen)
{
	char host[INET6_ADDRSTRLEN + 1];
	const char *slash = strchr(text, '/');
	size_t hlen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned max;
	uint8_t masked[16];

	memset(out, 0, sizeof(*out));
	if (hlen == 0 || hlen >= sizeof(host))
		goto bad;
	memcpy(host, text, hlen);
	host[hlen] = '\0';
	if (inet_pton(AF_INET, host, out->addr) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, host, out->addr) == 1)
		out->family = AF_INET6;
	else
		goto bad;
	max = out->family == AF_INET ? 32 : 128;
	out->prefix = (uint8_t)max;
	if (slash) {
		char *end;
		long p;

		errno = 0;
		p = strtol(slash + 1, &end, 10);
		if (errno || end == slash + 1 || *end || p < 0 || p > (long)max) {
			snprintf(err, errlen, "\"%s\": prefix length must be 0-%u", text, max);
			return -EINVAL;
		}
		out->prefix = (uint8_t)p;
	}
	memset(masked, 0, sizeof(masked));
	memcpy(masked, out->addr, (size_t)out->prefix / 8);
	if (out->prefix % 8)
		masked[out->prefix / 8] = out->addr[out->prefix / 8] & (uint8_t)(0xff << (8 - out->prefix % 8));
	if (memcmp(masked, out->addr, (size_t)addr_len(out->family)) != 0) {
		struct cidr fixed = *out;
		char suggestion[64];

		memcpy(fixed.addr, masked, sizeof(masked));
		cidr_format(&fixed, suggestion, sizeof(suggestion));
		snprintf(err, errlen, "\"%s\": host bits set: did you mean %s?", text, suggestion);
		return -EINVAL;
	}
	return 0;
bad:
	snprintf(err, errlen, "\"%s\" is not an IPv4 or IPv6 address or prefix (e.g. 192.0.2.0/24, 2001:db8::/32)",
		 text);
	return -EINVAL;
}

void cidr_format(const struct cidr *c, char *buf, size_t size)
{
	char host[INET6_ADDRSTRLEN];

	inet_ntop(c->family, c->addr, host, sizeof(host));
	if (c->prefix == (c->family == AF_INET ? 32 : 128))
		snprintf(buf, size, "%s", host);
	else
		snprintf(buf, size, "%s/%u", host, c->prefix);
}

bool cidr_contains(const struct cidr *c, int family, const void *addr)
{
	return family == c->family && prefix_equal(c->addr, addr, c->prefix);
}
