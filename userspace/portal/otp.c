#include "portal/otp.h"

#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <string.h>

#include "voucher/rng.h"

enum otp_send otp_may_send(const struct otp_history *h, int64_t now, int64_t *wait)
{
	*wait = 0;
	if (h->sent_from_mac_hour >= OTP_PER_MAC_HOUR)
		return OTP_SEND_MAC_LIMIT;
	if (h->sent_to_number_hour >= OTP_PER_NUMBER_HOUR)
		return OTP_SEND_NUMBER_LIMIT;
	if (h->last_to_number && now < h->last_to_number + OTP_RESEND) {
		*wait = h->last_to_number + OTP_RESEND - now;
		return OTP_SEND_COOLDOWN;
	}
	return OTP_SEND_OK;
}

enum otp_check otp_verify(const struct otp_challenge *c, const char *answer_hash, int64_t now)
{
	if (c->used || now >= c->expires_at)
		return OTP_EXPIRED;
	if (c->attempts >= OTP_MAX_ATTEMPTS)
		return OTP_NO_ATTEMPTS;
	if (strlen(answer_hash) != strlen(c->code_hash) ||
	    CRYPTO_memcmp(answer_hash, c->code_hash, strlen(c->code_hash)) != 0)
		return OTP_WRONG;
	return OTP_OK;
}

int otp_generate(char code[OTP_DIGITS + 1])
{
	struct voucher_rng rng;
	int rc = 0;

	voucher_rng_init(&rng, NULL, NULL);
	for (int i = 0; i < OTP_DIGITS && rc == 0; i++) {
		unsigned d;

		rc = voucher_rng_below(&rng, 10, &d);
		code[i] = (char)('0' + d);
	}
	code[OTP_DIGITS] = '\0';
	voucher_rng_wipe(&rng);
	return rc;
}

void otp_hash(const unsigned char *key, size_t keylen, const char *number, const char *code,
	      char out[OTP_HASH_HEX])
{
	unsigned char mac[32], msg[128];
	unsigned int len = 0;
	int n = snprintf((char *)msg, sizeof(msg), "%s|%s", number, code);

	HMAC(EVP_sha256(), key, (int)keylen, msg, (size_t)(n > 0 ? n : 0), mac, &len);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", mac[i]);
	OPENSSL_cleanse(msg, sizeof(msg));
}

int otp_well_formed(const char *s)
{
	int n = 0;

	for (; *s; s++, n++)
		if (*s < '0' || *s > '9')
			return 0;
	return n == OTP_DIGITS;
}

int phone_e164(const char *in, char *out, size_t size)
{
	char digits[32];
	size_t n = 0;
	const char *p = in;
	int plus = 0;

	while (*p == ' ')
		p++;
	if (*p == '+') {
		plus = 1;
		p++;
	} else if (p[0] == '0' && p[1] == '0') {
		plus = 1;
		p += 2;
	}
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof(digits))
				return -EINVAL;
			digits[n++] = *p;
		} else if (*p != ' ' && *p != '-' && *p != '.' && *p != '(' && *p != ')' && *p != '/') {
			return -EINVAL;
		}
	}
	digits[n] = '\0';
	/* E.164: a country code (no leading 0) and at most 15 digits in all */
	if (!plus || n < 8 || n > 15 || digits[0] == '0' || n + 2 > size)
		return -EINVAL;
	snprintf(out, size, "+%s", digits);
	return 0;
}
