/* dns: see dns.h. Every read is bounds-checked against len; names are read with
 * compression pointers that must point strictly backwards, so a message cannot make
 * the reader loop. */
#include "dns/dns.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#define DNS_HEADER_LEN	12
#define DNS_CLASS_IN	1
#define DNS_FLAG_QR	0x8000

struct reader {
	const uint8_t *buf;
	size_t len;
	size_t pos;
};

static int get16(struct reader *r, uint16_t *v)
{
	if (r->len - r->pos < 2 || r->pos > r->len)
		return -EINVAL;
	*v = (uint16_t)(r->buf[r->pos] << 8 | r->buf[r->pos + 1]);
	r->pos += 2;
	return 0;
}

static int get32(struct reader *r, uint32_t *v)
{
	uint16_t hi, lo;

	if (get16(r, &hi) || get16(r, &lo))
		return -EINVAL;
	*v = (uint32_t)hi << 16 | lo;
	return 0;
}

static char lower(uint8_t c)
{
	return (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

/* Reads the name at r->pos into out (presentation form, lowercase) and moves r->pos
 * past it (past the first pointer, when there is one). */
static int get_name(struct reader *r, char out[DNS_NAME_MAX])
{
	size_t pos = r->pos, olen = 0, end = 0;
	int jumped = 0;

	for (;;) {
		uint8_t l;

		if (pos >= r->len)
			return -EINVAL;
		l = r->buf[pos];
		if ((l & 0xc0) == 0xc0) {
			size_t target;

			if (pos + 1 >= r->len)
				return -EINVAL;
			target = (size_t)(l & 0x3f) << 8 | r->buf[pos + 1];
			if (!jumped)
				end = pos + 2;
			jumped = 1;
			/* strictly backwards: no loops, no pointers into the future */
			if (target >= pos)
				return -EINVAL;
			pos = target;
			continue;
		}
		if (l & 0xc0)
			return -EINVAL;	/* 0x40/0x80: extended label types, obsolete */
		if (l == 0) {
			pos++;
			break;
		}
		if (pos + 1 + l > r->len)
			return -EINVAL;
		if (olen + (olen ? 1 : 0) + l > DNS_NAME_MAX - 1)
			return -EINVAL;
		if (olen)
			out[olen++] = '.';
		for (size_t i = 0; i < l; i++) {
			uint8_t c = r->buf[pos + 1 + i];

			if (c <= 0x20 || c >= 0x7f || c == '.')
				return -EINVAL;
			out[olen++] = lower(c);
		}
		pos += 1 + (size_t)l;
	}
	out[olen] = '\0';
	r->pos = jumped ? end : pos;
	return 0;
}

/* One answer record; 1 when kept in *rec, 0 when skipped, -EINVAL when it runs off
 * the end or is malformed. */
static int get_record(struct reader *r, struct dns_record *rec)
{
	uint16_t type, class, rdlen;
	uint32_t ttl;
	size_t rdata;

	if (get_name(r, rec->name) || get16(r, &type) || get16(r, &class) || get32(r, &ttl) ||
	    get16(r, &rdlen))
		return -EINVAL;
	if (r->len - r->pos < rdlen)
		return -EINVAL;
	rdata = r->pos;
	r->pos += rdlen;
	if (class != DNS_CLASS_IN)
		return 0;
	rec->type = type;
	rec->ttl = ttl & 0x80000000u ? 0 : ttl;	/* RFC 2181 8: the top bit means 0 */
	switch (type) {
	case DNS_TYPE_A:
		if (rdlen != 4)
			return 0;
		memcpy(rec->addr, r->buf + rdata, 4);
		return 1;
	case DNS_TYPE_AAAA:
		if (rdlen != 16)
			return 0;
		memcpy(rec->addr, r->buf + rdata, 16);
		return 1;
	case DNS_TYPE_CNAME: {
		/* the target may point anywhere before it, but must end inside rdata */
		struct reader sub = { .buf = r->buf, .len = rdata + rdlen, .pos = rdata };

		if (get_name(&sub, rec->target) || sub.pos != rdata + rdlen)
			return 0;
		return 1;
	}
	default:
		return 0;
	}
}

int dns_parse(const uint8_t *buf, size_t len, struct dns_message *m)
{
	struct reader r = { .buf = buf, .len = len };
	uint16_t qd, an, ns, ar, qclass;

	memset(m, 0, offsetof(struct dns_message, records));
	if (get16(&r, &m->id) || get16(&r, &m->flags) || get16(&r, &qd) || get16(&r, &an) ||
	    get16(&r, &ns) || get16(&r, &ar))
		return -EINVAL;
	if (!(m->flags & DNS_FLAG_QR) || qd != 1)
		return -EINVAL;
	m->rcode = m->flags & 0xf;
	if (get_name(&r, m->qname) || get16(&r, &m->qtype) || get16(&r, &qclass))
		return -EINVAL;
	for (unsigned i = 0; i < an && m->nrecords < DNS_MAX_RECORDS; i++) {
		int rc = get_record(&r, &m->records[m->nrecords]);

		if (rc < 0) {
			m->truncated = 1;
			break;
		}
		m->nrecords += rc;
	}
	return 0;
}

int dns_resolve(const struct dns_message *m, const char *name, struct dns_address *out, int max,
		char chain[][DNS_NAME_MAX], int *nchain)
{
	const char *cur = name;
	uint32_t ttl = UINT32_MAX;
	int n = 0, hops = 0;

	if (nchain)
		*nchain = 0;
	for (;;) {
		const struct dns_record *cname = NULL;

		if (chain && nchain && *nchain < DNS_CHAIN_MAX + 1)
			memcpy(chain[(*nchain)++], cur, strlen(cur) + 1);
		for (int i = 0; i < m->nrecords; i++) {
			const struct dns_record *rec = &m->records[i];

			if (strcasecmp(rec->name, cur))
				continue;
			if (rec->type == DNS_TYPE_CNAME) {
				if (!cname)
					cname = rec;
				continue;
			}
			if (n == max)
				continue;
			out[n] = (struct dns_address){
				.family = rec->type == DNS_TYPE_A ? 4 : 6,
				.ttl = rec->ttl < ttl ? rec->ttl : ttl,
			};
			memcpy(out[n].addr, rec->addr, rec->type == DNS_TYPE_A ? 4 : 16);
			n++;
		}
		if (!cname || hops++ == DNS_CHAIN_MAX)
			break;
		if (cname->ttl < ttl)
			ttl = cname->ttl;
		cur = cname->target;
	}
	return n;
}

static size_t trimmed_len(const char *s)
{
	size_t n = strlen(s);

	return n && s[n - 1] == '.' ? n - 1 : n;
}

int dns_name_match(const char *pattern, const char *name)
{
	size_t plen = trimmed_len(pattern), nlen = trimmed_len(name);

	if (plen >= 2 && pattern[0] == '*' && pattern[1] == '.') {
		size_t slen = plen - 1;	/* ".example.com" */

		return nlen > slen && !strncasecmp(name + nlen - slen, pattern + 1, slen);
	}
	return plen == nlen && !strncasecmp(pattern, name, plen);
}

int dns_pattern_normalize(const char *in, char *out, size_t size)
{
	size_t len = trimmed_len(in), label = 0, labels = 0;

	if (len == 0 || len > 253 || len >= size)
		return -EINVAL;
	for (size_t i = 0; i < len; i++) {
		char c = lower((uint8_t)in[i]);

		if (c == '.') {
			if (label == 0)
				return -EINVAL;
			labels++;
			label = 0;
		} else if (c == '*') {
			if (i != 0 || len < 2 || in[1] != '.')
				return -EINVAL;
			label++;
		} else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
			if (++label > 63)
				return -EINVAL;
		} else {
			return -EINVAL;
		}
		out[i] = c;
	}
	if (label == 0)
		return -EINVAL;
	labels++;
	/* "*.com" would open a whole top-level domain; "example.com" needs two labels */
	if (labels < 2 || (in[0] == '*' && labels < 3))
		return -EINVAL;
	out[len] = '\0';
	return 0;
}
