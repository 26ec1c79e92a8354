#include "radiusd/aaa_handlers.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa.h"
#include "common/log.h"
#include "common/mac.h"
#include "common/sockaddr.h"
#include "radiusd/reply_attrs.h"

/* Calling-Station-Id in any spelling ("AA-BB-CC-...", "AA:BB:...") */
static bool calling_mac(const struct radius_packet *pkt, char mac[MAC_TEXT_LEN])
{
	char text[64];
	uint8_t bytes[6];

	if (radius_get_string(pkt, 0, RADIUS_ATTR_CALLING_STATION_ID, text, sizeof(text)) != 0 ||
	    mac_parse(text, bytes) != 0)
		return false;
	mac_format(bytes, mac);
	return true;
}

static bool framed_ip(const struct radius_packet *pkt, char ip[INET_ADDRSTRLEN])
{
	struct in_addr a;

	return radius_get_ipaddr(pkt, 0, RADIUS_ATTR_FRAMED_IP_ADDRESS, &a) == 0 &&
	       inet_ntop(AF_INET, &a, ip, INET_ADDRSTRLEN) != NULL;
}

static int reject(struct radius_builder *b, uint8_t *buf, size_t size, const struct radius_request *req,
		  const char *message)
{
	int rc = radius_reply_init(b, buf, size, RADIUS_ACCESS_REJECT, &req->pkt);

	if (rc == 0 && message && *message)
		radius_add_string(b, RADIUS_ATTR_REPLY_MESSAGE, message);
	return rc;
}

int radius_handle_access(void *ctx, struct radius_server *srv, const struct radius_request *req,
			 struct radius_builder *b, uint8_t *buf, size_t size)
{
	struct app *app = srv->app;
	const char *secret = req->nas->secret;
	char user[128], password[RADIUS_PASSWORD_MAX + 1] = "", mac[MAC_TEXT_LEN], user_mac[MAC_TEXT_LEN];
	char ip[INET_ADDRSTRLEN], from[64];
	uint8_t bytes[6];
	size_t len;
	struct login_request lr = { .method = LOGIN_ANY, .nas_id = req->nas->id, .now = time(NULL) };
	struct login_result res;

	(void)ctx;
	if (radius_get_string(&req->pkt, 0, RADIUS_ATTR_USER_NAME, user, sizeof(user)) != 0 || !user[0])
		return reject(b, buf, size, req, "User-Name is missing");
	if (calling_mac(&req->pkt, mac))
		lr.mac = mac;
	if (framed_ip(&req->pkt, ip))
		lr.ip = ip;
	sockaddr_format((const struct sockaddr *)&req->src, from, sizeof(from));
	/* the NAS's address without the port it sent from */
	*strrchr(from, ':') = '\0';
	if (from[0] == '[') {
		memmove(from, from + 1, strlen(from));
		from[strlen(from) - 1] = '\0';
	}
	lr.nas_addr = from;
	lr.username = user;

	if (radius_attr_count(&req->pkt, RADIUS_ATTR_USER_PASSWORD)) {
		if (radius_get_user_password(&req->pkt, secret, strlen(secret), password, &len) != 0)
			return reject(b, buf, size, req, "The password could not be read");
	} else if (radius_attr_count(&req->pkt, RADIUS_ATTR_CHAP_PASSWORD)) {
		/* CHAP proves knowledge of the secret we hold for this name */
		if (aaa_chap_secret(app, user, password, sizeof(password)) != 0 ||
		    radius_chap_verify(&req->pkt, password, strlen(password)) != 0) {
			password[0] = '\0';
			lr.password = "\x01";	/* cannot match: same answer as a wrong code */
		}
	} else {
		return reject(b, buf, size, req, "No password or CHAP response was given");
	}
	if (!lr.password)
		lr.password = password;

	/* MAC authentication: the User-Name is the device's MAC */
	if (mac_parse(user, bytes) == 0) {
		const char *expect = app->cfg.radius_mac_password[0] ? app->cfg.radius_mac_password : user;

		mac_format(bytes, user_mac);
		if (strcmp(lr.password, expect) == 0) {
			lr.method = LOGIN_MAC;
			lr.mac = user_mac;
		}
	}
	if (aaa_login(app, &lr, &res) != 0) {
		log_error("radius", "login failed in the database user=%s", user);
		return -EIO;	/* no answer: the NAS retries */
	}
	if (!res.accept) {
		log_info("radius", "access rejected user=%s nas=%s reason=%s", user, from,
			 res.reason == BILLING_OK ? "unknown-or-wrong" : billing_reason_name(res.reason));
		return reject(b, buf, size, req, res.message);
	}
	if (radius_reply_init(b, buf, size, RADIUS_ACCESS_ACCEPT, &req->pkt) != 0)
		return -ENOSPC;
	radius_add_limits(b, req->nas->vendor, &res.limits, res.session_id, lr.now);
	log_info("radius", "access accepted user=%s nas=%s session=%lld", user, from, (long long)res.session_id);
	return 0;
}

static enum stop_cause terminate_cause(const struct radius_packet *pkt)
{
	uint32_t cause = 0;

	radius_get_u32(pkt, 0, RADIUS_ATTR_ACCT_TERMINATE_CAUSE, &cause);
	switch (cause) {
	case 1: return STOP_LOGOUT;		/* User-Request */
	case RADIUS_TERM_IDLE_TIMEOUT: return STOP_IDLE_TIMEOUT;
	case RADIUS_TERM_SESSION_TIMEOUT: return STOP_SESSION_TIMEOUT;
	case 6: return STOP_ADMIN;		/* Admin-Reset */
	default: return STOP_NAS;
	}
}

/* the session an accounting request is about, opening one when the NAS
 * never sent a Start (or the Access-Accept came from elsewhere) */
static int find_session(struct app *app, const struct radius_request *req, const char *acct_id, int64_t *sid)
{
	char class_text[64], user[128], mac[MAC_TEXT_LEN];
	struct login_request lr = { .method = LOGIN_ACCOUNT, .nas_id = req->nas->id, .now = time(NULL),
				    .acct_session_id = acct_id };
	struct login_result res;
	int64_t from_class;

	if (aaa_session_by_nas(app, req->nas->id, acct_id, sid) == 0)
		return 0;
	if (radius_get_string(&req->pkt, 0, RADIUS_ATTR_CLASS, class_text, sizeof(class_text)) == 0 &&
	    (from_class = radius_class_session(class_text)) > 0) {
		struct session_ref ref;

		if (aaa_session_ref(app, from_class, &ref) == 0 && ref.nas_id == req->nas->id &&
		    !ref.acct_session_id[0] && aaa_session_bind(app, from_class, acct_id) == 0) {
			*sid = from_class;
			return 0;
		}
	}
	if (radius_get_string(&req->pkt, 0, RADIUS_ATTR_USER_NAME, user, sizeof(user)) != 0)
		return -ENOENT;
	lr.username = user;
	if (calling_mac(&req->pkt, mac))
		lr.mac = mac;
	/* a NAS that does not echo Class: the session its Access-Accept opened */
	if (aaa_session_unbound(app, req->nas->id, user, lr.mac, sid) == 0)
		return aaa_session_bind(app, *sid, acct_id);
	if (aaa_login(app, &lr, &res) != 0 || !res.accept)
		return -ENOENT;
	*sid = res.session_id;
	return 0;
}

int radius_handle_accounting(void *ctx, struct radius_server *srv, const struct radius_request *req,
			     struct radius_builder *b, uint8_t *buf, size_t size)
{
	struct app *app = srv->app;
	uint32_t status = 0, session_time = 0;
	uint64_t in = 0, out = 0;
	int64_t sid, seconds, up, down, now = time(NULL);
	char acct_id[64];
	struct usage_result u = { 0 };
	int rc = 0, stopped;

	(void)ctx;
	radius_get_u32(&req->pkt, 0, RADIUS_ATTR_ACCT_STATUS_TYPE, &status);
	if (status == RADIUS_ACCT_ACCOUNTING_ON || status == RADIUS_ACCT_ACCOUNTING_OFF) {
		/* the NAS restarted: whatever it had open is over */
		if (aaa_nas_stop_all(app, req->nas->id, STOP_NAS, now, &stopped) != 0)
			return -EIO;
		log_info("radius", "accounting %s nas=%lld closed=%d", status == RADIUS_ACCT_ACCOUNTING_ON ? "on" : "off",
			 (long long)req->nas->id, stopped);
		return radius_reply_init(b, buf, size, RADIUS_ACCOUNTING_RESPONSE, &req->pkt);
	}
	if (radius_get_string(&req->pkt, 0, RADIUS_ATTR_ACCT_SESSION_ID, acct_id, sizeof(acct_id)) != 0 ||
	    (status != RADIUS_ACCT_START && status != RADIUS_ACCT_STOP && status != RADIUS_ACCT_INTERIM_UPDATE))
		return -EINVAL;	/* not one we can account: no answer */

	radius_get_u32(&req->pkt, 0, RADIUS_ATTR_ACCT_SESSION_TIME, &session_time);
	radius_get_u64(&req->pkt, 0, RADIUS_ATTR_ACCT_INPUT_OCTETS, RADIUS_ATTR_ACCT_INPUT_GIGAWORDS, &in);
	radius_get_u64(&req->pkt, 0, RADIUS_ATTR_ACCT_OUTPUT_OCTETS, RADIUS_ATTR_ACCT_OUTPUT_GIGAWORDS, &out);

	if (find_session(app, req, acct_id, &sid) == 0) {
		/* the NAS reports totals; billing takes what is new since last time */
		if (aaa_session_totals(app, sid, &seconds, &up, &down) != 0)
			return -EIO;
		int64_t d_up = (int64_t)in > up ? (int64_t)in - up : 0;
		int64_t d_down = (int64_t)out > down ? (int64_t)out - down : 0;
		int64_t d_sec = (int64_t)session_time > seconds ? (int64_t)session_time - seconds : 0;

		if (status == RADIUS_ACCT_STOP)
			rc = aaa_stop(app, sid, (uint64_t)d_up, (uint64_t)d_down, d_sec, terminate_cause(&req->pkt), now);
		else if (status == RADIUS_ACCT_INTERIM_UPDATE || d_up || d_down || d_sec)
			rc = aaa_usage(app, sid, (uint64_t)d_up, (uint64_t)d_down, d_sec, now, &u);
		if (rc == 0) {
			/* applied to billing: spotgate_guest_bytes_total{source="radius"} */
			srv->stats.acct_bytes_up += (uint64_t)d_up;
			srv->stats.acct_bytes_down += (uint64_t)d_down;
		}
		if (rc == -ENOENT)
			rc = 0;	/* already stopped: a repeated Stop counts once */
		if (rc)
			return -EIO;
	} else if (status != RADIUS_ACCT_STOP) {
		log_warn("radius", "accounting for an unknown session nas=%lld id=%s", (long long)req->nas->id, acct_id);
	}
	/* committed above; only now does the NAS hear it */
	rc = radius_reply_init(b, buf, size, RADIUS_ACCOUNTING_RESPONSE, &req->pkt);
	if (rc == 0 && u.actions)
		aaa_enforce(app, sid, &u, false);
	return rc;
}
