/* DNS answer parsing for the walled garden: one crafted message per path (plain A,
 * AAAA, CNAME chains with compression, truncation, loops, malformed headers), the
 * chain resolver and the domain patterns. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "dns/dns.h"

/* A message under construction. */
struct msg {
	uint8_t b[1024];
	size_t n;
};

static void put(struct msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void put16(struct msg *m, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(m, b, 2);
}

static void put32(struct msg *m, uint32_t v)
{
	put16(m, (uint16_t)(v >> 16));
	put16(m, (uint16_t)v);
}

/* "www.example.com" as labels; returns its offset */
static size_t put_name(struct msg *m, const char *name)
{
	size_t at = m->n;

	while (*name) {
		const char *dot = strchr(name, '.');
		size_t l = dot ? (size_t)(dot - name) : strlen(name);
		uint8_t lb = (uint8_t)l;

		put(m, &lb, 1);
		put(m, name, l);
		name += l + (dot ? 1 : 0);
	}
	put(m, "", 1);
	return at;
}

static void put_ptr(struct msg *m, size_t off)
{
	put16(m, (uint16_t)(0xc000 | off));
}

static void header(struct msg *m, uint16_t flags, uint16_t qd, uint16_t an)
{
	m->n = 0;
	put16(m, 0x1234);
	put16(m, flags);
	put16(m, qd);
	put16(m, an);
	put16(m, 0);
	put16(m, 0);
}

/* the question; returns the offset of its name */
static size_t question(struct msg *m, const char *name, uint16_t type)
{
	size_t at = put_name(m, name);

	put16(m, type);
	put16(m, 1);
	return at;
}

static void rr_head(struct msg *m, size_t name_ptr, uint16_t type, uint32_t ttl, uint16_t rdlen)
{
	put_ptr(m, name_ptr);
	put16(m, type);
	put16(m, 1);
	put32(m, ttl);
	put16(m, rdlen);
}

static void rr_a(struct msg *m, size_t name_ptr, const char *ip, uint32_t ttl)
{
	uint8_t a[4];

	inet_pton(AF_INET, ip, a);
	rr_head(m, name_ptr, DNS_TYPE_A, ttl, 4);
	put(m, a, 4);
}

static void test_a_record(void **state)
{
	struct msg m;
	struct dns_message d;
	struct dns_address out[4];
	size_t q;
	(void)state;

	header(&m, 0x8180, 1, 2);
	q = question(&m, "WWW.Example.com", DNS_TYPE_A);
	rr_a(&m, q, "203.0.113.10", 300);
	rr_a(&m, q, "203.0.113.11", 60);
	assert_int_equal(dns_parse(m.b, m.n, &d), 0);
	assert_string_equal(d.qname, "www.example.com");
	assert_int_equal(d.nrecords, 2);
	assert_int_equal(d.truncated, 0);
	assert_int_equal(dns_resolve(&d, "www.example.com", out, 4, NULL, NULL), 2);
	assert_int_equal(out[0].family, 4);
	assert_memory_equal(out[0].addr, "\xcb\x00\x71\x0a", 4);
	assert_int_equal(out[0].ttl, 300);
	assert_int_equal(out[1].ttl, 60);
	/* max bounds what is written */
	assert_int_equal(dns_resolve(&d, "www.example.com", out, 1, NULL, NULL), 1);
	/* another name resolves to nothing */
	assert_int_equal(dns_resolve(&d, "example.com", out, 4, NULL, NULL), 0);
}

/* cdn.garden.example CNAME edge.garden.example (target compressed against the
 * question) CNAME edge.cdn.example.net, which has an AAAA and an A. */
static void test_cname_chain(void **state)
{
	struct msg m;
	struct dns_message d;
	struct dns_address out[4];
	char chain[DNS_CHAIN_MAX + 1][DNS_NAME_MAX];
	int nchain;
	size_t q, edge, net;
	uint8_t v6[16];
	(void)state;

	header(&m, 0x8180, 1, 4);
	q = question(&m, "cdn.garden.example", DNS_TYPE_A);
	/* CNAME rdata: "edge" + pointer to "garden.example" inside the question */
	rr_head(&m, q, DNS_TYPE_CNAME, 600, 1 + 4 + 2);
	edge = m.n;
	put(&m, "\x04" "edge", 5);
	put_ptr(&m, q + 4);
	/* edge.garden.example CNAME edge.cdn.example.net (written out) */
	rr_head(&m, edge, DNS_TYPE_CNAME, 120, 22);
	net = put_name(&m, "edge.cdn.example.net");
	inet_pton(AF_INET6, "2001:db8::20", v6);
	rr_head(&m, net, DNS_TYPE_AAAA, 3600, 16);
	put(&m, v6, 16);
	rr_a(&m, net, "203.0.113.20", 30);

	assert_int_equal(dns_parse(m.b, m.n, &d), 0);
	assert_int_equal(d.nrecords, 4);
	assert_string_equal(d.records[0].target, "edge.garden.example");
	assert_int_equal(dns_resolve(&d, d.qname, out, 4, chain, &nchain), 2);
	assert_int_equal(nchain, 3);
	assert_string_equal(chain[0], "cdn.garden.example");
	assert_string_equal(chain[1], "edge.garden.example");
	assert_string_equal(chain[2], "edge.cdn.example.net");
	assert_int_equal(out[0].family, 6);
	assert_memory_equal(out[0].addr, v6, 16);
	assert_int_equal(out[0].ttl, 120);	/* the chain's smallest TTL */
	assert_int_equal(out[1].family, 4);
	assert_int_equal(out[1].ttl, 30);
}

/* A CNAME loop (a -> b -> a) ends after DNS_CHAIN_MAX hops. */
static void test_cname_loop(void **state)
{
	struct msg m;
	struct dns_message d;
	struct dns_address out[4];
	int nchain;
	char chain[DNS_CHAIN_MAX + 1][DNS_NAME_MAX];
	size_t q, b;
	(void)state;

	header(&m, 0x8180, 1, 2);
	q = question(&m, "a.example", DNS_TYPE_A);
	rr_head(&m, q, DNS_TYPE_CNAME, 60, 11);
	b = put_name(&m, "b.example");
	rr_head(&m, b, DNS_TYPE_CNAME, 60, 2);
	put_ptr(&m, q);
	assert_int_equal(dns_parse(m.b, m.n, &d), 0);
	assert_int_equal(d.nrecords, 2);
	assert_int_equal(dns_resolve(&d, "a.example", out, 4, chain, &nchain), 0);
	assert_int_equal(nchain, DNS_CHAIN_MAX + 1);
}

/* Truncated copies keep the records before the cut. */
static void test_truncated(void **state)
{
	struct msg m;
	struct dns_message d;
	size_t q, full;
	(void)state;

	header(&m, 0x8180, 1, 3);
	q = question(&m, "www.example.com", DNS_TYPE_A);
	rr_a(&m, q, "203.0.113.10", 300);
	rr_a(&m, q, "203.0.113.11", 300);
	rr_a(&m, q, "203.0.113.12", 300);
	full = m.n;
	for (size_t cut = full - 16 + 1; cut < full; cut++) {
		assert_int_equal(dns_parse(m.b, cut, &d), 0);
		assert_int_equal(d.nrecords, 2);
		assert_int_equal(d.truncated, 1);
	}
	assert_int_equal(dns_parse(m.b, full, &d), 0);
	assert_int_equal(d.nrecords, 3);
	/* an answer count larger than what is there: truncated, not an error */
	m.b[7] = 9;
	assert_int_equal(dns_parse(m.b, full, &d), 0);
	assert_int_equal(d.nrecords, 3);
	assert_int_equal(d.truncated, 1);
}

static void test_malformed(void **state)
{
	struct msg m;
	struct dns_message d;
	size_t q;
	(void)state;

	/* a query, not a response */
	header(&m, 0x0100, 1, 0);
	question(&m, "www.example.com", DNS_TYPE_A);
	assert_int_equal(dns_parse(m.b, m.n, &d), -EINVAL);
	/* two questions */
	header(&m, 0x8180, 2, 0);
	question(&m, "www.example.com", DNS_TYPE_A);
	question(&m, "www.example.com", DNS_TYPE_A);
	assert_int_equal(dns_parse(m.b, m.n, &d), -EINVAL);
	/* short header */
	assert_int_equal(dns_parse(m.b, 11, &d), -EINVAL);
	assert_int_equal(dns_parse(m.b, 0, &d), -EINVAL);
	/* question name pointing at itself */
	header(&m, 0x8180, 1, 0);
	put_ptr(&m, 12);
	put16(&m, 1);
	put16(&m, 1);
	assert_int_equal(dns_parse(m.b, m.n, &d), -EINVAL);
	/* question name pointing forwards */
	header(&m, 0x8180, 1, 0);
	put_ptr(&m, 20);
	put16(&m, 1);
	put16(&m, 1);
	put_name(&m, "x.example");
	assert_int_equal(dns_parse(m.b, m.n, &d), -EINVAL);
	/* label with a dot or a control byte in it */
	header(&m, 0x8180, 1, 0);
	put(&m, "\x03" "a.b" "\x00", 5);
	put16(&m, 1);
	put16(&m, 1);
	assert_int_equal(dns_parse(m.b, m.n, &d), -EINVAL);
	/* extended label type 0x40 */
	header(&m, 0x8180, 1, 0);
	put(&m, "\x41" "\x00", 2);
	put16(&m, 1);
	put16(&m, 1);
	assert_int_equal(dns_parse(m.b, m.n, &d), -EINVAL);
	/* a name longer than 253 characters */
	header(&m, 0x8180, 1, 0);
	for (int i = 0; i < 5; i++) {
		uint8_t l = 63;
		char label[63];

		memset(label, 'a', sizeof(label));
		put(&m, &l, 1);
		put(&m, label, 63);
	}
	put(&m, "", 1);
	put16(&m, 1);
	put16(&m, 1);
	assert_int_equal(dns_parse(m.b, m.n, &d), -EINVAL);
	/* records that are skipped: wrong class, A with rdlength 5, TXT */
	header(&m, 0x8180, 1, 3);
	q = question(&m, "www.example.com", DNS_TYPE_A);
	put_ptr(&m, q);
	put16(&m, DNS_TYPE_A);
	put16(&m, 3);	/* CHAOS */
	put32(&m, 60);
	put16(&m, 4);
	put32(&m, 0x01020304);
	rr_head(&m, q, DNS_TYPE_A, 60, 5);
	put(&m, "\x01\x02\x03\x04\x05", 5);
	rr_head(&m, q, 16, 60, 2);
	put(&m, "\x01x", 2);
	assert_int_equal(dns_parse(m.b, m.n, &d), 0);
	assert_int_equal(d.nrecords, 0);
	assert_int_equal(d.truncated, 0);
	/* the top bit of a TTL means 0 */
	header(&m, 0x8180, 1, 1);
	q = question(&m, "www.example.com", DNS_TYPE_A);
	rr_a(&m, q, "203.0.113.10", 0x80000001u);
	assert_int_equal(dns_parse(m.b, m.n, &d), 0);
	assert_int_equal(d.records[0].ttl, 0);
}

static void test_name_match(void **state)
{
	static const struct { const char *pattern, *name; int match; } cases[] = {
		{ "example.com", "example.com", 1 },
		{ "example.com", "EXAMPLE.com.", 1 },
		{ "example.com", "www.example.com", 0 },
		{ "*.example.com", "www.example.com", 1 },
		{ "*.example.com", "a.b.example.com", 1 },
		{ "*.example.com", "example.com", 0 },
		{ "*.example.com", "badexample.com", 0 },
		{ "*.example.com", "www.example.com.evil", 0 },
		{ "*.garden.example", "cdn.Garden.Example", 1 },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (dns_name_match(cases[i].pattern, cases[i].name) != cases[i].match)
			fail_msg("case %zu: %s ~ %s", i, cases[i].pattern, cases[i].name);
}

static void test_pattern_normalize(void **state)
{
	static const struct { const char *in; int rc; const char *out; } cases[] = {
		{ "Example.COM.", 0, "example.com" },
		{ "*.Example.com", 0, "*.example.com" },
		{ "_sip.example.com", 0, "_sip.example.com" },
		{ "*.com", -EINVAL, NULL },
		{ "com", -EINVAL, NULL },
		{ "www.*.com", -EINVAL, NULL },
		{ "*example.com", -EINVAL, NULL },
		{ "a..com", -EINVAL, NULL },
		{ ".example.com", -EINVAL, NULL },
		{ "exa mple.com", -EINVAL, NULL },
		{ "192.0.2.0/24", -EINVAL, NULL },
		{ "", -EINVAL, NULL },
	};
	(void)state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char out[DNS_NAME_MAX];
		int rc = dns_pattern_normalize(cases[i].in, out, sizeof(out));

		if (rc != cases[i].rc)
			fail_msg("case %zu \"%s\": rc %d", i, cases[i].in, rc);
		if (rc == 0 && strcmp(out, cases[i].out))
			fail_msg("case %zu \"%s\": got %s", i, cases[i].in, out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_record),
		cmocka_unit_test(test_cname_chain),
		cmocka_unit_test(test_cname_loop),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_name_match),
		cmocka_unit_test(test_pattern_normalize),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
