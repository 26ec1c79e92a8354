/* The status page (what is left, speed, validity, devices) and the RFC 8908
 * captive portal API. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "aaa/zones.h"
#include "billing/limits.h"
#include "billing/tz.h"
#include "portal/internal.h"
#include "store/account.h"
#include "store/plan.h"
#include "store/plan_cache.h"
#include "store/stmt_cache.h"

struct standing {
	struct account_row row;
	struct plan plan;
	struct session_limits lim;
	int64_t started;
	int64_t seconds_left;	/* LIMIT_NONE */
	int64_t bytes_left;	/* LIMIT_NONE */
};

static int session_started(sqlite3 *db, int64_t sid, int64_t *started, int64_t *account)
{
	sqlite3_stmt *st;
	int rc = -ENOENT;

	if (db_prepare(db, "SELECT started_at, account_id FROM sessions WHERE id = ?", &st) !=
	    SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, sid);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*started = sqlite3_column_int64(st, 0);
		*account = sqlite3_column_int64(st, 1);
		rc = 0;
	}
	db_release(st);
	return rc;
}

static int standing_load(struct guest *g, int64_t sid, struct standing *s)
{
	sqlite3 *db = g->p->app->db;
	int64_t account;

	if (session_started(db, sid, &s->started, &account) || account_load_cached(g->p->app->accounts, db, account, &s->row) ||
	    plan_cache_load(g->p->app->plans, db, s->row.plan_id, s->row.plan_version, &s->plan, NULL))
		return -EIO;
	limits_compute(&s->row.state, &s->plan, aaa_zone(g->p->app, s->row.location_id), s->started, false, g->now, &s->lim);
	s->seconds_left = s->lim.seconds_left;
	s->bytes_left = s->lim.bytes_total_left;
	/* the buckets after the one in use (a top-up) count too */
	for (uint32_t i = 0; i < s->row.state.nbuckets; i++) {
		const struct bucket *b = &s->row.state.buckets[i];

		if ((int)i == s->lim.bucket || !bucket_usable(b, g->now))
			continue;
		if (s->seconds_left != LIMIT_NONE)
			s->seconds_left = bucket_limits_time(b) ? s->seconds_left + b->time_left : LIMIT_NONE;
		if (s->bytes_left != LIMIT_NONE)
			s->bytes_left = bucket_limits_data(b) ? s->bytes_left + b->data_left : LIMIT_NONE;
	}
	if (s->lim.end_at && (s->seconds_left == LIMIT_NONE || s->lim.end_at - g->now < s->seconds_left))
		s->seconds_left = s->lim.end_at > g->now ? s->lim.end_at - g->now : 0;
	return 0;
}

static void duration_text(struct guest *g, int64_t s, char *buf, size_t size)
{
	if (s == LIMIT_NONE)
		snprintf(buf, size, "%s", tr(g, "status.unlimited"));
	else if (s >= 86400)
		snprintf(buf, size, "%lld d %lld h", (long long)(s / 86400), (long long)(s % 86400 / 3600));
	else if (s >= 3600)
		snprintf(buf, size, "%lld h %lld min", (long long)(s / 3600), (long long)(s % 3600 / 60));
	else
		snprintf(buf, size, "%lld min", (long long)((s + 59) / 60));
}

static void bytes_text(struct guest *g, int64_t b, char *buf, size_t size)
{
	if (b == LIMIT_NONE)
		snprintf(buf, size, "%s", tr(g, "status.unlimited"));
	else if (b >= 1000000000)
		snprintf(buf, size, "%lld.%02lld GB", (long long)(b / 1000000000), (long long)(b % 1000000000 / 10000000));
	else
		snprintf(buf, size, "%lld.%01lld MB", (long long)(b / 1000000), (long long)(b % 1000000 / 100000));
}

static void rate_text(struct guest *g, uint64_t bps, char *buf, size_t size)
{
	if (!bps)
		snprintf(buf, size, "%s", tr(g, "status.unlimited"));
	else if (bps >= 1000000)
		snprintf(buf, size, "%llu Mbit/s", (unsigned long long)(bps / 1000000));
	else
		snprintf(buf, size, "%llu kbit/s", (unsigned long long)(bps / 1000));
}

static void time_text(struct guest *g, int64_t at, char *buf, size_t size)
{
	struct civil c;

	tz_to_local(portal_zone(g->p), at, &c);
	snprintf(buf, size, "%04d-%02d-%02d %02d:%02d %s", (int)c.year, c.month, c.day, c.hour, c.minute,
		 tz_name(portal_zone(g->p)));
}

/* A session of this gateway's database: the account's plan, buckets and devices. */
static void local_vars(struct guest *g, const struct standing *s, struct page_vars *v)
{
	struct text_buf devices = { 0 };
	char buf[128];
	int64_t until;
	json_t *list;
	size_t i;
	json_t *d;

	vars_set(v, "plan", s->plan.name);
	vars_set(v, "username", s->row.username);
	duration_text(g, s->seconds_left, buf, sizeof(buf));
	vars_set(v, "time_left", buf);
	bytes_text(g, s->bytes_left, buf, sizeof(buf));
	vars_set(v, "data_left", buf);
	rate_text(g, s->lim.speed_down, buf, sizeof(buf));
	vars_set(v, "speed_down", buf);
	rate_text(g, s->lim.speed_up, buf, sizeof(buf));
	vars_set(v, "speed_up", buf);
	until = account_validity_end(&s->row.state);
	if (until) {
		time_text(g, until, buf, sizeof(buf));
		vars_set(v, "valid_until", buf);
	} else {
		vars_set(v, "valid_until", tr(g, "status.no_end"));
	}
	list = device_list(g->p->app->db, s->row.id);
	json_array_foreach(list, i, d) {
		const char *mac = json_string_value(json_object_get(d, "mac"));

		if (!mac)
			continue;
		text_buf_puts(&devices, "<li>");
		text_buf_escape(&devices, mac, strlen(mac));
		if (!strcmp(mac, g->mac_text)) {
			text_buf_puts(&devices, " (");
			text_buf_escape(&devices, tr(g, "status.this_device"), strlen(tr(g, "status.this_device")));
			text_buf_puts(&devices, ")");
		}
		text_buf_puts(&devices, "</li>");
	}
	json_decref(list);
	vars_set(v, "devices", devices.data ? devices.data : "");
	text_buf_free(&devices);
}

/* A remote session ([aaa] mode = radius): what its data-plane entry allows.
 * The server knows the package; the guest sees the name logged in with. */
static void remote_vars(struct guest *g, const struct remote_standing *rs, struct page_vars *v)
{
	struct text_buf devices = { 0 };
	char buf[128];

	v->no_buy = true;	/* buying tops up an account here, not the server's */
	vars_set(v, "plan", rs->username);
	vars_set(v, "username", rs->username);
	duration_text(g, rs->seconds_left, buf, sizeof(buf));
	vars_set(v, "time_left", buf);
	bytes_text(g, rs->bytes_left, buf, sizeof(buf));
	vars_set(v, "data_left", buf);
	rate_text(g, rs->rate_down, buf, sizeof(buf));
	vars_set(v, "speed_down", buf);
	rate_text(g, rs->rate_up, buf, sizeof(buf));
	vars_set(v, "speed_up", buf);
	if (rs->until) {
		time_text(g, rs->until, buf, sizeof(buf));
		vars_set(v, "valid_until", buf);
	} else {
		vars_set(v, "valid_until", tr(g, "status.no_end"));
	}
	text_buf_puts(&devices, "<li>");
	text_buf_escape(&devices, g->mac_text, strlen(g->mac_text));
	text_buf_puts(&devices, " (");
	text_buf_escape(&devices, tr(g, "status.this_device"), strlen(tr(g, "status.this_device")));
	text_buf_puts(&devices, ")</li>");
	vars_set(v, "devices", devices.data);
	text_buf_free(&devices);
}

void handle_status_page(struct guest *g)
{
	struct standing s;
	struct remote_standing rs;
	struct page_vars v = { 0 };
	char next[PORTAL_URL_MAX];
	int64_t sid;
	const char *url = NULL, *sig = NULL;
	struct form q = { 0 };
	const char *bad;

	if (g->req->query_at != SIZE_MAX)
		form_parse(&q, g->req->path.base + g->req->query_at + 1, g->req->path.len - g->req->query_at - 1, &bad);
	url = form_get(&q, "url");
	sig = form_get(&q, "sig");
	if (g->p->app->remote_aaa && guest_remote_standing(g, &rs) == 0) {
		remote_vars(g, &rs, &v);
	} else if (guest_session(g, &sid) == 0 && standing_load(g, sid, &s) == 0) {
		local_vars(g, &s, &v);
	} else {
		render_login(g, 200, NULL, url, sig);
		form_free(&q);
		return;
	}
	after_login_url(g, url, sig, next, sizeof(next));
	if (next[0]) {
		/* no JavaScript needed: the page moves on by itself */
		vars_set(&v, "next", next);
		vars_set(&v, "refresh", "3");
		vars_set(&v, "refresh_url", next);
	}
	form_free(&q);
	page_send(g, 200, PAGE_STATUS, &v);
}

void handle_captive_api(struct guest *g)
{
	json_t *o = json_object();
	struct standing s;
	struct remote_standing rs;
	char url[400];
	int64_t sid;
	char *text;

	snprintf(url, sizeof(url), "%s/", g->base);
	if (g->p->app->remote_aaa && guest_remote_standing(g, &rs) == 0) {
		json_object_set_new(o, "captive", json_false());
		if (rs.seconds_left != LIMIT_NONE)
			json_object_set_new(o, "seconds-remaining", json_integer(rs.seconds_left));
		if (rs.bytes_left != LIMIT_NONE)
			json_object_set_new(o, "bytes-remaining", json_integer(rs.bytes_left));
		/* what is on sale here tops up local accounts, not the server's */
		json_object_set_new(o, "can-extend-session", json_false());
	} else if (guest_session(g, &sid) == 0 && standing_load(g, sid, &s) == 0) {
		json_object_set_new(o, "captive", json_false());
		if (s.seconds_left != LIMIT_NONE)
			json_object_set_new(o, "seconds-remaining", json_integer(s.seconds_left));
		if (s.bytes_left != LIMIT_NONE)
			json_object_set_new(o, "bytes-remaining", json_integer(s.bytes_left));
		json_object_set_new(o, "can-extend-session", json_boolean(g->p->payment != 0));
	} else {
		json_object_set_new(o, "captive", json_true());
	}
	json_object_set_new(o, "user-portal-url", json_string(url));
	if (g->p->app->cfg.portal_venue_url[0])
		json_object_set_new(o, "venue-info-url", json_string(g->p->app->cfg.portal_venue_url));
	text = json_dumps(o, JSON_COMPACT);
	json_send(g, "application/captive+json", text ? text : "{}");
	free(text);
	json_decref(o);
}
