/* auth: scrypt password strings, verification, generated passwords, random
 * tokens, constant-time comparison, SHA-256, cookie parsing, and audit
 * summaries that never carry secrets. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "auth/audit.h"
#include "auth/password.h"
#include "auth/sessions.h"

static void test_hash_and_verify(void **state)
{
	char a[PASSWORD_HASH_LEN], b[PASSWORD_HASH_LEN];
	(void)state;

	assert_int_equal(password_hash("correct horse", 13, a, sizeof(a)), 0);
	assert_int_equal(strncmp(a, "$scrypt$ln=15,r=8,p=3$", 22), 0);
	assert_int_equal(password_verify("correct horse", 13, a), 1);
	assert_int_equal(password_verify("correct horsE", 13, a), 0);
	assert_int_equal(password_verify("correct hors", 12, a), 0);
	assert_int_equal(password_verify("", 0, a), 0);
	/* salted: the same password never gives the same string */
	assert_int_equal(password_hash("correct horse", 13, b, sizeof(b)), 0);
	assert_string_not_equal(a, b);
	assert_int_equal(password_verify("correct horse", 13, b), 1);
	/* too small a buffer is an error, not a cut string */
	assert_int_equal(password_hash("x", 1, b, 40), -ENOSPC);
}

static void test_verify_known_string(void **state)
{
	/* written by an earlier build: stored strings must keep verifying */
	static const char stored[] =
		"$scrypt$ln=15,r=8,p=3$pJdDcCmkJH8H7bHA6IHaLQ$aFAUQLAc1r9Z3vRKSsWiVdFHkuRxTtddWe7jVVZjDaw";
	char tampered[sizeof(stored)];
	(void)state;

	assert_int_equal(password_verify("anything", 8, stored), 0);
	memcpy(tampered, stored, sizeof(stored));
	tampered[sizeof(stored) - 3] = tampered[sizeof(stored) - 3] == 'A' ? 'B' : 'A';
	assert_int_equal(password_verify("anything", 8, tampered), 0);
}

static void test_verify_rejects_malformed(void **state)
{
	static const char *const bad[] = {
		"",
		"plaintext",
		"$pbkdf2$i=1$abc$def",
		"$scrypt$ln=15,r=8,p=3$",
		"$scrypt$ln=15,r=8,p=3$pJdDcCmkJH8H7bHA6IHaLQ",			/* no hash */
		"$scrypt$ln=15,r=8,p=3$pJdDcCmk$aFAUQLAc1r9Z3vRKSsWiVdFHkuRxTtddWe7jVVZjDaw", /* short salt */
		"$scrypt$ln=15,r=8,p=3$pJdDcCmkJH8H7bHA6IHaLQ$aFAUQ!Ac1r9Z3vRKSsWiVdFHkuRxTtddWe7jVVZjDaw",
		"$scrypt$ln=40,r=8,p=3$pJdDcCmkJH8H7bHA6IHaLQ$aFAUQLAc1r9Z3vRKSsWiVdFHkuRxTtddWe7jVVZjDaw", /* absurd cost */
		"$scrypt$ln=15,r=8,p=99$pJdDcCmkJH8H7bHA6IHaLQ$aFAUQLAc1r9Z3vRKSsWiVdFHkuRxTtddWe7jVVZjDaw",
		"$scrypt$ln=0,r=8,p=3$pJdDcCmkJH8H7bHA6IHaLQ$aFAUQLAc1r9Z3vRKSsWiVdFHkuRxTtddWe7jVVZjDaw",
	};
	(void)state;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(password_verify("x", 1, bad[i]), -EINVAL);
}

static void test_generate(void **state)
{
	char a[PASSWORD_GENERATED_LEN + 1], b[PASSWORD_GENERATED_LEN + 1];
	(void)state;

	assert_int_equal(password_generate(a, sizeof(a)), 0);
	assert_int_equal(password_generate(b, sizeof(b)), 0);
	assert_int_equal(strlen(a), PASSWORD_GENERATED_LEN);
	assert_true(strlen(a) >= PASSWORD_MIN_LEN);
	assert_string_not_equal(a, b);
	for (const char *p = a; *p; p++)
		assert_non_null(strchr("abcdefghijkmnpqrstuvwxyz23456789", *p));	/* no 0 O 1 l I */
	assert_int_equal(password_generate(a, PASSWORD_GENERATED_LEN), -ENOSPC);
}

static void test_tokens_and_compare(void **state)
{
	char t1[64], t2[64], hex[65];
	(void)state;

	assert_int_equal(random_token(32, t1, sizeof(t1)), 0);
	assert_int_equal(random_token(32, t2, sizeof(t2)), 0);
	assert_int_equal(strlen(t1), 43);	/* 256 bits, unpadded base64url */
	assert_string_not_equal(t1, t2);
	assert_int_equal(strspn(t1, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"), 43);
	assert_int_equal(random_token(32, t1, 40), -ENOSPC);

	assert_true(secret_equal("abc", "abc"));
	assert_false(secret_equal("abc", "abd"));
	assert_false(secret_equal("abc", "ab"));
	assert_false(secret_equal("", "a"));
	assert_true(secret_equal("", ""));

	sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_cookie_value(void **state)
{
	char buf[64];
	(void)state;

	assert_int_equal(cookie_value("spotgate_session=abc", "spotgate_session", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "abc");
	assert_int_equal(cookie_value("a=1; spotgate_session=xyz; b=2", "spotgate_session", buf, sizeof(buf)), 0);
	assert_string_equal(buf, "xyz");
	/* a longer name with the same start is another cookie */
	assert_int_equal(cookie_value("spotgate_session_old=1;spotgate_session=2", "spotgate_session", buf,
				      sizeof(buf)), 0);
	assert_string_equal(buf, "2");
	assert_int_equal(cookie_value("xspotgate_session=1", "spotgate_session", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cookie_value("", "spotgate_session", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cookie_value("spotgate_session=", "spotgate_session", buf, sizeof(buf)), -ENOENT);
	assert_int_equal(cookie_value("spotgate_session=0123456789", "spotgate_session", buf, 8), -E2BIG);
}

static void test_audit_summary_masks_secrets(void **state)
{
	json_t *body = json_pack("{s:s, s:s, s:s, s:s, s:i, s:s, s:{s:s, s:s}, s:[{s:s}]}",
				 "username", "desk", "password", "hunter2-hunter2", "secret", "radius-shared",
				 "pin", "1234", "pin_length", 4, "new_password", "n3w-pass-word",
				 "nested", "csrf_token", "tok", "name", "kept",
				 "list", "api_secret", "s3");
	json_t *result = json_pack("{s:i}", "id", 7);
	char *s = audit_summary(body, result);
	(void)state;

	assert_non_null(s);
	for (const char *leak = "hunter2\0radius-shared\0" "1234\0n3w-pass\0tok\"\0s3\"\0"; *leak;
	     leak += strlen(leak) + 1)
		assert_null(strstr(s, leak));
	assert_non_null(strstr(s, "\"username\":\"desk\""));
	assert_non_null(strstr(s, "\"pin_length\":4"));
	assert_non_null(strstr(s, "\"name\":\"kept\""));
	assert_non_null(strstr(s, "\"result\":{\"id\":7}"));
	free(s);

	json_decref(body);
	body = json_object();
	s = audit_summary(body, NULL);
	assert_string_equal(s, "");
	free(s);
	json_decref(body);
	json_decref(result);
}

static void test_audit_summary_is_bounded(void **state)
{
	char big[3000];
	json_t *body;
	char *s;
	(void)state;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	body = json_pack("{s:s}", "note", big);
	s = audit_summary(body, NULL);
	assert_int_equal(strlen(s), AUDIT_SUMMARY_MAX);
	assert_string_equal(s + AUDIT_SUMMARY_MAX - 3, "...");
	free(s);
	json_decref(body);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_and_verify),
		cmocka_unit_test(test_verify_known_string),
		cmocka_unit_test(test_verify_rejects_malformed),
		cmocka_unit_test(test_generate),
		cmocka_unit_test(test_tokens_and_compare),
		cmocka_unit_test(test_cookie_value),
		cmocka_unit_test(test_audit_summary_masks_secrets),
		cmocka_unit_test(test_audit_summary_is_bounded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
