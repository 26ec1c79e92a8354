/* The portal's start-up, request dispatch and the helpers every page uses. */
#include "portal/portal.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/group_commit.h"
#include "aaa/zones.h"
#include "common/log.h"
#include "http/server.h"
#include "portal/internal.h"
#include "portal/neigh.h"
#include "store/db.h"
#include "store/location.h"

static const char *const page_files[PAGE_COUNT] = {
	[PAGE_LAYOUT] = "layout.html", [PAGE_LOGIN] = "login.html",   [PAGE_OTP] = "otp.html",
	[PAGE_STATUS] = "status.html", [PAGE_MESSAGE] = "message.html", [PAGE_BUY] = "buy.html",
	[PAGE_ORDER] = "order.html",   [PAGE_TERMS] = "terms.html",
};

/* --- settings ---------------------------------------------------------------- */

static int parse_list(const char *list, const char *const *names, const unsigned *bits, int n, unsigned *out,
		      char *bad, size_t badlen)
{
	char copy[256], *save = NULL;

	*out = 0;
	snprintf(copy, sizeof(copy), "%s", list);
	for (char *t = strtok_r(copy, ", ", &save); t; t = strtok_r(NULL, ", ", &save)) {
		int i;

		for (i = 0; i < n && strcmp(t, names[i]); i++)
			;
		if (i == n) {
			snprintf(bad, badlen, "%s", t);
			return -EINVAL;
		}
		*out |= bits[i];
	}
	return 0;
}

int portal_setting_get(struct portal *p, const char *key, char *buf, size_t size)
{
	sqlite3_stmt *st;
	int rc = -ENOENT;

	if (db_prepare(p->app->db, "SELECT value FROM portal_settings WHERE location_id = ?2 AND key = ?1", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, p->location_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(buf, size, "%s", sqlite3_column_text(st, 0));
		rc = 0;
	}
	db_release(st);
	return rc;
}

/* the key for tokens and hashes survives restarts, so forms stay valid */
static int load_secret(struct portal *p)
{
	char hex[65];
	sqlite3_stmt *st;

	if (portal_setting_get(p, "secret", hex, sizeof(hex)) == 0 && strlen(hex) == 64) {
		for (int i = 0; i < 32; i++) {
			unsigned v;

			sscanf(hex + 2 * i, "%2x", &v);
			p->secret[i] = (unsigned char)v;
		}
		return 0;
	}
	if (RAND_bytes(p->secret, sizeof(p->secret)) != 1)
		return -EIO;
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", p->secret[i]);
	if (db_prepare(p->app->db,
		       "INSERT OR REPLACE INTO portal_settings (location_id, key, value, updated_at) "
		       "VALUES (?2, 'secret', ?1, strftime('%s', 'now'))", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, p->location_id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;

	db_release(st);
	return rc;
}

int64_t plan_by_name(struct portal *p, const char *name)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (!name || !*name)
		return 0;
	if (db_prepare(p->app->db,
		       "SELECT id FROM plans WHERE location_id = ?2 AND name = ?1 AND retired_at IS NULL", &st) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, p->location_id);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	db_release(st);
	return id;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
	    (buf = malloc((size_t)size + 1)) != NULL) {
		if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
			free(buf);
			buf = NULL;
		} else {
			buf[size] = '\0';
			*len = (size_t)size;
		}
	}
	fclose(f);
	return buf;
}

/* --- forms ------------------------------------------------------------------- */

size_t field_limit(const char *name)
{
	static const struct {
		const char *name;
		size_t max;
	} limits[] = {
		{ "code", 64 }, { "pin", 32 }, { "username", 64 }, { "password", 64 }, { "phone", 32 },
		{ "otp", 16 }, { "access_code", 32 }, { "url", PORTAL_URL_MAX }, { "sig", 64 },
		{ "csrf", 96 }, { "method", 16 }, { "plan", 20 }, { "provider", 16 }, { "terms", 8 },
		{ "lang", 16 },
	};

	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		if (!strcmp(limits[i].name, name))
			return limits[i].max;
	return 0;	/* unknown fields are ignored */
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* in-place percent-decoding ('+' is a space); -EINVAL for bad escapes or NUL */
static int decode(char *s)
{
	char *w = s;

	for (char *r = s; *r; r++) {
		if (*r == '+') {
			*w++ = ' ';
		} else if (*r == '%') {
			int hi = hexval(r[1]), lo = hi < 0 ? -1 : hexval(r[2]);

			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -EINVAL;
			*w++ = (char)(hi * 16 + lo);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return 0;
}

int form_parse(struct form *f, const char *data, size_t len, const char **bad)
{
	char *save = NULL;

	memset(f, 0, sizeof(*f));
	*bad = NULL;
	f->store = malloc(len + 1);
	if (!f->store)
		return -ENOMEM;
	memcpy(f->store, data, len);
	f->store[len] = '\0';
	for (char *pair = strtok_r(f->store, "&", &save); pair; pair = strtok_r(NULL, "&", &save)) {
		char *eq = strchr(pair, '=');
		size_t max;

		if (!eq)
			continue;
		*eq = '\0';
		if (decode(pair) || decode(eq + 1)) {
			*bad = "form";
			return -EINVAL;
		}
		if (!(max = field_limit(pair)) || f->n == FORM_FIELDS || form_get(f, pair))
			continue;
		if (strlen(eq + 1) > max) {
			*bad = field_limit(pair) ? pair : "form";
			return -E2BIG;
		}
		f->names[f->n] = pair;
		f->values[f->n] = eq + 1;
		f->n++;
	}
	return 0;
}

const char *form_get(const struct form *f, const char *name)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->names[i], name))
			return f->values[i];
	return NULL;
}

void form_free(struct form *f)
{
	free(f->store);
	f->store = NULL;
}

char *url_encode(h2o_mem_pool_t *pool, const char *s)
{
	char *out = h2o_mem_alloc_pool(pool, strlen(s) * 3 + 1), *w = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
			*w++ = (char)c;
		else
			w += sprintf(w, "%%%02X", c);
	}
	*w = '\0';
	return out;
}

/* --- responses --------------------------------------------------------------- */

#define HDR(req, tok, s) h2o_add_header(&(req)->pool, &(req)->res.headers, tok, NULL, s, strlen(s))
#define HDR_NAME(req, name, s)                                                                        \
	h2o_add_header_by_str(&(req)->pool, &(req)->res.headers, name, strlen(name), 0, NULL, s, strlen(s))

void security_headers(h2o_req_t *req)
{
	HDR(req, H2O_TOKEN_CACHE_CONTROL, "no-store");
	HDR_NAME(req, "x-content-type-options", "nosniff");
	HDR_NAME(req, "x-frame-options", "DENY");
	HDR_NAME(req, "referrer-policy", "no-referrer");
	/* no form-action: browsers apply it to the redirect after a login, which
	 * goes to the guest's original site */
	HDR_NAME(req, "content-security-policy",
		 "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
		 "base-uri 'none'");
}

/* An answer waiting for the group commit. h2o may dispose of the request
 * first (the guest went away): a link in the request's pool tells us. */
struct held {
	h2o_req_t *req;		/* NULL once h2o has disposed of it */
	struct held **link;	/* in the request's pool, pointing back here */
	int status;
	const char *content_type;
	char *body;		/* in the request's pool */
	size_t len;
};

static void held_dispose(void *p)
{
	struct held **link = p;

	if (*link)
		(*link)->req = NULL;
}

static void held_done(void *arg, bool committed)
{
	static const char retry[] = "The service is busy. Please try again.\n";
	struct held *h = arg;

	if (h->req) {
		*h->link = NULL;
		if (committed) {
			http_respond(h->req, h->status, h->content_type, h->body, h->len);
		} else {
			h->req->res.headers = (h2o_headers_t){ 0 };
			http_respond(h->req, 503, "text/plain; charset=utf-8", retry, sizeof(retry) - 1);
		}
	}
	free(h);
}

void guest_respond(struct guest *g, int status, const char *content_type, const char *body, size_t len)
{
	h2o_req_t *req = g->req;
	struct held *h;

	if (!group_commit_active(g->p->app->commit) || !(h = calloc(1, sizeof(*h)))) {
		http_respond(req, status, content_type, body, len);
		return;
	}
	*h = (struct held){ .req = req, .status = status, .content_type = content_type, .len = len };
	h->body = h2o_mem_alloc_pool(&req->pool, len + 1);
	memcpy(h->body, body, len);
	h->link = h2o_mem_alloc_shared(&req->pool, sizeof(*h->link), held_dispose);
	*h->link = h;
	if (group_commit_after(g->p->app->commit, held_done, h) != 0) {
		*h->link = NULL;
		free(h);
		http_respond(req, status, content_type, body, len);
	}
}

void redirect_send(struct guest *g, int status, const char *location)
{
	static const char body[] = "<!doctype html><title>Redirect</title><p>Please continue to the login page.</p>\n";
	h2o_req_t *req = g->req;

	security_headers(req);
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_LOCATION, NULL,
		       h2o_strdup(&req->pool, location, SIZE_MAX).base, strlen(location));
	guest_respond(g, status, "text/html; charset=utf-8", body, sizeof(body) - 1);
}

void json_send(struct guest *g, const char *content_type, const char *body)
{
	HDR(g->req, H2O_TOKEN_CACHE_CONTROL, "private, no-store");
	HDR_NAME(g->req, "x-content-type-options", "nosniff");
	guest_respond(g, 200, content_type, body, strlen(body));
}

/* --- page rendering -------------------------------------------------------------- */

void vars_set(struct page_vars *v, const char *name, const char *value)
{
	if (v->n == PAGE_VARS)
		return;
	v->names[v->n] = name;
	v->values[v->n] = strdup(value ? value : "");
	v->n++;
}

void vars_setf(struct page_vars *v, const char *name, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	vars_set(v, name, buf);
}

void vars_free(struct page_vars *v)
{
	for (int i = 0; i < v->n; i++)
		free(v->values[i]);
	v->n = 0;
}

const char *tr(struct guest *g, const char *key)
{
	const char *t = catalog_text(&g->p->cats, g->lang, key, strlen(key));

	return t ? t : "";
}

static const char *lookup(void *ctx, const char *name, size_t len)
{
	struct page_vars *v = ctx;

	if (len > 2 && !memcmp(name, "t.", 2))
		return catalog_text(&v->g->p->cats, v->g->lang, name + 2, len - 2);
	for (int i = v->n - 1; i >= 0; i--)
		if (strlen(v->names[i]) == len && !memcmp(v->names[i], name, len))
			return v->values[i];
	return NULL;
}

void page_send(struct guest *g, int status, enum page page, struct page_vars *v)
{
	struct portal *p = g->p;
	struct text_buf body = { 0 }, html = { 0 };
	char token[96];

	v->g = g;
	csrf_token(g, token);
	vars_set(v, "csrf", token);
	vars_set(v, "lang", p->cats.langs[g->lang].lang);
	vars_set(v, "base", g->base);
	if (p->venue[0])
		vars_set(v, "venue", p->venue);
	if (p->payment && !v->no_buy)
		vars_set(v, "can_buy", "1");
	template_render(p->pages[page], p->page_len[page], lookup, v, &body);
	vars_set(v, "body", body.data ? body.data : "");
	template_render(p->pages[PAGE_LAYOUT], p->page_len[PAGE_LAYOUT], lookup, v, &html);
	security_headers(g->req);
	HDR(g->req, H2O_TOKEN_CONTENT_LANGUAGE, p->cats.langs[g->lang].lang);
	guest_respond(g, status, "text/html; charset=utf-8", html.data ? html.data : "", html.len);
	text_buf_free(&body);
	text_buf_free(&html);
	vars_free(v);
}

void message_send(struct guest *g, int status, const char *title, const char *text)
{
	struct page_vars v = { 0 };

	vars_set(&v, "title", title);
	vars_set(&v, "message", text);
	page_send(g, status, PAGE_MESSAGE, &v);
}

/* --- CSRF ---------------------------------------------------------------------- */

static void csrf_mac(struct guest *g, long long ts, char out[65])
{
	char msg[128];
	int n = snprintf(msg, sizeof(msg), "csrf|%s|%lld", g->have_mac ? g->mac_text : g->ip, ts);

	hmac_sha256_hex(g->p->csrf_key, msg, (size_t)(n > 0 ? n : 0), out);
}

void csrf_token(struct guest *g, char out[96])
{
	char mac[65];

	csrf_mac(g, (long long)g->now, mac);
	snprintf(out, 96, "%lld.%s", (long long)g->now, mac);
}

bool csrf_ok(struct guest *g, const char *token)
{
	char want[65], *end;
	long long ts;

	if (!token)
		return false;
	ts = strtoll(token, &end, 10);
	if (end == token || *end != '.' || strlen(end + 1) != 64 || ts > g->now + 60 || ts < g->now - CSRF_LIFETIME)
		return false;
	csrf_mac(g, ts, want);
	return CRYPTO_memcmp(want, end + 1, 64) == 0;
}

/* --- who is asking ------------------------------------------------------------- */

static void guest_init(struct guest *g, struct portal *p, h2o_req_t *req)
{
	struct sockaddr_storage local;
	socklen_t len;
	char host[64] = "";
	const h2o_header_t *al;
	ssize_t i;

	memset(g, 0, sizeof(*g));
	g->p = p;
	g->req = req;
	g->now = time(NULL);
	len = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *)&g->peer);
	(void)len;
	if (g->peer.ss_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)&g->peer)->sin_addr, g->ip, sizeof(g->ip));
	else if (g->peer.ss_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&g->peer)->sin6_addr, g->ip, sizeof(g->ip));
	if (neigh_lookup(&p->neigh, p->lan_ifindex, (struct sockaddr *)&g->peer, g->mac) == 0) {
		g->have_mac = true;
		mac_format(g->mac, g->mac_text);
	}
	i = h2o_find_header(&req->headers, H2O_TOKEN_ACCEPT_LANGUAGE, -1);
	if (i >= 0) {
		char buf[256];

		al = req->headers.entries + i;
		snprintf(buf, sizeof(buf), "%.*s", (int)al->value.len, al->value.base);
		g->lang = catalogs_pick(&p->cats, buf);
	}
	if (p->app->cfg.portal_url[0]) {
		snprintf(g->base, sizeof(g->base), "%s", p->app->cfg.portal_url);
		size_t n = strlen(g->base);

		if (n && g->base[n - 1] == '/')
			g->base[n - 1] = '\0';
		return;
	}
	len = req->conn->callbacks->get_sockname(req->conn, (struct sockaddr *)&local);
	if (local.ss_family == AF_INET) {
		struct sockaddr_in *in = (struct sockaddr_in *)&local;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(g->base, sizeof(g->base), ntohs(in->sin_port) == 80 ? "http://%s" : "http://%s:%u", host,
			 ntohs(in->sin_port));
	} else {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&local;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(g->base, sizeof(g->base), ntohs(in6->sin6_port) == 80 ? "http://[%s]" : "http://[%s]:%u",
			 host, ntohs(in6->sin6_port));
	}
	if (req->scheme == &H2O_URL_SCHEME_HTTPS)
		memmove(g->base + 5, g->base + 4, strlen(g->base + 4) + 1), memcpy(g->base, "https", 5);
}

/* Whether the request is for the portal itself (its own host name or
 * address), not a web request the data plane turned our way. */
static bool own_host(struct guest *g)
{
	h2o_iovec_t a = g->req->authority;
	const char *b = strstr(g->base, "://");
	size_t n;

	if (!b)
		return true;
	b += 3;
	n = strcspn(b, "/");
	if (a.len == n && strncasecmp(a.base, b, n) == 0)
		return true;
	/* "192.0.2.1" for "192.0.2.1:80" and the other way round */
	if (a.len > 3 && a.len == n + 3 && !memcmp(a.base + n, ":80", 3) && !strncasecmp(a.base, b, n))
		return true;
	return a.len == 0;
}

/* --- the captive redirect -------------------------------------------------------- */

static void captive_redirect(struct guest *g)
{
	h2o_req_t *req = g->req;
	char url[PORTAL_URL_MAX], sig[65], host[256];
	char *eurl, *loc;
	size_t n;

	/* the connection was NATed to us; after a login its packets would go to the
	 * real server, so the browser must open a new one */
	req->http1_is_persistent = 0;
	n = (size_t)snprintf(url, sizeof(url), "http://%.*s%.*s", (int)req->authority.len, req->authority.base,
			     (int)req->path.len, req->path.base);
	if (g->have_mac && guest_mac_login(g)) {
		/* a returning device with an active package: through, to where it was going */
		if (n < sizeof(url) && redirect_url_valid(url, host, sizeof(host))) {
			redirect_send(g, 302, url);
			return;
		}
		snprintf(url, sizeof(url), "%s/status", g->base);
		redirect_send(g, 302, url);
		return;
	}
	if (n >= sizeof(url) || !redirect_url_valid(url, host, sizeof(host))) {
		snprintf(url, sizeof(url), "%s/", g->base);
		redirect_send(g, 302, url);
		return;
	}
	redirect_sign(g->p->secret, sizeof(g->p->secret), url, sig);
	eurl = url_encode(&req->pool, url);
	loc = h2o_mem_alloc_pool(&req->pool, strlen(g->base) + strlen(eurl) + 100);
	sprintf(loc, "%s/?url=%s&sig=%s", g->base, eurl, sig);
	redirect_send(g, 302, loc);
}

/* --- dispatch ----------------------------------------------------------------- */

static bool path_is(h2o_req_t *req, const char *path)
{
	return h2o_memis(req->path_normalized.base, req->path_normalized.len, path, strlen(path));
}

static bool method_is(h2o_req_t *req, const char *m)
{
	return h2o_memis(req->method.base, req->method.len, m, strlen(m));
}

void handle_login(struct guest *g, struct form *f);
void handle_logout(struct guest *g, struct form *f);
void handle_login_page(struct guest *g, struct form *query);

static void handle_post(struct guest *g)
{
	h2o_req_t *req = g->req;
	struct form f;
	const char *bad;
	int rc;

	if (path_is(req, "/payment/webhook")) {
		handle_webhook(g);
		return;
	}
	if (req->entity.len > FORM_MAX) {
		message_send(g, 413, tr(g, "error.title"), tr(g, "error.too_long"));
		return;
	}
	rc = form_parse(&f, req->entity.base ? req->entity.base : "", req->entity.len, &bad);
	if (rc) {
		char text[256];

		snprintf(text, sizeof(text), "%s (%s)", tr(g, rc == -E2BIG ? "error.too_long" : "error.form"), bad);
		message_send(g, 400, tr(g, "error.title"), text);
		form_free(&f);
		return;
	}
	if (!csrf_ok(g, form_get(&f, "csrf"))) {
		message_send(g, 403, tr(g, "error.title"), tr(g, "error.csrf"));
		form_free(&f);
		return;
	}
	if (path_is(req, "/login"))
		handle_login(g, &f);
	else if (path_is(req, "/otp/send"))
		handle_otp_send(g, &f);
	else if (path_is(req, "/otp/verify"))
		handle_otp_verify(g, &f);
	else if (path_is(req, "/logout"))
		handle_logout(g, &f);
	else if (path_is(req, "/buy"))
		handle_buy(g, &f);
	else
		message_send(g, 404, tr(g, "error.title"), tr(g, "error.not_found"));
	form_free(&f);
}

static int on_portal(h2o_handler_t *self, h2o_req_t *req)
{
	struct portal *p = http_route_data(self);
	struct guest g;

	guest_init(&g, p, req);
	/* this request's writes join the turn's group commit; its answer waits */
	group_commit_join(p->app->commit);
	if (!own_host(&g)) {
		captive_redirect(&g);
		return 0;
	}
	if (method_is(req, "POST")) {
		handle_post(&g);
		return 0;
	}
	if (!method_is(req, "GET") && !method_is(req, "HEAD")) {
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL, H2O_STRLIT("GET, HEAD, POST"));
		message_send(&g, 405, tr(&g, "error.title"), tr(&g, "error.method"));
		return 0;
	}
	if (path_is(req, "/captive-portal/api")) {
		handle_captive_api(&g);
	} else if (path_is(req, "/status")) {
		handle_status_page(&g);
	} else if (path_is(req, "/terms")) {
		struct page_vars v = { 0 };

		page_send(&g, 200, PAGE_TERMS, &v);
	} else if (path_is(req, "/buy")) {
		handle_buy_page(&g);
	} else if (req->path_normalized.len > 7 && !memcmp(req->path_normalized.base, "/order/", 7)) {
		char ref[32];

		snprintf(ref, sizeof(ref), "%.*s", (int)(req->path_normalized.len - 7), req->path_normalized.base + 7);
		handle_order_page(&g, ref);
	} else if (path_is(req, "/") || path_is(req, "/index.html")) {
		struct form q = { 0 };
		const char *bad;

		if (req->query_at != SIZE_MAX &&
		    form_parse(&q, req->path.base + req->query_at + 1, req->path.len - req->query_at - 1, &bad)) {
			form_free(&q);
			memset(&q, 0, sizeof(q));
		}
		handle_login_page(&g, &q);
		form_free(&q);
	} else {
		message_send(&g, 404, tr(&g, "error.title"), tr(&g, "error.not_found"));
	}
	return 0;
}

/* --- start and stop -------------------------------------------------------------- */

/* The location the portal serves, by name or id; its template (when it has
 * one) replaces [portal] template in template[]. */
static int load_location(struct portal *p, const char *which, char *template, size_t size, char *err,
			 size_t errlen)
{
	struct location loc;
	int64_t id;

	if (location_find(p->app->db, which, &id) != 0 || location_get(p->app->db, id, &loc) != 0) {
		snprintf(err, errlen, "[portal] location \"%s\": no such location (see spotctl location list)", which);
		return -ENOENT;
	}
	p->location_id = loc.id;
	snprintf(p->venue, sizeof(p->venue), "%s", loc.venue_name);
	if (loc.template[0])
		snprintf(template, size, "%s", loc.template);
	return 0;
}

const struct tz *portal_zone(struct portal *p)
{
	return aaa_zone(p->app, p->location_id);
}

int64_t portal_location(const struct app *app)
{
	return app->portal ? app->portal->location_id : LOCATION_DEFAULT;
}

int portal_start(struct app *app, h2o_hostconf_t *host, char *err, size_t errlen)
{
	static const char *const method_names[] = { "voucher", "password", "sms", "sms-code", "sms-member", "click" };
	static const unsigned method_bits[] = { METHOD_VOUCHER,	 METHOD_PASSWORD,   METHOD_SMS,
						METHOD_SMS_CODE, METHOD_SMS_MEMBER, METHOD_CLICK };
	static const char *const pay_names[] = { "front-desk", "webhook" };
	static const unsigned pay_bits[] = { PAY_FRONT_DESK, PAY_WEBHOOK };
	const struct config *cfg = &app->cfg;
	struct portal *p = calloc(1, sizeof(*p));
	char dir[4200], path[4300], bad[64], template[64];
	int rc;

	if (!p)
		return -ENOMEM;
	p->app = app;
	neigh_init(&p->neigh);
	snprintf(template, sizeof(template), "%s", cfg->portal_template);
	if (load_location(p, cfg->portal_location, template, sizeof(template), err, errlen))
		goto fail;
	if (parse_list(cfg->portal_login, method_names, method_bits, 6, &p->methods, bad, sizeof(bad))) {
		snprintf(err, errlen, "[portal] login: unknown method \"%s\" (allowed: voucher, password, sms, "
				      "sms-code, sms-member, click)", bad);
		goto fail;
	}
	if (!p->methods) {
		snprintf(err, errlen, "[portal] login: at least one method is needed");
		goto fail;
	}
	if (parse_list(cfg->portal_payment, pay_names, pay_bits, 2, &p->payment, bad, sizeof(bad))) {
		snprintf(err, errlen, "[portal] payment: unknown provider \"%s\" (allowed: front-desk, webhook)", bad);
		goto fail;
	}
	if ((p->payment & PAY_WEBHOOK) && (!cfg->portal_webhook_secret[0] || !cfg->portal_webhook_url[0])) {
		snprintf(err, errlen, "[portal] payment webhook needs webhook_url and webhook_secret");
		goto fail;
	}
	for (const char *const *u = (const char *const[]){ cfg->portal_url, cfg->portal_venue_url,
							    cfg->portal_post_login_url, cfg->portal_webhook_url, NULL };
	     *u; u++) {
		char h[256];

		if (**u && !redirect_url_valid(*u, h, sizeof(h))) {
			snprintf(err, errlen, "[portal] \"%s\" is not an http or https URL", *u);
			goto fail;
		}
	}
	if (strchr(template, '/') || strstr(template, "..")) {
		snprintf(err, errlen, "[portal] template \"%s\": a directory name, not a path", template);
		goto fail;
	}
	snprintf(dir, sizeof(dir), "%s/%s", cfg->portal_dir, template);
	for (int i = 0; i < PAGE_COUNT; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, page_files[i]);
		if (!(p->pages[i] = read_file(path, &p->page_len[i]))) {
			snprintf(err, errlen, "portal template %s: %s", path, strerror(errno ? errno : ENOENT));
			goto fail;
		}
	}
	snprintf(path, sizeof(path), "%s/lang", dir);
	if (catalogs_load(&p->cats, path, err, errlen))
		goto fail;
	if ((rc = load_secret(p))) {
		snprintf(err, errlen, "portal: cannot store its secret in the database");
		goto fail;
	}
	if (!(p->csrf_key = hmac_key_new(p->secret, sizeof(p->secret)))) {
		snprintf(err, errlen, "portal: OpenSSL cannot set up HMAC-SHA256");
		goto fail;
	}
	if (p->methods & METHODS_SMS) {
		p->sms = sms_create(cfg, app->loop, err, errlen);
		if (!p->sms)
			goto fail;
		sms_metrics_register(p->sms, app->metrics);
	}
	if (cfg->lan[0])
		p->lan_ifindex = (int)if_nametoindex(cfg->lan);
	snprintf(p->static_dir, sizeof(p->static_dir), "%s/static", dir);

	h2o_file_register(h2o_config_register_path(host, "/static", 0), p->static_dir, NULL, NULL, 0);
	http_server_route(host, "/", on_portal, p);
	app->portal = p;
	log_info("portal", "ready location=%lld template=%s login=%s payment=%s sms=%s languages=%d",
		 (long long)p->location_id, template, cfg->portal_login,
		 cfg->portal_payment[0] ? cfg->portal_payment : "none", cfg->portal_sms_driver, p->cats.n);
	return 0;
fail:
	for (int i = 0; i < PAGE_COUNT; i++)
		free(p->pages[i]);
	catalogs_free(&p->cats);
	hmac_key_free(p->csrf_key);
	free(p);
	return -EINVAL;
}

void portal_stop(struct app *app)
{
	struct portal *p = app->portal;

	if (!p)
		return;
	sms_destroy(p->sms);
	neigh_close(&p->neigh);
	for (int i = 0; i < PAGE_COUNT; i++)
		free(p->pages[i]);
	catalogs_free(&p->cats);
	hmac_key_free(p->csrf_key);
	free(p);
	app->portal = NULL;
}
