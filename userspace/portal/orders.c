/* Buying a package on the portal: the list of plans sold here, orders with a
 * short reference, the front-desk confirmation (admin API, spotctl order
 * confirm) and the webhook provider's signed payment notification. A paid
 * order creates the guest's account or tops up the one the device is bound
 * to, and the device is let through. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/portal_accounts.h"
#include "billing_json/plan_text.h"
#include "common/log.h"
#include "portal/internal.h"
#include "store/account.h"
#include "store/db.h"
#include "store/plan.h"
#include "voucher/price.h"
#include "voucher/rng.h"

#define REF_CHARS "ABCDEFGHJKMNPQRSTUVWXYZ23456789"	/* nothing to mistake when read out */
#define REF_LEN 6

struct order {
	int64_t id;
	char reference[16];
	char provider[16];
	int64_t plan_id;
	int64_t price;
	char currency[8];
	char mac[MAC_TEXT_LEN];
	char ip[46];
	char state[16];
	int64_t account_id;
};

static int order_load(sqlite3 *db, const char *ref, struct order *o)
{
	sqlite3_stmt *st;
	int rc = -ENOENT;

	if (db_prepare(db,
		       "SELECT id, reference, provider, plan_id, price, currency, mac, coalesce(ip, ''), state, "
		       "coalesce(account_id, 0) FROM portal_orders WHERE reference = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(st, 0);
		snprintf(o->reference, sizeof(o->reference), "%s", sqlite3_column_text(st, 1));
		snprintf(o->provider, sizeof(o->provider), "%s", sqlite3_column_text(st, 2));
		o->plan_id = sqlite3_column_int64(st, 3);
		o->price = sqlite3_column_int64(st, 4);
		snprintf(o->currency, sizeof(o->currency), "%s", sqlite3_column_text(st, 5));
		snprintf(o->mac, sizeof(o->mac), "%s", sqlite3_column_text(st, 6));
		snprintf(o->ip, sizeof(o->ip), "%s", sqlite3_column_text(st, 7));
		snprintf(o->state, sizeof(o->state), "%s", sqlite3_column_text(st, 8));
		o->account_id = sqlite3_column_int64(st, 9);
		rc = 0;
	}
	db_release(st);
	return rc;
}

/* --- settling ----------------------------------------------------------------------- */

struct settle_job {
	struct app *app;
	const char *reference;
	const char *by;
	int64_t now;
	/* a payment notification, or NULL for the front desk */
	const char *txn;
	int64_t amount;
	const char *currency;
	char *err;
	size_t errlen;
	struct order order;
};

static int settle(sqlite3 *db, void *arg)
{
	struct settle_job *job = arg;
	struct order *o = &job->order;
	char username[64], kind[8] = "user";
	int64_t bound, account;
	struct account_row row;
	sqlite3_stmt *st;
	int rc;

	if ((rc = order_load(db, job->reference, o))) {
		snprintf(job->err, job->errlen, "no order %s", job->reference);
		return rc;
	}
	if (strcmp(o->state, "pending")) {
		snprintf(job->err, job->errlen, "order %s is %s, not pending", o->reference, o->state);
		return -EALREADY;
	}
	if (job->txn) {
		if (job->amount != o->price || strcmp(job->currency, o->currency)) {
			snprintf(job->err, job->errlen, "order %s costs %lld %s, the payment says %lld %s", o->reference,
				 (long long)o->price, o->currency, (long long)job->amount, job->currency);
			return -EINVAL;
		}
		if (db_prepare(db,
			       "INSERT INTO portal_payments (order_id, provider, txn_id, amount, currency, "
			       "received_at) VALUES (?, 'webhook', ?, ?, ?, ?)", &st) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_int64(st, 1, o->id);
		sqlite3_bind_text(st, 2, job->txn, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, job->amount);
		sqlite3_bind_text(st, 4, job->currency, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, job->now);
		rc = sqlite3_step(st);
		db_release(st);
		if (rc != SQLITE_DONE) {
			snprintf(job->err, job->errlen, "payment %s was seen before", job->txn);
			return -EEXIST;
		}
	}
	/* top up the account the device belongs to (not a voucher's), else a new one */
	snprintf(username, sizeof(username), "order-%s", o->reference);
	if (device_account(db, o->mac, &bound) == 0 && account_load(db, bound, &row) == 0 &&
	    strcmp(row.kind, "voucher") != 0) {
		snprintf(username, sizeof(username), "%s", row.username);
		snprintf(kind, sizeof(kind), "%s", row.kind);
	}
	struct portal_account_req q = { .kind = kind, .username = username, .plan_id = o->plan_id, .mac = o->mac,
					.topup = 1, .now = job->now };

	if ((rc = aaa_portal_account(job->app, &q, &account, job->err, job->errlen)))
		return rc;
	if (db_prepare(db,
		       "UPDATE portal_orders SET state = 'paid', paid_at = ?, paid_by = ?, account_id = ? "
		       "WHERE id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, job->now);
	sqlite3_bind_text(st, 2, job->by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, account);
	sqlite3_bind_int64(st, 4, o->id);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	db_release(st);
	o->account_id = account;
	log_info("portal", "order paid reference=%s by=%s account=%s mac=%s", o->reference, job->by, username,
		 o->mac);
	return rc;
}

int portal_order_confirm(struct app *app, const char *reference, const char *by, int64_t now, char *err,
			 size_t errlen)
{
	struct settle_job job = { .app = app, .reference = reference, .by = by, .now = now, .err = err,
				  .errlen = errlen };

	int rc;

	err[0] = '\0';
	rc = db_transaction(app->db, settle, &job);
	/* a guest online on the topped-up account goes on with the new allowance */
	if (rc == 0 && job.order.account_id)
		aaa_account_changed(app, job.order.account_id, now);
	return rc;
}

static json_t *order_json(sqlite3_stmt *st)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:I}", "reference",
			      (const char *)sqlite3_column_text(st, 0), "provider",
			      (const char *)sqlite3_column_text(st, 1), "plan_id", (json_int_t)sqlite3_column_int64(st, 2),
			      "plan", sqlite3_column_text(st, 3) ? (const char *)sqlite3_column_text(st, 3) : "",
			      "price", (json_int_t)sqlite3_column_int64(st, 4), "currency",
			      (const char *)sqlite3_column_text(st, 5), "mac", (const char *)sqlite3_column_text(st, 6),
			      "state", (const char *)sqlite3_column_text(st, 7), "created_at",
			      (json_int_t)sqlite3_column_int64(st, 8));

	json_object_set_new(o, "paid_at", sqlite3_column_type(st, 9) == SQLITE_NULL
						  ? json_null() : json_integer(sqlite3_column_int64(st, 9)));
	json_object_set_new(o, "paid_by", sqlite3_column_type(st, 10) == SQLITE_NULL
						  ? json_null() : json_string((const char *)sqlite3_column_text(st, 10)));
	json_object_set_new(o, "account_id", sqlite3_column_type(st, 11) == SQLITE_NULL
						     ? json_null() : json_integer(sqlite3_column_int64(st, 11)));
	json_object_set_new(o, "location", json_integer(sqlite3_column_int64(st, 12)));
	return o;
}

#define ORDER_COLUMNS                                                                                    \
	"SELECT o.reference, o.provider, o.plan_id, p.name, o.price, o.currency, o.mac, o.state, o.created_at, " \
	"o.paid_at, o.paid_by, o.account_id, o.location_id FROM portal_orders o LEFT JOIN plans p ON p.id = o.plan_id "

int portal_order_get(struct app *app, const char *reference, json_t **out)
{
	sqlite3_stmt *st;
	int rc = -ENOENT;

	if (db_prepare(app->db, ORDER_COLUMNS "WHERE o.reference = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, reference, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*out = order_json(st);
		rc = 0;
	}
	db_release(st);
	return rc;
}

int portal_order_list(struct app *app, const char *state, int64_t limit, json_t **out)
{
	sqlite3_stmt *st;

	if (db_prepare(app->db, ORDER_COLUMNS "WHERE ?1 IS NULL OR o.state = ?1 ORDER BY o.id DESC LIMIT ?2", &st) != SQLITE_OK)
		return -EIO;
	if (state)
		sqlite3_bind_text(st, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, limit);
	*out = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(*out, order_json(st));
	db_release(st);
	return 0;
}

/* --- the guest's side ------------------------------------------------------------------ */

void handle_buy_page(struct guest *g)
{
	struct page_vars v = { 0 };
	struct text_buf plans = { 0 };
	sqlite3_stmt *st;
	char csrf[96];
	int n = 0;

	if (!g->p->payment) {
		message_send(g, 404, tr(g, "error.title"), tr(g, "error.not_found"));
		return;
	}
	csrf_token(g, csrf);
	if (db_prepare(g->p->app->db,
		       "SELECT id FROM plans WHERE location_id = ? AND sold_on_portal = 1 AND retired_at IS NULL "
		       "ORDER BY name", &st) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, g->p->location_id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			struct plan plan;
			char price[32], amount[128], validity[128];

			if (plan_load(g->p->app->db, sqlite3_column_int64(st, 0), 0, &plan, NULL) != 0)
				continue;
			voucher_price_format(plan.price, plan.currency, price, sizeof(price));
			plan_amount_text(&plan, amount, sizeof(amount));
			plan_validity_text(&plan, validity, sizeof(validity));
			text_buf_printf(&plans, "<li class=\"plan\"><h3>");
			text_buf_escape(&plans, plan.name, strlen(plan.name));
			text_buf_printf(&plans, "</h3><p class=\"price\">");
			text_buf_escape(&plans, price, strlen(price));
			text_buf_printf(&plans, "</p><p>");
			text_buf_escape(&plans, amount, strlen(amount));
			text_buf_printf(&plans, "; ");
			text_buf_escape(&plans, validity, strlen(validity));
			text_buf_printf(&plans, "</p>");
			for (int i = 0; i < 2; i++) {
				unsigned bit = i ? PAY_WEBHOOK : PAY_FRONT_DESK;

				if (!(g->p->payment & bit))
					continue;
				text_buf_printf(&plans,
						"<form method=\"post\" action=\"/buy\"><input type=\"hidden\" name=\"csrf\" "
						"value=\"%s\"><input type=\"hidden\" name=\"plan\" value=\"%lld\">"
						"<input type=\"hidden\" name=\"provider\" value=\"%s\"><button type=\"submit\">",
						csrf, (long long)plan.id, i ? "webhook" : "front-desk");
				const char *label = tr(g, i ? "buy.pay_online" : "buy.pay_desk");

				text_buf_escape(&plans, label, strlen(label));
				text_buf_printf(&plans, "</button></form>");
			}
			text_buf_printf(&plans, "</li>");
			n++;
		}
		db_release(st);
	}
	vars_set(&v, "plans", plans.data ? plans.data : "");
	if (!n)
		vars_set(&v, "none", "1");
	text_buf_free(&plans);
	page_send(g, 200, PAGE_BUY, &v);
}

static void make_reference(char out[REF_LEN + 1])
{
	struct voucher_rng rng;

	voucher_rng_init(&rng, NULL, NULL);
	for (int i = 0; i < REF_LEN; i++) {
		unsigned k = 0;

		voucher_rng_below(&rng, sizeof(REF_CHARS) - 1, &k);
		out[i] = REF_CHARS[k];
	}
	out[REF_LEN] = '\0';
	voucher_rng_wipe(&rng);
}

void handle_buy(struct guest *g, struct form *f)
{
	const char *provider = form_get(f, "provider"), *plan_text = form_get(f, "plan");
	unsigned bit = provider && !strcmp(provider, "front-desk") ? PAY_FRONT_DESK
		       : provider && !strcmp(provider, "webhook")  ? PAY_WEBHOOK : 0;
	struct plan plan;
	struct plan_meta meta;
	char ref[REF_LEN + 1], *end, loc[2048];
	long long plan_id = plan_text ? strtoll(plan_text, &end, 10) : 0;
	sqlite3_stmt *st;
	int rc = SQLITE_ERROR;

	if (!g->have_mac) {
		message_send(g, 400, tr(g, "error.title"), tr(g, "error.no_mac"));
		return;
	}
	if (!bit || !(g->p->payment & bit)) {
		message_send(g, 400, tr(g, "error.title"), tr(g, "error.provider"));
		return;
	}
	if (!plan_text || *end || plan_id <= 0 || plan_load(g->p->app->db, plan_id, 0, &plan, &meta) != 0 ||
	    !meta.sold_on_portal || meta.retired_at || meta.location_id != g->p->location_id) {
		message_send(g, 400, tr(g, "error.title"), tr(g, "error.plan"));
		return;
	}
	for (int tries = 0; tries < 5 && rc != SQLITE_DONE; tries++) {
		make_reference(ref);
		if (db_prepare(g->p->app->db,
			       "INSERT INTO portal_orders (reference, provider, plan_id, plan_version, price, "
			       "currency, mac, ip, created_at, location_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", &st) != SQLITE_OK)
			break;
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, provider, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, plan.id);
		sqlite3_bind_int(st, 4, (int)plan.version);
		sqlite3_bind_int64(st, 5, plan.price);
		sqlite3_bind_text(st, 6, plan.currency, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, g->mac_text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, g->ip, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 9, g->now);
		sqlite3_bind_int64(st, 10, g->p->location_id);
		rc = sqlite3_step(st);
		db_release(st);
	}
	if (rc != SQLITE_DONE) {
		message_send(g, 500, tr(g, "error.title"), tr(g, "error.internal"));
		return;
	}
	log_info("portal", "order reference=%s provider=%s plan=%lld mac=%s", ref, provider, (long long)plan.id,
		 g->mac_text);
	if (bit == PAY_FRONT_DESK) {
		snprintf(loc, sizeof(loc), "%s/order/%s", g->base, ref);
	} else {
		char ret[400], amount[32];
		const char *wu = g->p->app->cfg.portal_webhook_url;

		snprintf(ret, sizeof(ret), "%s/order/%s", g->base, ref);
		snprintf(amount, sizeof(amount), "%lld", (long long)plan.price);
		snprintf(loc, sizeof(loc), "%s%sorder=%s&amount=%s&currency=%s&return=%s", wu, strchr(wu, '?') ? "&" : "?",
			 ref, amount, plan.currency, url_encode(&g->req->pool, ret));
	}
	redirect_send(g, 303, loc);
}

void handle_order_page(struct guest *g, const char *reference)
{
	struct page_vars v = { 0 };
	struct order o;
	struct plan plan;
	char price[32];
	int64_t sid;

	if (order_load(g->p->app->db, reference, &o) != 0 || !g->have_mac || strcmp(o.mac, g->mac_text)) {
		message_send(g, 404, tr(g, "error.title"), tr(g, "error.order"));
		return;
	}
	if (!strcmp(o.state, "paid")) {
		if (guest_session(g, &sid) == 0 || guest_mac_login(g)) {
			char loc[400];

			snprintf(loc, sizeof(loc), "%s/status", g->base);
			redirect_send(g, 303, loc);
			return;
		}
	}
	voucher_price_format(o.price, o.currency, price, sizeof(price));
	vars_set(&v, "reference", o.reference);
	vars_set(&v, "price", price);
	if (plan_load(g->p->app->db, o.plan_id, 0, &plan, NULL) == 0)
		vars_set(&v, "plan", plan.name);
	if (!strcmp(o.state, "pending")) {
		vars_set(&v, "pending", "1");
		if (!strcmp(o.provider, "front-desk"))
			vars_set(&v, "front_desk", "1");
		/* without JavaScript: the page asks again by itself */
		vars_set(&v, "refresh", "5");
		vars_setf(&v, "refresh_url", "%s/order/%s", g->base, o.reference);
	} else {
		vars_set(&v, "state", o.state);
	}
	page_send(g, 200, PAGE_ORDER, &v);
}

static const char *header(h2o_req_t *req, const char *name, char *buf, size_t size)
{
	ssize_t i = h2o_find_header_by_str(&req->headers, name, strlen(name), -1);

	if (i < 0 || req->headers.entries[i].value.len >= size)
		return NULL;
	snprintf(buf, size, "%.*s", (int)req->headers.entries[i].value.len, req->headers.entries[i].value.base);
	return buf;
}

static void webhook_reply(struct guest *g, int status, const char *message)
{
	char body[512];
	json_t *o = json_pack("{s:s}", status < 300 ? "result" : "error", message);
	char *text = json_dumps(o, JSON_COMPACT);

	snprintf(body, sizeof(body), "%s", text ? text : "{}");
	free(text);
	json_decref(o);
	h2o_add_header(&g->req->pool, &g->req->res.headers, H2O_TOKEN_CACHE_CONTROL, NULL, H2O_STRLIT("no-store"));
	guest_respond(g, status, "application/json", body, strlen(body));
}

void handle_webhook(struct guest *g)
{
	h2o_req_t *req = g->req;
	char ts[32], sig[80], err[256];
	const char *secret = g->p->app->cfg.portal_webhook_secret;
	json_t *body;
	json_error_t jerr;
	const char *ref, *txn, *currency, *status;
	json_int_t amount;
	int rc;

	if (!(g->p->payment & PAY_WEBHOOK)) {
		webhook_reply(g, 404, "the webhook provider is not configured");
		return;
	}
	if (req->entity.len > FORM_MAX) {
		webhook_reply(g, 413, "body too large");
		return;
	}
	if (!header(req, "x-spotgate-timestamp", ts, sizeof(ts)) || !header(req, "x-spotgate-signature", sig, sizeof(sig)) ||
	    !webhook_verify(secret, ts, req->entity.base ? req->entity.base : "", req->entity.len, sig, (long long)g->now)) {
		log_warn("portal", "payment notification refused: bad or old signature from=%s", g->ip);
		webhook_reply(g, 401, "bad signature or timestamp");
		return;
	}
	body = json_loadb(req->entity.base, req->entity.len, JSON_REJECT_DUPLICATES, &jerr);
	if (!body || json_unpack(body, "{s:s, s:s, s:I, s:s, s:s}", "order", &ref, "txn", &txn, "amount", &amount,
				 "currency", &currency, "status", &status) != 0 ||
	    strlen(ref) > 16 || strlen(txn) > 128 || strlen(currency) != 3) {
		json_decref(body);
		webhook_reply(g, 400, "expected {order, txn, amount, currency, status}");
		return;
	}
	if (strcmp(status, "paid")) {
		log_info("portal", "payment notification order=%s status=%s: nothing to do", ref, status);
		json_decref(body);
		webhook_reply(g, 200, "ignored");
		return;
	}
	struct settle_job job = { .app = g->p->app, .reference = ref, .by = "webhook", .now = g->now, .txn = txn,
				  .amount = amount, .currency = currency, .err = err, .errlen = sizeof(err) };

	rc = db_transaction(g->p->app->db, settle, &job);
	json_decref(body);
	if (rc) {
		log_warn("portal", "payment notification refused: %s", err);
		webhook_reply(g, rc == -ENOENT ? 404 : rc == -EEXIST || rc == -EALREADY ? 409 : rc == -EINVAL ? 422 : 500,
			      err);
		return;
	}
	/* committed: let the device through now if it is still here */
	struct guest dev = *g;

	dev.req = req;
	memset(&dev.peer, 0, sizeof(dev.peer));
	if (inet_pton(AF_INET, job.order.ip, &((struct sockaddr_in *)&dev.peer)->sin_addr) == 1)
		dev.peer.ss_family = AF_INET;
	else if (inet_pton(AF_INET6, job.order.ip, &((struct sockaddr_in6 *)&dev.peer)->sin6_addr) == 1)
		dev.peer.ss_family = AF_INET6;
	snprintf(dev.ip, sizeof(dev.ip), "%s", job.order.ip);
	snprintf(dev.mac_text, sizeof(dev.mac_text), "%s", job.order.mac);
	dev.have_mac = mac_parse(job.order.mac, dev.mac) == 0;
	if (dev.have_mac && dev.peer.ss_family)
		guest_mac_login(&dev);
	webhook_reply(g, 200, "paid");
}
