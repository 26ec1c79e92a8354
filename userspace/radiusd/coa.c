#include "radiusd/coa.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "billing/cdr.h"
#include "common/log.h"
#include "radius/radius.h"
#include "radius_client/client.h"
#include "radiusd/reply_attrs.h"
#include "store/nas.h"
#include "store/stmt_cache.h"

/* one request in flight: everything the builder and the done callback need */
struct coa_request {
	struct coa_sender *sender;
	struct radius_client *client;
	struct session_ref ref;
	struct session_limits limits;
	enum nas_vendor vendor;
	int64_t row_id;
	bool disconnect;
};

static int64_t record_sent(sqlite3 *db, const struct coa_request *r, const char *reason)
{
	sqlite3_stmt *st;
	int64_t id = 0;

	if (db_prepare(db, "INSERT INTO coa_requests (session_id, nas_id, kind, reason, sent_at) "
				   "VALUES (?, ?, ?, ?, ?)", &st) != SQLITE_OK)
		return 0;
	sqlite3_bind_int64(st, 1, r->ref.session_id);
	sqlite3_bind_int64(st, 2, r->ref.nas_id);
	sqlite3_bind_text(st, 3, r->disconnect ? "disconnect" : "coa", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, time(NULL));
	if (sqlite3_step(st) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(db);
	db_release(st);
	return id;
}

static void record_result(sqlite3 *db, int64_t id, const char *result, uint32_t error_cause, unsigned sends)
{
	sqlite3_stmt *st;

	if (db_prepare(db, "UPDATE coa_requests SET finished_at = ?, result = ?, error_cause = ?, sends = ? "
				   "WHERE id = ?", &st) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, time(NULL));
	sqlite3_bind_text(st, 2, result, -1, SQLITE_STATIC);
	if (error_cause)
		sqlite3_bind_int64(st, 3, error_cause);
	sqlite3_bind_int(st, 4, (int)sends);
	sqlite3_bind_int64(st, 5, id);
	sqlite3_step(st);
	db_release(st);
}

/* RFC 5176 §3: identify the session as the NAS knows it */
static int build(void *ctx, struct radius_builder *b, const void *secret, size_t secret_len)
{
	struct coa_request *r = ctx;
	struct in_addr ip;

	(void)secret;
	(void)secret_len;
	if (r->ref.username[0])
		radius_add_string(b, RADIUS_ATTR_USER_NAME, r->ref.username);
	if (r->ref.acct_session_id[0])
		radius_add_string(b, RADIUS_ATTR_ACCT_SESSION_ID, r->ref.acct_session_id);
	if (r->ref.mac[0])
		radius_add_string(b, RADIUS_ATTR_CALLING_STATION_ID, r->ref.mac);
	if (r->ref.ip[0] && inet_pton(AF_INET, r->ref.ip, &ip) == 1)
		radius_add_ipaddr(b, RADIUS_ATTR_FRAMED_IP_ADDRESS, ip);
	if (!r->disconnect)
		radius_add_limits(b, r->vendor, &r->limits, 0, time(NULL));
	return radius_add_message_authenticator(b);
}

static void done(void *ctx, const struct radius_client_result *res)
{
	struct coa_request *r = ctx;
	const char *result = "timeout";

	if (res->status == 0 && res->reply) {
		uint8_t code = res->reply->code;

		result = code == RADIUS_DISCONNECT_ACK || code == RADIUS_COA_ACK ? "ack" : "nak";
	} else if (res->status != -ETIMEDOUT) {
		result = "error";
	}
	record_result(r->sender->app->db, r->row_id, result, res->error_cause, res->sends);
	log_info("radius", "%s session=%lld nas=%lld result=%s error_cause=%u sends=%u",
		 r->disconnect ? "disconnect" : "coa", (long long)r->ref.session_id, (long long)r->ref.nas_id,
		 result, res->error_cause, res->sends);
	radius_client_destroy(r->client);	/* allowed from the done callback */
	free(r);
}

static void send_request(struct coa_sender *s, const struct session_ref *ref, bool disconnect,
			 const struct session_limits *limits, const char *reason)
{
	struct nas_client nas;
	struct radius_client_config cfg = { 0 };
	struct coa_request *r;
	char address[96], err[160];

	if (nas_get(s->app->db, ref->nas_id, &nas) != 0 || !ref->nas_addr[0]) {
		log_warn("radius", "cannot reach the NAS of session=%lld (unknown NAS or address)", (long long)ref->session_id);
		return;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return;
	*r = (struct coa_request){ .sender = s, .ref = *ref, .vendor = nas.vendor, .disconnect = disconnect };
	if (limits)
		r->limits = *limits;
	snprintf(address, sizeof(address), strchr(ref->nas_addr, ':') ? "[%s]:%u" : "%s:%u", ref->nas_addr,
		 nas.coa_port);
	cfg.server[0] = (struct radius_client_server){ .address = address, .secret = nas.secret };
	if (radius_client_create(&s->timers, &cfg, &r->client, err, sizeof(err)) != 0) {
		log_error("radius", "cannot send to the NAS at %s: %s", address, err);
		free(r);
		return;
	}
	r->row_id = record_sent(s->app->db, r, reason);
	if (radius_client_send(r->client, disconnect ? RADIUS_DISCONNECT_REQUEST : RADIUS_COA_REQUEST, build, done, r,
			       NULL) != 0) {
		record_result(s->app->db, r->row_id, "error", 0, 0);
		radius_client_destroy(r->client);
		free(r);
	}
}

static void on_disconnect(struct app *app, const struct session_ref *ref, int cause)
{
	send_request(app->nas.ctx, ref, true, NULL, stop_cause_name((enum stop_cause)cause));
}

static void on_update(struct app *app, const struct session_ref *ref, const struct session_limits *l)
{
	send_request(app->nas.ctx, ref, false, l, l->throttled ? "fair-use" : "new-limits");
}

void coa_sender_init(struct coa_sender *s, struct app *app)
{
	s->app = app;
	radius_client_timers_init(&s->timers, app->loop);
	app->nas = (struct enforcer){ .ctx = s, .disconnect = on_disconnect, .update = on_update };
}
