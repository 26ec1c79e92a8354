/* libFuzzer target for the DNS answer reader (userspace/dns/dns.c): any bytes, as the
 * tc egress program would copy them from the wire. Parses, then resolves the question
 * and every record's name through CNAME chains, and checks what comes out. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns/dns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct dns_message m;
	struct dns_address out[8];
	char chain[DNS_CHAIN_MAX + 1][DNS_NAME_MAX];
	char pattern[DNS_NAME_MAX];
	int n, nchain;

	if (dns_parse(data, size, &m) != 0)
		return 0;
	if (m.nrecords < 0 || m.nrecords > DNS_MAX_RECORDS || strlen(m.qname) >= DNS_NAME_MAX)
		abort();
	n = dns_resolve(&m, m.qname, out, 8, chain, &nchain);
	if (n < 0 || n > 8 || nchain < 1 || nchain > DNS_CHAIN_MAX + 1)
		abort();
	for (int i = 0; i < n; i++)
		if (out[i].family != 4 && out[i].family != 6)
			abort();
	for (int i = 0; i < m.nrecords; i++) {
		if (strlen(m.records[i].name) >= DNS_NAME_MAX)
			abort();
		dns_resolve(&m, m.records[i].name, out, 8, NULL, NULL);
		dns_name_match("*.example.com", m.records[i].name);
	}
	if (dns_pattern_normalize(m.qname, pattern, sizeof(pattern)) == 0 &&
	    !dns_name_match(pattern, m.qname))
		abort();
	return 0;
}
