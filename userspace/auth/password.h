/* Admin passwords: scrypt from OpenSSL (EVP_PBE_scrypt), salted, kept as a
 * self-describing PHC-style string
 *     $scrypt$ln=15,r=8,p=3$<salt, base64>$<hash, base64>
 * so the cost can be raised later without breaking stored hashes. The
 * parameters (N = 2^15, r = 8, p = 3: 32 MiB, about a quarter of a second) are
 * one of OWASP's equivalent scrypt settings. Verification parses the cost from
 * the string and compares in constant time. Also random tokens and generated
 * passwords, both from the OpenSSL CSPRNG. */
#ifndef SPOTGATE_AUTH_PASSWORD_H
#define SPOTGATE_AUTH_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_LEN 160		/* room for any string password_hash writes */
#define PASSWORD_MIN_LEN 10
#define PASSWORD_MAX_LEN 256
#define PASSWORD_GENERATED_LEN 20

/* Hashes password (len bytes) into out. Returns 0 or -errno. */
int password_hash(const char *password, size_t len, char *out, size_t size);

/* 1 when password matches the stored string, 0 when it does not, -EINVAL
 * when stored is not a string password_hash wrote (or asks for an absurd
 * cost). */
int password_verify(const char *password, size_t len, const char *stored);

/* A password of PASSWORD_GENERATED_LEN characters from an alphabet without
 * look-alikes (no 0/O, 1/l/I). size must be > PASSWORD_GENERATED_LEN. */
int password_generate(char *out, size_t size);

/* nbytes random bytes as unpadded base64url into out (for session and CSRF
 * tokens). Returns 0 or -errno. */
int random_token(size_t nbytes, char *out, size_t size);

/* SHA-256 of text as lowercase hex (65 bytes with the NUL). */
void sha256_hex(const char *text, size_t len, char out[65]);

/* Constant-time equality of two strings of possibly different lengths (the
 * lengths themselves are not secret). */
int secret_equal(const char *a, const char *b);

#endif
