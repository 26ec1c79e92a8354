/* IPv4/IPv6 prefixes: "192.0.2.0/24", "2001:db8::/32", or a bare address
 * (a /32 or /128). Host bits beyond the prefix are refused, so every prefix
 * has one spelling. */
#ifndef SPOTGATE_CIDR_H
#define SPOTGATE_CIDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cidr {
	int family;		/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* network byte order; IPv4 in the first 4 bytes */
	uint8_t prefix;		/* 0..32 or 0..128 */
};

/* Returns 0, or -EINVAL with a reason in err ("host bits set: did you mean
 * 192.0.2.0/24?"). */
int cidr_parse(const char *text, struct cidr *out, char *err, size_t errlen);
/* "192.0.2.0/24"; a single address prints without its /32 or /128. */
void cidr_format(const struct cidr *c, char *buf, size_t size);
/* Whether addr (family, 4 or 16 bytes) lies inside c. */
bool cidr_contains(const struct cidr *c, int family, const void *addr);

#endif
