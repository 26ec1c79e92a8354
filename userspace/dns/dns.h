/* dns: a reader for DNS response messages (RFC 1035), enough to learn which
 * addresses a name resolves to: the question, and the A, AAAA and CNAME records of
 * the answer section, with compression pointers followed (and loops refused). Pure:
 * bytes in, structs out; no I/O, no allocation.
 *
 * The walled garden feeds it DNS answers copied by the tc egress program (possibly
 * truncated to SG_DNS_CAP bytes): records cut off by the truncation are left out,
 * what was read before is kept. */
#ifndef SPOTGATE_DNS_H
#define SPOTGATE_DNS_H

#include <stddef.h>
#include <stdint.h>

#define DNS_NAME_MAX	254	/* presentation form without the trailing dot, and NUL */
#define DNS_MAX_RECORDS	32	/* answer records kept; later ones are ignored */
#define DNS_CHAIN_MAX	8	/* CNAME hops followed */

#define DNS_TYPE_A	1
#define DNS_TYPE_CNAME	5
#define DNS_TYPE_AAAA	28

struct dns_record {
	char name[DNS_NAME_MAX];	/* lowercase, no trailing dot; "" is the root */
	uint16_t type;			/* DNS_TYPE_A, _AAAA or _CNAME */
	uint32_t ttl;			/* seconds */
	union {
		uint8_t addr[16];	/* A: 4 bytes, AAAA: 16 */
		char target[DNS_NAME_MAX];	/* CNAME */
	};
};

struct dns_message {
	uint16_t id;
	uint16_t flags;
	uint8_t rcode;
	char qname[DNS_NAME_MAX];	/* the first question's name */
	uint16_t qtype;
	int truncated;			/* the copy ended inside the answer section */
	int nrecords;
	struct dns_record records[DNS_MAX_RECORDS];
};

/* Parses a response. Returns 0 (even when truncated: see m->truncated), or -EINVAL
 * for a message that is not a response with exactly one question, or whose header,
 * question or a name is malformed. */
int dns_parse(const uint8_t *buf, size_t len, struct dns_message *m);

/* One address a name resolves to, and the TTL that bounds it: the smallest TTL along
 * the CNAME chain that led to it. */
struct dns_address {
	int family;			/* 4 or 6 */
	uint8_t addr[16];		/* IPv4 in the first 4 bytes */
	uint32_t ttl;
};

/* The addresses name resolves to in m, following CNAMEs (at most DNS_CHAIN_MAX
 * hops). chain (may be NULL) receives the names visited, starting with name, and
 * *nchain their count. Returns how many addresses were written (at most max). */
int dns_resolve(const struct dns_message *m, const char *name, struct dns_address *out, int max,
		char chain[][DNS_NAME_MAX], int *nchain);

/* Does name match pattern? "example.com" matches only itself; "*.example.com"
 * matches every name below example.com (not example.com itself). Case-insensitive;
 * a trailing dot on either is ignored. */
int dns_name_match(const char *pattern, const char *name);

/* Checks and normalises a domain pattern for the walled garden ("*.Example.COM." ->
 * "*.example.com"): labels of 1-63 letters, digits, '-' or '_', 253 characters at
 * most, a "*." only as the first label, at least two labels. 0 or -EINVAL. */
int dns_pattern_normalize(const char *in, char *out, size_t size);

#endif
