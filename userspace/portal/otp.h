/* One-time codes sent by SMS: the rules, without I/O.
 *
 * A code is 6 digits from the CSPRNG, kept only as a keyed hash (HMAC-SHA256
 * over number and code), valid 5 minutes, for at most 5 attempts. A number
 * may get a new code 60 s after the last one at the earliest, and at most
 * OTP_PER_NUMBER_HOUR per hour; a device may ask for at most
 * OTP_PER_MAC_HOUR codes per hour, whatever the numbers. */
#ifndef SPOTGATE_PORTAL_OTP_H
#define SPOTGATE_PORTAL_OTP_H

#include <stddef.h>
#include <stdint.h>

#define OTP_DIGITS 6
#define OTP_TTL 300
#define OTP_MAX_ATTEMPTS 5
#define OTP_RESEND 60
#define OTP_PER_NUMBER_HOUR 5
#define OTP_PER_MAC_HOUR 10
#define OTP_HASH_HEX 65

/* What happened recently, as the database knows it. */
struct otp_history {
	int64_t last_to_number;		/* when the number last got a code, 0 = never */
	int sent_to_number_hour;	/* codes to the number in the last hour */
	int sent_from_mac_hour;		/* codes the device asked for in the last hour */
};

enum otp_send {
	OTP_SEND_OK,
	OTP_SEND_COOLDOWN,	/* *wait says how long */
	OTP_SEND_NUMBER_LIMIT,
	OTP_SEND_MAC_LIMIT,
};
enum otp_send otp_may_send(const struct otp_history *h, int64_t now, int64_t *wait);

/* The stored challenge being answered. */
struct otp_challenge {
	char code_hash[OTP_HASH_HEX];
	int64_t expires_at;
	int attempts;		/* wrong answers so far */
	int used;
};

enum otp_check {
	OTP_OK,
	OTP_WRONG,		/* counts an attempt */
	OTP_EXPIRED,
	OTP_NO_ATTEMPTS,	/* the 5 attempts are used up */
};
enum otp_check otp_verify(const struct otp_challenge *c, const char *answer_hash, int64_t now);

/* 6 digits and a NUL from the CSPRNG (uniform, rejection sampling). */
int otp_generate(char code[OTP_DIGITS + 1]);
/* hex HMAC-SHA256(key, number "|" code) */
void otp_hash(const unsigned char *key, size_t keylen, const char *number, const char *code,
	      char out[OTP_HASH_HEX]);
/* Whether s is exactly 6 ASCII digits. */
int otp_well_formed(const char *s);

/* A phone number as guests type it ("+49 170 123-4567", "0049 170 ...") to
 * E.164 ("+491701234567"): 0, or -EINVAL (no country code, wrong length). */
int phone_e164(const char *in, char *out, size_t size);

#endif
