/* Inside the portal module: its state and the helpers its files share. */
#ifndef SPOTGATE_PORTAL_INTERNAL_H
#define SPOTGATE_PORTAL_INTERNAL_H

#include <h2o.h>
#include <stdbool.h>
#include <stdint.h>

#include "aaa/aaa.h"
#include "app/app.h"
#include "common/hmac.h"
#include "common/mac.h"
#include "http/server.h"
#include "portal/i18n.h"
#include "portal/neigh.h"
#include "portal/portal.h"
#include "portal/redirect.h"
#include "portal/sms.h"
#include "portal/template.h"

/* login methods ([portal] login) */
enum {
	METHOD_VOUCHER = 1u << 0,
	METHOD_PASSWORD = 1u << 1,
	METHOD_SMS = 1u << 2,		/* mobile + SMS code (mall, airport) */
	METHOD_SMS_CODE = 1u << 3,	/* mobile + SMS code + access code of the day (cafe) */
	METHOD_SMS_MEMBER = 1u << 4,	/* pre-registered mobile + SMS code (club) */
	METHOD_CLICK = 1u << 5,		/* click-through with terms */
};
#define METHODS_SMS (METHOD_SMS | METHOD_SMS_CODE | METHOD_SMS_MEMBER)

enum { PAY_FRONT_DESK = 1u << 0, PAY_WEBHOOK = 1u << 1 };

enum page {
	PAGE_LAYOUT,
	PAGE_LOGIN,
	PAGE_OTP,
	PAGE_STATUS,
	PAGE_MESSAGE,
	PAGE_BUY,
	PAGE_ORDER,
	PAGE_TERMS,
	PAGE_COUNT,
};

#define FAIL_LIMIT 10		/* failed logins per device ... */
#define FAIL_WINDOW 600		/* ... per 10 minutes */
#define CSRF_LIFETIME (4 * 3600)
#define FORM_MAX 8192		/* request body */

struct portal {
	struct app *app;
	struct sms *sms;
	struct catalogs cats;
	char *pages[PAGE_COUNT];
	size_t page_len[PAGE_COUNT];
	unsigned methods;
	unsigned payment;
	unsigned char secret[32];	/* CSRF tokens, OTP hashes, signed URLs */
	struct hmac_key *csrf_key;	/* the secret, keyed once: every page carries a token */
	int lan_ifindex;		/* 0 = any (no LAN interface configured) */
	struct neigh neigh;		/* guests' MACs from the kernel's neighbour table */
	char static_dir[4400];
	/* the location served ([portal] location): its plans and settings, its
	 * time zone (portal_zone) and venue name */
	int64_t location_id;
	char venue[129];		/* "" = the catalog's t.venue */
};

/* One guest request as the handlers see it. */
struct guest {
	struct portal *p;
	h2o_req_t *req;
	char ip[46];
	struct sockaddr_storage peer;
	uint8_t mac[6];
	char mac_text[MAC_TEXT_LEN];
	bool have_mac;
	int lang;			/* catalog index */
	char base[300];			/* the portal's URL: http://192.0.2.1 */
	int64_t now;
};

/* A form (application/x-www-form-urlencoded) or query string, decoded. */
#define FORM_FIELDS 16
struct form {
	int n;
	char *names[FORM_FIELDS];
	char *values[FORM_FIELDS];
	char *store;
};
/* -E2BIG when a value is longer than the limit for its field, -EINVAL when
 * malformed; the name of the offending field in *bad. */
int form_parse(struct form *f, const char *data, size_t len, const char **bad);
const char *form_get(const struct form *f, const char *name);
void form_free(struct form *f);
size_t field_limit(const char *name);

/* Pages: fields for the template, plus "t.*" from the catalog. */
#define PAGE_VARS 40
struct page_vars {
	struct guest *g;
	bool no_buy;	/* no "buy" links: a remote session's package is the server's */
	int n;
	const char *names[PAGE_VARS];
	char *values[PAGE_VARS];
};
void vars_set(struct page_vars *v, const char *name, const char *value);
void vars_setf(struct page_vars *v, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void vars_free(struct page_vars *v);
/* The catalog text for key in the guest's language ("" when missing). */
const char *tr(struct guest *g, const char *key);
/* Renders page inside the layout and sends it with the security headers. */
void page_send(struct guest *g, int status, enum page page, struct page_vars *v);
/* A page with one message (title and text from the catalog or given). */
void message_send(struct guest *g, int status, const char *title, const char *text);

/* Percent-encodes s (RFC 3986 unreserved characters stay) into the pool. */
char *url_encode(h2o_mem_pool_t *pool, const char *s);

/* Responses */
void security_headers(h2o_req_t *req);
/* Every answer goes through guest_respond: while the loop's group
 * transaction is open (app/group_commit.h) it waits for the commit, so a
 * guest hears "logged in" only once that is on disk. */
void guest_respond(struct guest *g, int status, const char *content_type, const char *body, size_t len);
void redirect_send(struct guest *g, int status, const char *location);
void json_send(struct guest *g, const char *content_type, const char *body);

/* CSRF: a token bound to the device, valid CSRF_LIFETIME */
void csrf_token(struct guest *g, char out[96]);
bool csrf_ok(struct guest *g, const char *token);

/* Sessions on this gateway: the running session of the guest's device that
 * the data plane lets through; -ENOENT when there is none. */
int guest_session(struct guest *g, int64_t *session_id);
/* After an accepted login: the device into the data plane with its limits.
 * -errno (the session is then stopped again). */
int guest_authorize(struct guest *g, const struct login_result *r);
/* The device into the data plane with what is left of its session (the
 * gateway_authorize() answer: -ENODEV no data plane, -EPERM allow-listed). */
int guest_let_through(struct guest *g, const struct session_limits *l, uint64_t session_id);
/* Logs the device in by its MAC when it is bound to an active account. */
bool guest_mac_login(struct guest *g);
/* The 303 after a login: to the status page, which sends the guest on. */
void logged_in(struct guest *g, const char *url, const char *sig);

/* Remote AAA ([aaa] mode = radius, remote_login.c): voucher and password
 * logins go to the central RADIUS server. remote_login() sends the
 * Access-Request and returns; the server's answer (or the guest hanging up,
 * which cancels it) completes the request. A remote session lives in the
 * data plane (its entry carries the remote session id) and in remote_aaa's
 * memory, not in this gateway's database. */
void remote_login(struct guest *g, bool voucher, const char *username, const char *password, const char *url,
		  const char *sig);
/* The device's running remote session, as its data-plane entry has it. */
struct remote_standing {
	uint64_t session_id;
	char username[65];
	int64_t until;		/* UTC epoch seconds, 0 = no end */
	int64_t seconds_left;	/* LIMIT_NONE */
	int64_t bytes_left;	/* LIMIT_NONE */
	uint64_t rate_up, rate_down;	/* bit/s, 0 = unlimited */
};
/* -ENOENT when the device has no remote session the data plane lets through. */
int guest_remote_standing(struct guest *g, struct remote_standing *out);
/* Ends the device's remote session: out of the data plane (its last bytes
 * counted), then Accounting-Stop. false when it had none. */
bool guest_remote_end(struct guest *g, enum stop_cause cause);

/* The URL to go to after login: the configured one, the signed original
 * URL, or the status page. */
void after_login_url(struct guest *g, const char *url, const char *sig, char *out, size_t size);

/* Failed logins for the lockout */
int failures_count(struct portal *p, const char *mac, int64_t now);
void failure_record(struct portal *p, const char *mac, int64_t now);

/* handlers */
void handle_otp_send(struct guest *g, struct form *f);
void handle_otp_verify(struct guest *g, struct form *f);
void handle_buy_page(struct guest *g);
void handle_buy(struct guest *g, struct form *f);
void handle_order_page(struct guest *g, const char *reference);
void handle_webhook(struct guest *g);
void handle_status_page(struct guest *g);
void handle_captive_api(struct guest *g);
void render_login(struct guest *g, int status, const char *error, const char *url, const char *sig);

/* The portal's location's time zone (the day of click_per_day, the times
 * shown); NULL = UTC. Read on each use, so an edit applies at once. */
const struct tz *portal_zone(struct portal *p);
/* A plan id by its name at the portal's location; 0 when there is none. */
int64_t plan_by_name(struct portal *p, const char *name);
/* Runtime settings (portal_settings of the portal's location); -ENOENT. */
int portal_setting_get(struct portal *p, const char *key, char *buf, size_t size);

#endif
