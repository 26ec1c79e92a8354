/* Sessions against accounts: the one place where a login, its usage and its
 * end meet the billing core and the database. The portal, the RADIUS server
 * and the data-plane poll all come through here, so a voucher behaves the
 * same whichever way a guest arrives.
 *
 * Every call runs in one transaction and is committed before it returns
 * (durable before acknowledged); the caller then tells the guest, the NAS or
 * the kernel. */
#ifndef SPOTGATE_AAA_H
#define SPOTGATE_AAA_H

#include <stdbool.h>
#include <stdint.h>

#include "app/app.h"
#include "billing/authorize.h"
#include "billing/session.h"

enum login_method {
	LOGIN_VOUCHER,		/* username = code, password = PIN (or nothing) */
	LOGIN_PASSWORD,		/* username + password of an account */
	LOGIN_MAC,		/* a device bound to an account (re-login) */
	LOGIN_ACCOUNT,		/* an account already proven (OTP, payment) */
	LOGIN_ANY,		/* RADIUS: a voucher code if there is one, else an account's password */
};

struct login_request {
	enum login_method method;
	const char *username;	/* code, user name or E.164 number */
	const char *password;	/* may be NULL */
	const char *mac;	/* canonical aa:bb:.., or NULL (RADIUS without one) */
	const char *ip;		/* may be NULL */
	int64_t nas_id;		/* 0 = this gateway */
	const char *nas_addr;	/* the NAS's address, or NULL */
	const char *acct_session_id;	/* the NAS's, or NULL */
	/* the venue logging in (the portal's location): accounts and tickets of
	 * other locations are unknown there; 0 = any (RADIUS) */
	int64_t location_id;
	int64_t now;
};

struct login_result {
	bool accept;
	enum billing_reason reason;
	char message[BILLING_MESSAGE_LEN];	/* for the guest */
	int64_t account_id;
	int64_t session_id;
	struct session_limits limits;
	char plan_name[64];
	char username[64];
};

/* Loads the location's time zone into app->zone. */
int aaa_init(struct app *app, char *err, size_t errlen);
/* Adds spotgate_guest_logins_total{method,result} to /metrics (metrics.c). */
void aaa_metrics_register(struct app *app);
void aaa_fini(struct app *app);

/* A wrong code and an unknown one get the same answer (no enumeration). */
int aaa_login(struct app *app, const struct login_request *req, struct login_result *out);

/* The secret RADIUS CHAP checks a username against: an account's password,
 * a voucher's PIN, or the code itself for a voucher without one. */
int aaa_chap_secret(struct app *app, const char *username, char *buf, size_t size);

/* As `seconds` below: the time from the session's last update until now. */
#define AAA_UNTIL_NOW (-1)

/* Usage since the previous call for a running session. *out says what to do
 * next (continue, throttle, switch rate, cut off); on cut-off the session is
 * already closed here. -ENOENT when the session is not running. */
int aaa_usage(struct app *app, int64_t session_id, uint64_t bytes_up, uint64_t bytes_down, int64_t seconds,
	      int64_t now, struct usage_result *out);

/* Hands a usage result's decision to whoever enforces the session (the
 * local data plane, or the NAS by Disconnect/CoA): cut-off disconnects; a
 * throttle, rate or bucket switch, a refill, or any result when `always`,
 * sends the fresh limits. Call it once the usage is committed. */
void aaa_enforce(struct app *app, int64_t session_id, const struct usage_result *u, bool always);

/* An account changed (a top-up, a paid order): its running sessions are
 * brought up to date and their enforcers get the new limits, so a guest
 * online goes on with the new allowance. Each update commits before its
 * enforcer hears it, so call it outside a group transaction (the admin API
 * flushes the group first). Returns how many sessions were updated. */
int aaa_account_changed(struct app *app, int64_t account_id, int64_t now);

/* Ends a running session with its last usage; -ENOENT when not running. */
int aaa_stop(struct app *app, int64_t session_id, uint64_t bytes_up, uint64_t bytes_down, int64_t seconds,
	     enum stop_cause cause, int64_t now);

/* Ends an account's validity now and stops its sessions, telling the
 * enforcers (admin expire, kick). */
int aaa_end_account(struct app *app, int64_t account_id, enum stop_cause cause, int64_t now);

/* RADIUS accounting: the NAS's Acct-Session-Id for a session the
 * Access-Accept opened, its totals so far (for deltas), and stopping every
 * session of a NAS that rebooted (Accounting-On/Off). */
int aaa_session_bind(struct app *app, int64_t session_id, const char *acct_session_id);
/* The newest running session an Access-Accept opened on this NAS for this
 * user (and MAC, when given) that no Acct-Session-Id is bound to yet. */
int aaa_session_unbound(struct app *app, int64_t nas_id, const char *username, const char *mac,
			int64_t *session_id);
int aaa_session_totals(struct app *app, int64_t session_id, int64_t *seconds, int64_t *bytes_up,
		       int64_t *bytes_down);
int aaa_nas_stop_all(struct app *app, int64_t nas_id, enum stop_cause cause, int64_t now, int *stopped);

/* Deletes accounts past their validity plus purge delay (purge.c). */
int aaa_purge(struct app *app, int64_t now, int *purged);

/* The running session of a device on this gateway, or of a NAS session. */
int aaa_session_by_mac(struct app *app, const char *mac, int64_t *session_id);
int aaa_session_by_nas(struct app *app, int64_t nas_id, const char *acct_session_id, int64_t *session_id);
int aaa_session_ref(struct app *app, int64_t session_id, struct session_ref *out);

#endif
