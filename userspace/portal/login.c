/* Logging in: the login page, voucher / password / click-through logins,
 * returning devices by MAC, logout, and the lockout. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aaa/portal_accounts.h"
#include "app/group_commit.h"
#include "billing/tz.h"
#include "common/log.h"
#include "gateway/gateway.h"
#include "portal/internal.h"
#include "store/account.h"
#include "store/stmt_cache.h"

/* --- the lockout --------------------------------------------------------------- */

int failures_count(struct portal *p, const char *mac, int64_t now)
{
	sqlite3_stmt *st;
	int n = 0;

	if (db_prepare(p->app->db, "SELECT count(*) FROM portal_failures WHERE mac = ? AND at > ?", &st) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, mac, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - FAIL_WINDOW);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_release(st);
	return n;
}

/* seconds until the oldest of the last FAIL_LIMIT failures leaves the window */
static int64_t lockout_left(struct portal *p, const char *mac, int64_t now)
{
	sqlite3_stmt *st;
	int64_t left = FAIL_WINDOW;

	if (db_prepare(p->app->db,
		       "SELECT min(at) FROM (SELECT at FROM portal_failures WHERE mac = ? AND at > ? "
		       "ORDER BY at DESC LIMIT ?)", &st) != SQLITE_OK)
		return left;
	sqlite3_bind_text(st, 1, mac, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - FAIL_WINDOW);
	sqlite3_bind_int(st, 3, FAIL_LIMIT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		left = sqlite3_column_int64(st, 0) + FAIL_WINDOW - now;
	db_release(st);
	return left > 0 ? left : 1;
}

void failure_record(struct portal *p, const char *mac, int64_t now)
{
	sqlite3_stmt *st;

	if (db_prepare(p->app->db, "INSERT INTO portal_failures (mac, at) VALUES (?, ?)", &st) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, mac, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now);
		sqlite3_step(st);
		db_release(st);
	}
	if (db_prepare(p->app->db, "DELETE FROM portal_failures WHERE at <= ?", &st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, now - FAIL_WINDOW);
		sqlite3_step(st);
		db_release(st);
	}
	log_info("portal", "failed login mac=%s", mac);
}

/* true (and the lockout page sent) when the device is locked out */
static bool locked_out(struct guest *g)
{
	char text[512], minutes[32];
	const char *t;
	char *at;

	if (failures_count(g->p, g->mac_text, g->now) < FAIL_LIMIT)
		return false;
	snprintf(minutes, sizeof(minutes), "%lld", (long long)(lockout_left(g->p, g->mac_text, g->now) + 59) / 60);
	t = tr(g, "error.locked");
	/* "{minutes}" in the catalog's text */
	if ((at = strstr(t, "{minutes}")) != NULL)
		snprintf(text, sizeof(text), "%.*s%s%s", (int)(at - t), t, minutes, at + 9);
	else
		snprintf(text, sizeof(text), "%s", t);
	log_warn("portal", "device locked out mac=%s", g->mac_text);
	message_send(g, 429, tr(g, "error.locked_title"), text);
	return true;
}

/* --- sessions of this gateway ------------------------------------------------------ */

int guest_session(struct guest *g, int64_t *session_id)
{
	struct gateway_client c;
	int rc;

	if (!g->have_mac)
		return -ENOENT;
	if (g->p->app->remote_aaa) {
		struct remote_standing rs;

		if (guest_remote_standing(g, &rs) == 0) {
			*session_id = (int64_t)rs.session_id;
			return 0;
		}
	}
	if ((rc = aaa_session_by_mac(g->p->app, g->mac_text, session_id)))
		return rc;
	if (!g->p->app->gateway)
		return 0;	/* no data plane: the database is all there is */
	rc = gateway_client_get(g->p->app, g->mac, &c);
	if (rc == -ENODEV)
		return 0;
	if (rc || !(c.cfg.flags & SG_CLIENT_AUTHORIZED) || c.cnt.stopped)
		return -ENOENT;
	return 0;
}

/* The device went through before its login was committed (the group
 * commits at the end of the loop's turn); if that commit fails, it is
 * stopped again, as if it had never logged in. */
struct undo {
	struct app *app;
	uint8_t mac[6];
};

static void undo_done(void *arg, bool committed)
{
	struct undo *u = arg;

	if (!committed)
		gateway_kick(u->app, u->mac, NULL);
	free(u);
}

static void undo_unless_committed(struct guest *g)
{
	struct undo *u;

	if (!group_commit_active(g->p->app->commit) || !(u = malloc(sizeof(*u))))
		return;
	u->app = g->p->app;
	memcpy(u->mac, g->mac, sizeof(u->mac));
	if (group_commit_after(g->p->app->commit, undo_done, u) != 0)
		free(u);
}

int guest_let_through(struct guest *g, const struct session_limits *l, uint64_t session_id)
{
	struct gateway_limits lim = {
		.budget = l->bytes_total_left == LIMIT_NONE ? 0 : (uint64_t)(l->bytes_total_left > 0 ? l->bytes_total_left : 1),
		.rate_up = l->speed_up,
		.rate_down = l->speed_down,
		.idle_timeout = l->idle_timeout,
		.session_id = session_id,
	};
	struct gateway_addrs addrs = { 0 };

	if (l->end_at)
		lim.until = l->end_at;
	if (l->seconds_left != LIMIT_NONE && (!lim.until || g->now + l->seconds_left < lim.until))
		lim.until = g->now + l->seconds_left;
	if (g->peer.ss_family == AF_INET) {
		addrs.ipv4 = ((struct sockaddr_in *)&g->peer)->sin_addr.s_addr;
	} else if (g->peer.ss_family == AF_INET6) {
		memcpy(addrs.ipv6[0], &((struct sockaddr_in6 *)&g->peer)->sin6_addr, 16);
		addrs.nipv6 = 1;
		gateway_neigh_ipv4(g->mac, &addrs.ipv4);
	}
	/* a remote session the new one replaces gets its Stop (its entry is overwritten) */
	if (g->p->app->remote_aaa)
		guest_remote_end(g, STOP_LOGOUT);
	return gateway_authorize(g->p->app, g->mac, &addrs, &lim);
}

int guest_authorize(struct guest *g, const struct login_result *r)
{
	int rc = guest_let_through(g, &r->limits, (uint64_t)r->session_id);

	if (rc == -ENODEV || rc == -EPERM)	/* no data plane; or allow-listed: passes anyway */
		return 0;
	if (rc == 0)
		undo_unless_committed(g);
	if (rc) {
		log_error("portal", "cannot let the device through mac=%s error=%d", g->mac_text, rc);
		aaa_stop(g->p->app, r->session_id, 0, 0, 0, STOP_ADMIN, g->now);
		return rc;
	}
	log_info("portal", "login mac=%s ip=%s account=%s session=%lld", g->mac_text, g->ip, r->username,
		 (long long)r->session_id);
	return 0;
}

static int login(struct guest *g, enum login_method method, const char *user, const char *password,
		 struct login_result *r)
{
	struct login_request q = {
		.method = method,
		.username = user,
		.password = password,
		.mac = g->mac_text,
		.ip = g->ip,
		.location_id = g->p->location_id,
		.now = g->now,
	};
	int rc = aaa_login(g->p->app, &q, r);

	/* -EAGAIN: accepted, but the data plane would not take the device (the
	 * session is stopped again): not the guest's fault, no lockout count */
	if (rc == 0 && r->accept && guest_authorize(g, r) != 0) {
		r->accept = false;
		snprintf(r->message, sizeof(r->message), "%s", tr(g, "error.dataplane"));
		return -EAGAIN;
	}
	return rc;
}

bool guest_mac_login(struct guest *g)
{
	struct login_result r;
	int64_t account;

	/* a read first: most devices here are not bound to anything */
	if (device_account(g->p->app->db, g->mac_text, &account) != 0)
		return false;
	return login(g, LOGIN_MAC, NULL, NULL, &r) == 0 && r.accept;
}

void after_login_url(struct guest *g, const char *url, const char *sig, char *out, size_t size)
{
	const struct config *cfg = &g->p->app->cfg;
	char host[256];

	out[0] = '\0';
	if (cfg->portal_post_login_url[0]) {
		snprintf(out, size, "%s", cfg->portal_post_login_url);
		return;
	}
	if (!url || !*url || !redirect_url_valid(url, host, sizeof(host)))
		return;
	if (redirect_signed(g->p->secret, sizeof(g->p->secret), url, sig) ||
	    redirect_host_listed(cfg->portal_redirect_hosts, host))
		snprintf(out, size, "%s", url);
}

void logged_in(struct guest *g, const char *url, const char *sig)
{
	char loc[PORTAL_URL_MAX * 3 + 400], next[PORTAL_URL_MAX];

	after_login_url(g, url, sig, next, sizeof(next));
	if (next[0]) {
		char s[65];

		redirect_sign(g->p->secret, sizeof(g->p->secret), next, s);
		snprintf(loc, sizeof(loc), "%s/status?url=%s&sig=%s", g->base,
			 url_encode(&g->req->pool, next), s);
	} else {
		snprintf(loc, sizeof(loc), "%s/status", g->base);
	}
	redirect_send(g, 303, loc);
}

/* --- pages ------------------------------------------------------------------------ */

void render_login(struct guest *g, int status, const char *error, const char *url, const char *sig)
{
	struct page_vars v = { 0 };
	unsigned m = g->p->methods;
	char next[PORTAL_URL_MAX];

	/* only a URL we would follow is carried on */
	after_login_url(g, url, sig, next, sizeof(next));
	if (next[0] && url && !strcmp(next, url)) {
		vars_set(&v, "url", url);
		vars_set(&v, "sig", sig);
	}
	if (error)
		vars_set(&v, "error", error);
	if (m & METHOD_VOUCHER)
		vars_set(&v, "m_voucher", "1");
	if (m & METHOD_PASSWORD)
		vars_set(&v, "m_password", "1");
	if (m & METHOD_SMS)
		vars_set(&v, "m_sms", "1");
	if (m & METHOD_SMS_CODE)
		vars_set(&v, "m_sms_code", "1");
	if (m & METHOD_SMS_MEMBER)
		vars_set(&v, "m_sms_member", "1");
	if (m & METHOD_CLICK)
		vars_set(&v, "m_click", "1");
	page_send(g, status, PAGE_LOGIN, &v);
}

void handle_login_page(struct guest *g, struct form *query)
{
	int64_t sid;

	if (guest_session(g, &sid) == 0) {
		handle_status_page(g);
		return;
	}
	render_login(g, 200, NULL, form_get(query, "url"), form_get(query, "sig"));
}

/* --- click-through ----------------------------------------------------------------- */

/* the n-th click of the device today (1-based) if the limit allows, else 0 */
static int click_take(struct guest *g, char *day, size_t daylen)
{
	struct civil c;
	sqlite3_stmt *st;
	int n = 0;

	tz_to_local(portal_zone(g->p), g->now, &c);
	snprintf(day, daylen, "%04d-%02d-%02d", (int)c.year, (int)c.month, (int)c.day);
	if (db_prepare(g->p->app->db, "SELECT count FROM portal_clicks WHERE mac = ? AND day = ?", &st) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, g->mac_text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	db_release(st);
	if (n >= g->p->app->cfg.portal_click_per_day)
		return 0;
	return n + 1;
}

static void click_record(struct guest *g, const char *day)
{
	sqlite3_stmt *st;

	if (db_prepare(g->p->app->db,
		       "INSERT INTO portal_clicks (mac, day, count) VALUES (?, ?, 1) "
		       "ON CONFLICT (mac, day) DO UPDATE SET count = count + 1", &st) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, g->mac_text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, day, -1, SQLITE_STATIC);
		sqlite3_step(st);
		db_release(st);
	}
	/* yesterday's counts are of no use any more */
	if (db_prepare(g->p->app->db, "DELETE FROM portal_clicks WHERE day < ?", &st) ==
	    SQLITE_OK) {
		sqlite3_bind_text(st, 1, day, -1, SQLITE_STATIC);
		sqlite3_step(st);
		db_release(st);
	}
}

static int click_login(struct guest *g, struct form *f, struct login_result *r)
{
	char day[16], name[64], err[256], mac12[13];
	int64_t plan = plan_by_name(g->p, g->p->app->cfg.portal_click_plan), account;
	int n;

	if (!form_get(f, "terms")) {
		render_login(g, 400, tr(g, "error.terms"), form_get(f, "url"), form_get(f, "sig"));
		return 1;
	}
	if (!plan) {
		log_error("portal", "click-through: [portal] click_plan \"%s\" is not a plan",
			  g->p->app->cfg.portal_click_plan);
		message_send(g, 503, tr(g, "error.title"), tr(g, "error.unavailable"));
		return 1;
	}
	if (!(n = click_take(g, day, sizeof(day)))) {
		render_login(g, 429, tr(g, "error.click_used"), form_get(f, "url"), form_get(f, "sig"));
		return 1;
	}
	for (int i = 0, j = 0; i < 6; i++, j += 2)
		snprintf(mac12 + j, 3, "%02x", g->mac[i]);
	snprintf(name, sizeof(name), "click-%s-%.4s%.2s%.2s-%d", mac12, day, day + 5, day + 8, n);
	struct portal_account_req q = { .kind = "user", .username = name, .plan_id = plan, .mac = g->mac_text,
					.now = g->now };

	if (aaa_portal_account(g->p->app, &q, &account, err, sizeof(err)) != 0) {
		log_error("portal", "click-through account: %s", err);
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return 1;
	}
	click_record(g, day);
	return login(g, LOGIN_ACCOUNT, name, NULL, r);
}

/* --- POST /login ---------------------------------------------------------------------- */

void handle_login(struct guest *g, struct form *f)
{
	const char *method = form_get(f, "method"), *url = form_get(f, "url"), *sig = form_get(f, "sig");
	unsigned m = g->p->methods;
	struct login_result r = { 0 };
	int rc;

	if (!g->have_mac) {
		message_send(g, 400, tr(g, "error.title"), tr(g, "error.no_mac"));
		return;
	}
	if (locked_out(g))
		return;
	if (!method)
		method = "voucher";
	if (!strcmp(method, "voucher") && (m & METHOD_VOUCHER)) {
		const char *code = form_get(f, "code"), *pin = form_get(f, "pin");

		if (!code || !*code) {
			render_login(g, 400, tr(g, "error.code_missing"), url, sig);
			return;
		}
		if (g->p->app->remote_aaa) {
			/* the central server decides; its answer completes this request */
			remote_login(g, true, code, pin && *pin ? pin : code, url, sig);
			return;
		}
		rc = login(g, LOGIN_VOUCHER, code, pin && *pin ? pin : NULL, &r);
	} else if (!strcmp(method, "password") && (m & METHOD_PASSWORD)) {
		const char *user = form_get(f, "username"), *pass = form_get(f, "password");

		if (!user || !*user || !pass || !*pass) {
			render_login(g, 400, tr(g, "error.password_missing"), url, sig);
			return;
		}
		if (g->p->app->remote_aaa) {
			remote_login(g, false, user, pass, url, sig);
			return;
		}
		rc = login(g, LOGIN_PASSWORD, user, pass, &r);
	} else if (!strcmp(method, "click") && (m & METHOD_CLICK)) {
		rc = click_login(g, f, &r);
		if (rc == 1)
			return;
	} else {
		render_login(g, 400, tr(g, "error.method_off"), url, sig);
		return;
	}
	if (rc == -EAGAIN) {
		render_login(g, 503, r.message, url, sig);
		return;
	}
	if (rc) {
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return;
	}
	if (!r.accept) {
		/* a wrong or unknown code (one message for both) counts toward the lockout */
		if (r.reason == BILLING_OK && strcmp(method, "click"))
			failure_record(g->p, g->mac_text, g->now);
		render_login(g, 401, strcmp(method, "voucher") && r.reason == BILLING_OK ? tr(g, "error.wrong_password")
				     : r.reason == BILLING_OK ? tr(g, "error.wrong_code") : r.message,
			     url, sig);
		return;
	}
	logged_in(g, url, sig);
}

/* for the SMS flow: a proven number logs in */
void portal_login_account(struct guest *g, const char *username, const char *url, const char *sig)
{
	struct login_result r;
	int rc = login(g, LOGIN_ACCOUNT, username, NULL, &r);

	if (rc && rc != -EAGAIN) {
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return;
	}
	if (!r.accept) {
		render_login(g, rc ? 503 : 403, r.message, url, sig);
		return;
	}
	logged_in(g, url, sig);
}

/* --- POST /logout ------------------------------------------------------------------- */

void handle_logout(struct guest *g, struct form *f)
{
	struct session_ref ref;
	int64_t sid;

	(void)f;
	if (g->have_mac && g->p->app->remote_aaa && guest_remote_end(g, STOP_LOGOUT)) {
		log_info("portal", "logout mac=%s (remote session)", g->mac_text);
	} else if (g->have_mac && aaa_session_by_mac(g->p->app, g->mac_text, &sid) == 0 &&
		   aaa_session_ref(g->p->app, sid, &ref) == 0) {
		gateway_kick(g->p->app, g->mac, NULL);
		aaa_stop(g->p->app, sid, 0, 0, AAA_UNTIL_NOW, STOP_LOGOUT, g->now);
		/* logged out on purpose: no automatic re-login for this device */
		device_unbind(g->p->app->db, ref.account_id, g->mac_text);
		log_info("portal", "logout mac=%s session=%lld", g->mac_text, (long long)sid);
	}
	message_send(g, 200, tr(g, "logout.title"), tr(g, "logout.text"));
}
