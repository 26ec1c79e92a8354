/* libFuzzer target for the RADIUS codec: whatever arrives on UDP 1812/1813/3799
 * goes through the decoder, the attribute and VSA walkers, the getters, the
 * authenticator checks and the debug formatter; a decoded request is answered
 * with a reply that must itself decode and verify. Any crash, sanitizer report
 * or abort() here is a bug. */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "radius/radius.h"

static const char secret[] = "xyzzy5461";
#define SECRET secret, sizeof(secret) - 1

static void walk(const struct radius_packet *pkt)
{
	struct radius_attr_iter it;
	struct radius_attr a;
	size_t seen = RADIUS_HDR_LEN;

	radius_attr_iter_init(&it, pkt);
	while (radius_attr_next(&it, &a)) {
		struct radius_vsa_iter vit;
		struct radius_vsa v;

		if (a.off != seen || a.value + a.len > pkt->data + pkt->len)
			abort();
		seen += 2u + a.len;
		if (radius_vsa_iter_init(&vit, &a) == 0)
			while (radius_vsa_next(&vit, &v))
				if (v.value + v.len > a.value + a.len)
					abort();
	}
	/* the walker covers exactly what the decoder accepted */
	if (seen != pkt->len)
		abort();
}

static void getters(const struct radius_packet *pkt)
{
	char s[RADIUS_ATTR_MAX_VALUE + 1], pw[RADIUS_PASSWORD_MAX + 1];
	uint8_t o[RADIUS_ATTR_MAX_VALUE];
	struct in_addr ip;
	uint32_t v;
	uint64_t u;
	size_t n;

	radius_get_string(pkt, 0, RADIUS_ATTR_USER_NAME, s, sizeof(s));
	radius_get_string(pkt, RADIUS_VENDOR_MIKROTIK, RADIUS_MIKROTIK_RATE_LIMIT, s, sizeof(s));
	radius_get_octets(pkt, 0, RADIUS_ATTR_CLASS, o, sizeof(o), &n);
	radius_get_u32(pkt, RADIUS_VENDOR_WISPR, RADIUS_WISPR_BANDWIDTH_MAX_UP, &v);
	radius_get_ipaddr(pkt, 0, RADIUS_ATTR_FRAMED_IP_ADDRESS, &ip);
	radius_get_u64(pkt, 0, RADIUS_ATTR_ACCT_INPUT_OCTETS, RADIUS_ATTR_ACCT_INPUT_GIGAWORDS, &u);
	radius_get_u64(pkt, RADIUS_VENDOR_CHILLISPOT, RADIUS_CHILLI_MAX_TOTAL_OCTETS,
		       RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS, &u);
	radius_get_user_password(pkt, SECRET, pw, &n);
	radius_chap_verify(pkt, "rabbit", 6);
}

static void answer(const struct radius_packet *req)
{
	static const uint8_t reply_code[256] = {
		[RADIUS_ACCESS_REQUEST] = RADIUS_ACCESS_REJECT,
		[RADIUS_STATUS_SERVER] = RADIUS_ACCESS_ACCEPT,
		[RADIUS_ACCOUNTING_REQUEST] = RADIUS_ACCOUNTING_RESPONSE,
		[RADIUS_DISCONNECT_REQUEST] = RADIUS_DISCONNECT_NAK,
		[RADIUS_COA_REQUEST] = RADIUS_COA_ACK,
	};
	uint8_t buf[RADIUS_MAX_LEN];
	struct radius_builder b;
	struct radius_packet reply;
	int len;

	if (!reply_code[req->code])
		return;
	radius_reply_init(&b, buf, sizeof(buf), reply_code[req->code], req);
	radius_add_string(&b, RADIUS_ATTR_REPLY_MESSAGE, "denied");
	radius_copy_proxy_state(&b, req);
	len = radius_finish(&b, SECRET);
	if (len == -ENOSPC)
		return;     /* Proxy-State filled a 4096-octet request */
	if (len < RADIUS_HDR_LEN || radius_decode(buf, (size_t)len, &reply) ||
	    radius_verify_reply(&reply, req, SECRET, RADIUS_REQUIRE_MA) ||
	    radius_attr_count(&reply, RADIUS_ATTR_PROXY_STATE) !=
		    radius_attr_count(req, RADIUS_ATTR_PROXY_STATE))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct radius_packet pkt;
	struct radius_dedup_key key;
	char line[8192], small[32];
	size_t n;

	if (radius_decode(data, size, &pkt))
		return 0;
	if (pkt.len > size || pkt.len < RADIUS_HDR_LEN)
		abort();

	walk(&pkt);
	getters(&pkt);
	radius_dedup_key(&pkt, &key);

	n = radius_format(&pkt, line, sizeof(line));
	if (strlen(line) != (n < sizeof(line) ? n : sizeof(line) - 1))
		abort();
	if (radius_format(&pkt, small, 1 + data[0] % sizeof(small)) != n)
		abort();

	if (radius_code_is_request(pkt.code)) {
		radius_verify_request(&pkt, SECRET, RADIUS_REQUIRE_MA | RADIUS_LIMIT_PROXY_STATE);
		answer(&pkt);
	} else {
		radius_verify_message_authenticator(&pkt, pkt.authenticator, SECRET);
	}
	return 0;
}
