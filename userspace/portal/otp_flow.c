/* Mobile number + SMS code: asking for a code (rate limits, the access code
 * of the day, delivery on a worker) and answering it (attempts, expiry),
 * then the number's account is found or made and the device logged in. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aaa/portal_accounts.h"
#include <openssl/crypto.h>
#include <time.h>

#include "common/log.h"
#include "portal/internal.h"
#include "portal/otp.h"
#include "store/account.h"
#include "store/stmt_cache.h"

void portal_login_account(struct guest *g, const char *username, const char *url, const char *sig);

static unsigned method_bit(const char *m)
{
	if (!m)
		return 0;
	if (!strcmp(m, "sms"))
		return METHOD_SMS;
	if (!strcmp(m, "sms-code"))
		return METHOD_SMS_CODE;
	if (!strcmp(m, "sms-member"))
		return METHOD_SMS_MEMBER;
	return 0;
}

static void otp_page(struct guest *g, int status, const char *error, const char *phone, const char *method,
		     const char *url, const char *sig)
{
	struct page_vars v = { 0 };

	vars_set(&v, "phone", phone);
	vars_set(&v, "method", method);
	if (url && sig) {
		vars_set(&v, "url", url);
		vars_set(&v, "sig", sig);
	}
	if (error)
		vars_set(&v, "error", error);
	page_send(g, status, PAGE_OTP, &v);
}

static void history(struct portal *p, const char *phone, const char *mac, int64_t now, struct otp_history *h)
{
	sqlite3_stmt *st;

	memset(h, 0, sizeof(*h));
	if (db_prepare(p->app->db,
		       "SELECT (SELECT max(created_at) FROM portal_otp WHERE phone = ?1 AND failed = 0), "
		       "(SELECT count(*) FROM portal_otp WHERE phone = ?1 AND created_at > ?3), "
		       "(SELECT count(*) FROM portal_otp WHERE mac = ?2 AND created_at > ?3)", &st) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, mac, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now - 3600);
	if (sqlite3_step(st) == SQLITE_ROW) {
		h->last_to_number = sqlite3_column_int64(st, 0);
		h->sent_to_number_hour = sqlite3_column_int(st, 1);
		h->sent_from_mac_hour = sqlite3_column_int(st, 2);
	}
	db_release(st);
}

static void exec_id(sqlite3 *db, const char *sql, int64_t id)
{
	sqlite3_stmt *st;

	if (db_prepare(db, sql, &st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_step(st);
		db_release(st);
	}
}

/* A request waiting for the SMS worker. The request's pool and the worker
 * each hold a reference: whichever lets go last frees it. */
struct pending {
	int refs;
	struct guest g;		/* g.req is NULL once the request is gone */
	int64_t otp_id;
	char phone[32], method[16], url[PORTAL_URL_MAX], sig[65];
	int has_url;
};

static void pending_unref(struct pending *pd)
{
	if (--pd->refs == 0)
		free(pd);
}

static void on_request_gone(void *slot)
{
	struct pending *pd = *(struct pending **)slot;

	pd->g.req = NULL;
	pending_unref(pd);
}

static void on_sent(void *arg, int ok, const char *error)
{
	struct pending *pd = arg;

	if (!ok) {
		/* not delivered: it does not hold the number back, and no account exists yet */
		exec_id(pd->g.p->app->db, "UPDATE portal_otp SET failed = 1 WHERE id = ?", pd->otp_id);
		log_warn("portal", "SMS code not delivered phone=%s mac=%s error=\"%s\"", pd->phone, pd->g.mac_text,
			 error);
	}
	if (pd->g.req) {
		pd->g.now = time(NULL);
		if (ok)
			otp_page(&pd->g, 200, NULL, pd->phone, pd->method, pd->has_url ? pd->url : NULL,
				 pd->has_url ? pd->sig : NULL);
		else
			render_login(&pd->g, 502, tr(&pd->g, "error.sms_failed"), pd->has_url ? pd->url : NULL,
				     pd->has_url ? pd->sig : NULL);
	}
	pending_unref(pd);
}

static bool access_code_ok(struct guest *g, const char *given)
{
	char code[64];

	if (portal_setting_get(g->p, "access_code", code, sizeof(code)) != 0 || !*code || !given)
		return false;
	return strlen(code) == strlen(given) && strcasecmp(code, given) == 0;
}

void handle_otp_send(struct guest *g, struct form *f)
{
	const char *method = form_get(f, "method"), *url = form_get(f, "url"), *sig = form_get(f, "sig");
	char phone[32], code[OTP_DIGITS + 1], hash[OTP_HASH_HEX], text[256];
	struct otp_history h;
	int64_t wait, account;
	sqlite3_stmt *st;
	unsigned bit = method_bit(method);
	bool send = true;

	if (!g->have_mac) {
		message_send(g, 400, tr(g, "error.title"), tr(g, "error.no_mac"));
		return;
	}
	if (!bit || !(g->p->methods & bit)) {
		render_login(g, 400, tr(g, "error.method_off"), url, sig);
		return;
	}
	if (failures_count(g->p, g->mac_text, g->now) >= FAIL_LIMIT) {
		render_login(g, 429, tr(g, "error.locked_short"), url, sig);
		return;
	}
	if (phone_e164(form_get(f, "phone") ? form_get(f, "phone") : "", phone, sizeof(phone))) {
		render_login(g, 400, tr(g, "error.phone"), url, sig);
		return;
	}
	if (bit == METHOD_SMS_CODE && !access_code_ok(g, form_get(f, "access_code"))) {
		failure_record(g->p, g->mac_text, g->now);
		render_login(g, 401, tr(g, "error.access_code"), url, sig);
		return;
	}
	history(g->p, phone, g->mac_text, g->now, &h);
	switch (otp_may_send(&h, g->now, &wait)) {
	case OTP_SEND_OK:
		break;
	case OTP_SEND_COOLDOWN: {
		char msg[256];
		const char *t = tr(g, "error.otp_wait"), *at = strstr(t, "{seconds}");

		if (at)
			snprintf(msg, sizeof(msg), "%.*s%lld%s", (int)(at - t), t, (long long)wait, at + 9);
		else
			snprintf(msg, sizeof(msg), "%s", t);
		otp_page(g, 429, msg, phone, method, url, sig);
		return;
	}
	default:
		render_login(g, 429, tr(g, "error.otp_limit"), url, sig);
		return;
	}
	/* a club sends codes to its members only; others see the same page and
	 * get no SMS, so the form does not tell who is a member */
	if (bit == METHOD_SMS_MEMBER && account_find(g->p->app->db, phone, &account) != 0) {
		log_info("portal", "SMS code not sent: not a member phone=%s mac=%s", phone, g->mac_text);
		send = false;
	}
	if (otp_generate(code)) {
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return;
	}
	otp_hash(g->p->secret, sizeof(g->p->secret), phone, code, hash);
	if (db_prepare(g->p->app->db,
		       "INSERT INTO portal_otp (phone, mac, code_hash, created_at, expires_at) "
		       "VALUES (?, ?, ?, ?, ?)", &st) != SQLITE_OK) {
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return;
	}
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, g->mac_text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, g->now);
	sqlite3_bind_int64(st, 5, g->now + OTP_TTL);
	int rc = sqlite3_step(st);

	db_release(st);
	if (rc != SQLITE_DONE) {
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return;
	}
	if (!send) {
		otp_page(g, 200, NULL, phone, method, url, sig);
		return;
	}
	const char *t = tr(g, "otp.sms"), *at = strstr(t, "{code}");

	if (at)
		snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - t), t, code, at + 6);
	else
		snprintf(text, sizeof(text), "%s %s", t, code);
	OPENSSL_cleanse(code, sizeof(code));

	struct pending *pd = calloc(1, sizeof(*pd));
	struct pending **slot;

	if (!pd)
		abort();
	pd->refs = 2;
	pd->g = *g;
	pd->otp_id = sqlite3_last_insert_rowid(g->p->app->db);
	snprintf(pd->phone, sizeof(pd->phone), "%s", phone);
	snprintf(pd->method, sizeof(pd->method), "%s", method);
	if (url && sig) {
		pd->has_url = 1;
		snprintf(pd->url, sizeof(pd->url), "%s", url);
		snprintf(pd->sig, sizeof(pd->sig), "%s", sig);
	}
	slot = h2o_mem_alloc_shared(&g->req->pool, sizeof(*slot), on_request_gone);
	*slot = pd;
	sms_send(g->p->sms, phone, text, on_sent, pd);
	OPENSSL_cleanse(text, sizeof(text));
}

void handle_otp_verify(struct guest *g, struct form *f)
{
	const char *method = form_get(f, "method"), *url = form_get(f, "url"), *sig = form_get(f, "sig");
	const char *answer = form_get(f, "otp");
	char phone[32], hash[OTP_HASH_HEX], err[256];
	struct otp_challenge c = { 0 };
	sqlite3_stmt *st;
	int64_t id = 0, account;
	unsigned bit = method_bit(method);

	if (!g->have_mac) {
		message_send(g, 400, tr(g, "error.title"), tr(g, "error.no_mac"));
		return;
	}
	if (!bit || !(g->p->methods & bit)) {
		render_login(g, 400, tr(g, "error.method_off"), url, sig);
		return;
	}
	if (phone_e164(form_get(f, "phone") ? form_get(f, "phone") : "", phone, sizeof(phone))) {
		render_login(g, 400, tr(g, "error.phone"), url, sig);
		return;
	}
	if (failures_count(g->p, g->mac_text, g->now) >= FAIL_LIMIT) {
		render_login(g, 429, tr(g, "error.locked_short"), url, sig);
		return;
	}
	if (!answer || !otp_well_formed(answer)) {
		otp_page(g, 400, tr(g, "error.otp_format"), phone, method, url, sig);
		return;
	}
	if (db_prepare(g->p->app->db,
		       "SELECT id, code_hash, expires_at, attempts, used_at IS NOT NULL FROM portal_otp "
		       "WHERE phone = ? AND mac = ? AND failed = 0 ORDER BY id DESC LIMIT 1", &st) != SQLITE_OK)
		return message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
	sqlite3_bind_text(st, 1, phone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, g->mac_text, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(c.code_hash, sizeof(c.code_hash), "%s", sqlite3_column_text(st, 1));
		c.expires_at = sqlite3_column_int64(st, 2);
		c.attempts = sqlite3_column_int(st, 3);
		c.used = sqlite3_column_int(st, 4);
	}
	db_release(st);
	if (!id) {
		render_login(g, 400, tr(g, "error.otp_expired"), url, sig);
		return;
	}
	otp_hash(g->p->secret, sizeof(g->p->secret), phone, answer, hash);
	switch (otp_verify(&c, hash, g->now)) {
	case OTP_OK:
		break;
	case OTP_WRONG:
		exec_id(g->p->app->db, "UPDATE portal_otp SET attempts = attempts + 1 WHERE id = ?", id);
		failure_record(g->p, g->mac_text, g->now);
		if (c.attempts + 1 >= OTP_MAX_ATTEMPTS)
			render_login(g, 401, tr(g, "error.otp_attempts"), url, sig);
		else
			otp_page(g, 401, tr(g, "error.otp_wrong"), phone, method, url, sig);
		return;
	case OTP_EXPIRED:
		render_login(g, 400, tr(g, "error.otp_expired"), url, sig);
		return;
	case OTP_NO_ATTEMPTS:
		render_login(g, 401, tr(g, "error.otp_attempts"), url, sig);
		return;
	}
	exec_id(g->p->app->db, "UPDATE portal_otp SET used_at = strftime('%s', 'now') WHERE id = ?", id);
	/* the number is proven: its account, or a new one on [portal] sms_plan */
	if (account_find(g->p->app->db, phone, &account) != 0) {
		int64_t plan = plan_by_name(g->p, g->p->app->cfg.portal_sms_plan);

		if (bit == METHOD_SMS_MEMBER) {
			render_login(g, 401, tr(g, "error.otp_wrong"), url, sig);
			return;
		}
		if (!plan) {
			log_error("portal", "[portal] sms_plan \"%s\" is not a plan", g->p->app->cfg.portal_sms_plan);
			message_send(g, 503, tr(g, "error.title"), tr(g, "error.unavailable"));
			return;
		}
		struct portal_account_req q = { .kind = "mobile", .username = phone, .plan_id = plan,
						.mac = g->mac_text, .now = g->now };

		if (aaa_portal_account(g->p->app, &q, &account, err, sizeof(err)) != 0) {
			log_error("portal", "account for a verified number phone=%s: %s", phone, err);
			message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
			return;
		}
		log_info("portal", "new mobile account phone=%s mac=%s", phone, g->mac_text);
	}
	portal_login_account(g, phone, url, sig);
}
