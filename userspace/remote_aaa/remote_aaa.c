#include "remote_aaa/remote_aaa.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "common/mac.h"
#include "common/sockaddr.h"
#include "radius/radius.h"

/* a session id is REMOTE_SESSION_BIT | sequence << SLOT_BITS | slot */
#define SLOT_BITS 24
#define SLOT_MASK ((1u << SLOT_BITS) - 1)
#define SEQ_MASK  ((1ull << (62 - SLOT_BITS)) - 1)
#define TICK_MS   1000

/* What every accounting request of a session says about who it is; copied
 * into each request, so a Stop in flight outlives its session. */
struct acct_identity {
	char acct_session_id[32];
	char username[RADIUS_ATTR_MAX_VALUE + 1];
	char station[18];
	char ip[INET_ADDRSTRLEN];
	unsigned nclass;
	struct remote_class class_attr[REMOTE_CLASS_MAX];
};

struct remote_session {
	struct remote_aaa *ra;
	uint64_t id;
	struct acct_identity who;
	int64_t started_at;
	int64_t next_interim;		/* 0 = no periodic updates */
	uint32_t interim_interval;
	uint64_t bytes_up, bytes_down;
};

struct remote_login {
	struct remote_aaa *ra;
	struct radius_client_request *req;
	char username[RADIUS_ATTR_MAX_VALUE + 1];
	char password[RADIUS_PASSWORD_MAX + 1];
	size_t password_len;
	char station[18];
	char ip[INET_ADDRSTRLEN];
	remote_login_cb cb;
	void *ctx;
};

struct acct_request {
	struct remote_aaa *ra;
	struct acct_identity who;
	uint32_t status;		/* Acct-Status-Type */
	uint32_t terminate_cause;	/* Stop only */
	int64_t event_at;
	int64_t session_time;
	uint64_t bytes_up, bytes_down;
	remote_acct_cb cb;
	void *ctx;
};

struct remote_aaa {
	struct app *app;
	struct radius_client_timers timers;
	struct radius_client *auth, *acct;
	h2o_timeout_entry_t tick;
	char nas_identifier[64];
	struct in_addr nas_ip;
	bool has_nas_ip;
	uint32_t interim_interval;
	/* open sessions by slot, and the free slots */
	struct remote_session **slots;
	uint32_t nslots, cap;
	uint32_t *free_slots;
	uint32_t nfree;
	uint64_t seq;
	struct remote_aaa_stats stats;
};

void remote_aaa_station_id(const char *mac, char out[18])
{
	uint8_t b[6];

	if (!mac || mac_parse(mac, b) != 0) {
		out[0] = '\0';
		return;
	}
	snprintf(out, 18, "%02X-%02X-%02X-%02X-%02X-%02X", b[0], b[1], b[2], b[3], b[4], b[5]);
}

static void copy_text(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void add_nas(const struct remote_aaa *ra, struct radius_builder *b)
{
	radius_add_string(b, RADIUS_ATTR_NAS_IDENTIFIER, ra->nas_identifier);
	if (ra->has_nas_ip)
		radius_add_ipaddr(b, RADIUS_ATTR_NAS_IP_ADDRESS, ra->nas_ip);
	radius_add_u32(b, RADIUS_ATTR_NAS_PORT_TYPE, RADIUS_NAS_PORT_WIRELESS_80211);
}

static void add_station(struct radius_builder *b, const char *station, const char *ip)
{
	struct in_addr a;

	if (station[0])
		radius_add_string(b, RADIUS_ATTR_CALLING_STATION_ID, station);
	if (ip[0] && inet_pton(AF_INET, ip, &a) == 1)
		radius_add_ipaddr(b, RADIUS_ATTR_FRAMED_IP_ADDRESS, a);
}

/* --- login ------------------------------------------------------------------ */

/* called again with the other server's secret on failover: the password is
 * hidden with the secret of the server it goes to */
static int build_login(void *ctx, struct radius_builder *b, const void *secret, size_t secret_len)
{
	struct remote_login *l = ctx;

	radius_add_string(b, RADIUS_ATTR_USER_NAME, l->username);
	radius_add_user_password(b, l->password, l->password_len, secret, secret_len);
	radius_add_u32(b, RADIUS_ATTR_SERVICE_TYPE, RADIUS_SERVICE_LOGIN_USER);
	add_station(b, l->station, l->ip);
	add_nas(l->ra, b);
	return b->err;
}

static void login_done(void *ctx, const struct radius_client_result *res)
{
	struct remote_login *l = ctx;
	struct remote_aaa *ra = l->ra;
	struct remote_login_result r = { .status = res->status, .server = res->server, .sends = res->sends };

	remote_limits_unlimited(&r.reply.limits);
	if (r.status == 0 && remote_reply_parse(res->reply, time(NULL), &r.reply) != 0)
		r.status = -EPROTO;	/* an Access-Challenge: nothing a portal login can answer */
	if (r.status != 0) {
		ra->stats.login_failures++;
		log_warn("aaa", "remote login got no answer user=%s server=%u sends=%u error=\"%s\"", l->username,
			 r.server + 1, r.sends, strerror(-r.status));
	} else if (r.reply.accept) {
		ra->stats.accepts++;
		log_info("aaa", "remote login accepted user=%s server=%u sends=%u", l->username, r.server + 1, r.sends);
	} else {
		ra->stats.rejects++;
		log_info("aaa", "remote login rejected user=%s server=%u message=\"%s\"", l->username, r.server + 1,
			 r.reply.message);
	}
	l->cb(l->ctx, &r);
	explicit_bzero(l->password, sizeof(l->password));
	free(l);
}

int remote_aaa_login(struct app *app, const struct remote_who *who, remote_login_cb cb, void *ctx,
		     struct remote_login **handle)
{
	struct remote_aaa *ra = app->remote_aaa;
	struct remote_login *l;
	size_t plen = who->password ? strlen(who->password) : 0;
	int rc;

	if (!ra)
		return -ENODEV;
	if (!who->username || !who->username[0] || strlen(who->username) > RADIUS_ATTR_MAX_VALUE ||
	    plen > RADIUS_PASSWORD_MAX || !cb)
		return -EINVAL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	*l = (struct remote_login){ .ra = ra, .password_len = plen, .cb = cb, .ctx = ctx };
	copy_text(l->username, sizeof(l->username), who->username);
	memcpy(l->password, who->password ? who->password : "", plen);
	remote_aaa_station_id(who->mac, l->station);
	copy_text(l->ip, sizeof(l->ip), who->ip);
	rc = radius_client_send(ra->auth, RADIUS_ACCESS_REQUEST, build_login, login_done, l, &l->req);
	if (rc != 0) {
		explicit_bzero(l->password, sizeof(l->password));
		free(l);
		return rc;
	}
	ra->stats.logins++;
	if (handle)
		*handle = l;
	return 0;
}

void remote_aaa_login_cancel(struct remote_login *l)
{
	radius_client_cancel(l->req);
	explicit_bzero(l->password, sizeof(l->password));
	free(l);
}

/* --- accounting ------------------------------------------------------------- */

static uint32_t terminate_cause(enum stop_cause cause)
{
	switch (cause) {
	case STOP_LOGOUT: return RADIUS_TERM_USER_REQUEST;
	case STOP_IDLE_TIMEOUT: return RADIUS_TERM_IDLE_TIMEOUT;
	case STOP_SESSION_TIMEOUT:
	case STOP_DEPLETED:
	case STOP_EXPIRED:
	case STOP_FAIR_USE: return RADIUS_TERM_SESSION_TIMEOUT;	/* what CoovaChilli sends for quotas */
	case STOP_ADMIN:
	case STOP_SUSPENDED: return RADIUS_TERM_ADMIN_RESET;
	case STOP_NAS:
	case STOP_NONE: break;
	}
	return RADIUS_TERM_NAS_REQUEST;
}

static int build_acct(void *ctx, struct radius_builder *b, const void *secret, size_t secret_len)
{
	struct acct_request *r = ctx;
	int64_t now = time(NULL);

	(void)secret;
	(void)secret_len;
	radius_add_u32(b, RADIUS_ATTR_ACCT_STATUS_TYPE, r->status);
	radius_add_string(b, RADIUS_ATTR_ACCT_SESSION_ID, r->who.acct_session_id);
	radius_add_string(b, RADIUS_ATTR_USER_NAME, r->who.username);
	add_station(b, r->who.station, r->who.ip);
	for (unsigned i = 0; i < r->who.nclass; i++)
		radius_add(b, RADIUS_ATTR_CLASS, r->who.class_attr[i].value, r->who.class_attr[i].len);
	add_nas(r->ra, b);
	radius_add_u32(b, RADIUS_ATTR_ACCT_AUTHENTIC, 1);	/* RADIUS */
	radius_add_u32(b, RADIUS_ATTR_EVENT_TIMESTAMP, (uint32_t)r->event_at);
	/* rebuilt on failover: how long it has waited so far (RFC 2866 §5.2) */
	radius_add_u32(b, RADIUS_ATTR_ACCT_DELAY_TIME, now > r->event_at ? (uint32_t)(now - r->event_at) : 0);
	if (r->status != RADIUS_ACCT_START) {
		radius_add_u32(b, RADIUS_ATTR_ACCT_SESSION_TIME, (uint32_t)r->session_time);
		radius_add_u64(b, 0, RADIUS_ATTR_ACCT_INPUT_OCTETS, RADIUS_ATTR_ACCT_INPUT_GIGAWORDS, r->bytes_up);
		radius_add_u64(b, 0, RADIUS_ATTR_ACCT_OUTPUT_OCTETS, RADIUS_ATTR_ACCT_OUTPUT_GIGAWORDS, r->bytes_down);
	}
	if (r->status == RADIUS_ACCT_STOP)
		radius_add_u32(b, RADIUS_ATTR_ACCT_TERMINATE_CAUSE, r->terminate_cause);
	radius_add_message_authenticator(b);
	return b->err;
}

static const char *acct_name(uint32_t status)
{
	return status == RADIUS_ACCT_START ? "start" : status == RADIUS_ACCT_STOP ? "stop" : "interim";
}

static void acct_done(void *ctx, const struct radius_client_result *res)
{
	struct acct_request *r = ctx;
	struct remote_acct_result out = { .status = res->status, .server = res->server, .sends = res->sends };

	if (res->status == 0) {
		r->ra->stats.acct_answered++;
		log_debug("aaa", "remote accounting %s answered session=%s server=%u sends=%u", acct_name(r->status),
			  r->who.acct_session_id, res->server + 1, res->sends);
	} else {
		r->ra->stats.acct_lost++;
		log_warn("aaa", "remote accounting %s lost: no server answered session=%s user=%s sends=%u",
			 acct_name(r->status), r->who.acct_session_id, r->who.username, res->sends);
	}
	if (r->cb)
		r->cb(r->ctx, &out);
	free(r);
}

static int send_acct(struct remote_session *s, uint32_t status, enum stop_cause cause, remote_acct_cb cb, void *ctx)
{
	struct remote_aaa *ra = s->ra;
	struct acct_request *r = malloc(sizeof(*r));
	int64_t now = time(NULL);
	int rc;

	if (!r)
		return -ENOMEM;
	*r = (struct acct_request){
		.ra = ra,
		.who = s->who,
		.status = status,
		.terminate_cause = terminate_cause(cause),
		.event_at = now,
		.session_time = now - s->started_at,
		.bytes_up = s->bytes_up,
		.bytes_down = s->bytes_down,
		.cb = cb,
		.ctx = ctx,
	};
	rc = radius_client_send(ra->acct, RADIUS_ACCOUNTING_REQUEST, build_acct, acct_done, r, NULL);
	if (rc != 0) {
		log_warn("aaa", "remote accounting %s not sent session=%s error=\"%s\"", acct_name(status),
			 s->who.acct_session_id, strerror(-rc));
		free(r);
		return rc;
	}
	ra->stats.acct_sent++;
	return 0;
}

static int slot_take(struct remote_aaa *ra, uint32_t *slot)
{
	if (ra->nfree) {
		*slot = ra->free_slots[--ra->nfree];
		return 0;
	}
	if (ra->nslots == ra->cap) {
		uint32_t cap = ra->cap ? ra->cap * 2 : 64;
		struct remote_session **slots;
		uint32_t *free_slots;

		if (cap > SLOT_MASK + 1)
			return -ENOSPC;
		slots = realloc(ra->slots, cap * sizeof(*slots));
		if (!slots)
			return -ENOMEM;
		ra->slots = slots;
		free_slots = realloc(ra->free_slots, cap * sizeof(*free_slots));
		if (!free_slots)
			return -ENOMEM;
		ra->free_slots = free_slots;
		ra->cap = cap;
	}
	*slot = ra->nslots++;
	return 0;
}

static void session_free(struct remote_session *s)
{
	struct remote_aaa *ra = s->ra;
	uint32_t slot = (uint32_t)(s->id & SLOT_MASK);

	ra->slots[slot] = NULL;
	ra->free_slots[ra->nfree++] = slot;
	ra->stats.sessions--;
	free(s);
}

int remote_aaa_session_start(struct app *app, const struct remote_who *who, const struct remote_login_result *accepted,
			     remote_acct_cb cb, void *ctx, struct remote_session **out)
{
	struct remote_aaa *ra = app->remote_aaa;
	struct remote_session *s;
	uint32_t slot;
	int rc;

	if (!ra)
		return -ENODEV;
	if (!who->username || !who->username[0] || !accepted->reply.accept)
		return -EINVAL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	rc = slot_take(ra, &slot);
	if (rc) {
		free(s);
		return rc;
	}
	ra->seq = (ra->seq + 1) & SEQ_MASK;
	s->ra = ra;
	s->id = REMOTE_SESSION_BIT | ra->seq << SLOT_BITS | slot;
	s->started_at = time(NULL);
	s->interim_interval = accepted->reply.limits.interim_interval ? accepted->reply.limits.interim_interval
								      : ra->interim_interval;
	s->next_interim = s->interim_interval ? s->started_at + s->interim_interval : 0;
	/* unique per NAS across restarts: start time and sequence */
	snprintf(s->who.acct_session_id, sizeof(s->who.acct_session_id), "%08llX-%llX", (unsigned long long)s->started_at,
		 (unsigned long long)ra->seq);
	copy_text(s->who.username, sizeof(s->who.username), who->username);
	remote_aaa_station_id(who->mac, s->who.station);
	copy_text(s->who.ip, sizeof(s->who.ip), who->ip);
	s->who.nclass = accepted->reply.nclass;
	memcpy(s->who.class_attr, accepted->reply.class_attr, sizeof(s->who.class_attr));
	ra->slots[slot] = s;
	ra->stats.sessions++;
	log_info("aaa", "remote session started user=%s session=%s interim=%u", s->who.username,
		 s->who.acct_session_id, s->interim_interval);
	rc = send_acct(s, RADIUS_ACCT_START, STOP_NONE, cb, ctx);
	if (rc) {
		session_free(s);
		return rc;
	}
	if (out)
		*out = s;
	return 0;
}

void remote_aaa_session_usage(struct remote_session *s, uint64_t bytes_up, uint64_t bytes_down)
{
	s->bytes_up += bytes_up;
	s->bytes_down += bytes_down;
}

int remote_aaa_session_interim(struct remote_session *s, remote_acct_cb cb, void *ctx)
{
	if (s->interim_interval)
		s->next_interim = time(NULL) + s->interim_interval;
	return send_acct(s, RADIUS_ACCT_INTERIM_UPDATE, STOP_NONE, cb, ctx);
}

int remote_aaa_session_stop(struct remote_session *s, enum stop_cause cause, remote_acct_cb cb, void *ctx)
{
	int rc = send_acct(s, RADIUS_ACCT_STOP, cause, cb, ctx);

	log_info("aaa", "remote session stopped user=%s session=%s cause=%s up=%llu down=%llu", s->who.username,
		 s->who.acct_session_id, stop_cause_name(cause), (unsigned long long)s->bytes_up,
		 (unsigned long long)s->bytes_down);
	session_free(s);
	return rc;
}

struct remote_session *remote_aaa_session_find(struct app *app, uint64_t id)
{
	struct remote_aaa *ra = app->remote_aaa;
	uint32_t slot = (uint32_t)(id & SLOT_MASK);

	if (!ra || !(id & REMOTE_SESSION_BIT) || slot >= ra->nslots || !ra->slots[slot] || ra->slots[slot]->id != id)
		return NULL;
	return ra->slots[slot];
}

uint64_t remote_aaa_session_id(const struct remote_session *s)
{
	return s->id;
}

const char *remote_aaa_session_acct_id(const struct remote_session *s)
{
	return s->who.acct_session_id;
}

void remote_aaa_session_info(const struct remote_session *s, struct remote_session_info *out)
{
	*out = (struct remote_session_info){
		.id = s->id,
		.acct_session_id = s->who.acct_session_id,
		.username = s->who.username,
		.mac = s->who.station,
		.ip = s->who.ip,
		.started_at = s->started_at,
		.bytes_up = s->bytes_up,
		.bytes_down = s->bytes_down,
		.interim_interval = s->interim_interval,
	};
}

void remote_aaa_sessions_each(struct app *app, void (*fn)(const struct remote_session *s, void *arg), void *arg)
{
	struct remote_aaa *ra = app->remote_aaa;

	for (uint32_t i = 0; ra && i < ra->nslots; i++)
		if (ra->slots[i])
			fn(ra->slots[i], arg);
}

/* once a second: the Interim-Updates that are due */
static void on_tick(h2o_timeout_entry_t *entry)
{
	struct remote_aaa *ra = H2O_STRUCT_FROM_MEMBER(struct remote_aaa, tick, entry);
	int64_t now = time(NULL);

	for (uint32_t i = 0; i < ra->nslots; i++) {
		struct remote_session *s = ra->slots[i];

		if (s && s->next_interim && now >= s->next_interim)
			remote_aaa_session_interim(s, NULL, NULL);
	}
	h2o_timeout_link(ra->app->loop, radius_client_timers_get(&ra->timers, TICK_MS), &ra->tick);
}

const struct remote_aaa_stats *remote_aaa_get_stats(const struct app *app)
{
	return app->remote_aaa ? &app->remote_aaa->stats : NULL;
}

const struct radius_client_stats *remote_aaa_client_stats(const struct app *app, int acct)
{
	if (!app->remote_aaa)
		return NULL;
	return radius_client_get_stats(acct ? app->remote_aaa->acct : app->remote_aaa->auth);
}

/* --- start and stop --------------------------------------------------------- */

/* "ADDRESS:PORT" of a server, or "" when not a usable destination */
static int server_address(const char *text, const char *key, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (sockaddr_parse(text, &ss, &len) != 0 || text[0] == ':') {
		snprintf(err, errlen, "[aaa] %s: \"%s\" is not ADDRESS:PORT of a RADIUS server", key, text);
		return -EINVAL;
	}
	return 0;
}

/* the accounting address: the one configured, or the server's port + 1 */
static int acct_address(const char *auth, const char *acct, char *out, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len;

	if (acct[0]) {
		snprintf(out, size, "%s", acct);
		return 0;
	}
	if (sockaddr_parse(auth, &ss, &len) != 0)
		return -EINVAL;
	if (ss.ss_family == AF_INET)
		((struct sockaddr_in *)&ss)->sin_port = htons((uint16_t)(ntohs(((struct sockaddr_in *)&ss)->sin_port) + 1));
	else
		((struct sockaddr_in6 *)&ss)->sin6_port =
			htons((uint16_t)(ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) + 1));
	sockaddr_format((struct sockaddr *)&ss, out, size);
	return 0;
}

static int configure(struct remote_aaa *ra, const struct config *cfg, struct radius_client_config *auth,
		     struct radius_client_config *acct, char addrs[2][96], char *err, size_t errlen)
{
	const char *servers[2] = { cfg->aaa_server1, cfg->aaa_server2 };
	const char *acct_servers[2] = { cfg->aaa_acct_server1, cfg->aaa_acct_server2 };
	const char *secrets[2] = { cfg->aaa_secret1[0] ? cfg->aaa_secret1 : cfg->aaa_secret,
				   cfg->aaa_secret2[0] ? cfg->aaa_secret2 : cfg->aaa_secret };
	const struct radius_retry_policy retry = {
		.initial_timeout_ms = (uint32_t)cfg->aaa_timeout * 1000,
		.max_tries = (uint32_t)cfg->aaa_retries,
	};

	if (!cfg->aaa_server1[0]) {
		snprintf(err, errlen, "[aaa] mode = radius needs radius_server1");
		return -EINVAL;
	}
	*auth = (struct radius_client_config){ .retry = retry };
	*acct = (struct radius_client_config){ .retry = retry };
	for (int i = 0; i < 2; i++) {
		char key[32];

		if (!servers[i][0])
			continue;
		snprintf(key, sizeof(key), "radius_server%d", i + 1);
		if (server_address(servers[i], key, err, errlen) != 0)
			return -EINVAL;
		if (!secrets[i][0]) {
			snprintf(err, errlen, "[aaa] radius_secret (or radius_secret%d) is needed for %s", i + 1, servers[i]);
			return -EINVAL;
		}
		snprintf(key, sizeof(key), "radius_acct_server%d", i + 1);
		if (acct_address(servers[i], acct_servers[i], addrs[i], 96) != 0 ||
		    server_address(addrs[i], key, err, errlen) != 0)
			return -EINVAL;
		auth->server[i] = (struct radius_client_server){
			.address = servers[i],
			.secret = secrets[i],
			.allow_no_message_authenticator = cfg->aaa_require_ma == TOGGLE_NO,
		};
		acct->server[i] = (struct radius_client_server){ .address = addrs[i], .secret = secrets[i] };
	}
	if (cfg->aaa_nas_ip[0]) {
		if (inet_pton(AF_INET, cfg->aaa_nas_ip, &ra->nas_ip) != 1) {
			snprintf(err, errlen, "[aaa] nas_ip_address: \"%s\" is not an IPv4 address", cfg->aaa_nas_ip);
			return -EINVAL;
		}
		ra->has_nas_ip = true;
	}
	if (cfg->aaa_nas_identifier[0])
		copy_text(ra->nas_identifier, sizeof(ra->nas_identifier), cfg->aaa_nas_identifier);
	else if (gethostname(ra->nas_identifier, sizeof(ra->nas_identifier)) != 0 || !ra->nas_identifier[0])
		copy_text(ra->nas_identifier, sizeof(ra->nas_identifier), "spotgate");
	ra->nas_identifier[sizeof(ra->nas_identifier) - 1] = '\0';
	ra->interim_interval = (uint32_t)cfg->aaa_interim_interval;
	return 0;
}

int remote_aaa_start(struct app *app, char *err, size_t errlen)
{
	const struct config *cfg = &app->cfg;
	struct radius_client_config auth_cfg, acct_cfg;
	struct remote_aaa *ra;
	char acct_addrs[2][96] = { "", "" };
	int rc;

	if (strcmp(cfg->aaa_mode, "radius") != 0)
		return 0;
	ra = calloc(1, sizeof(*ra));
	if (!ra) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	ra->app = app;
	rc = configure(ra, cfg, &auth_cfg, &acct_cfg, acct_addrs, err, errlen);
	if (rc) {
		free(ra);
		return rc;
	}
	radius_client_timers_init(&ra->timers, app->loop);
	rc = radius_client_create(&ra->timers, &auth_cfg, &ra->auth, err, errlen);
	if (rc == 0)
		rc = radius_client_create(&ra->timers, &acct_cfg, &ra->acct, err, errlen);
	if (rc) {
		if (ra->auth)
			radius_client_destroy(ra->auth);
		radius_client_timers_dispose(&ra->timers);
		free(ra);
		return rc;
	}
	ra->tick.cb = on_tick;
	h2o_timeout_link(app->loop, radius_client_timers_get(&ra->timers, TICK_MS), &ra->tick);
	app->remote_aaa = ra;
	log_info("aaa", "remote AAA servers=%s%s%s acct=%s%s%s nas_identifier=%s", cfg->aaa_server1,
		 cfg->aaa_server2[0] ? "," : "", cfg->aaa_server2, acct_addrs[0], acct_addrs[1][0] ? "," : "",
		 acct_addrs[1], ra->nas_identifier);
	return 0;
}

void remote_aaa_stop(struct app *app)
{
	struct remote_aaa *ra = app->remote_aaa;

	if (!ra)
		return;
	h2o_timeout_unlink(&ra->tick);
	/* callbacks run with -ECANCELED and may look at app->remote_aaa */
	radius_client_destroy(ra->auth);
	radius_client_destroy(ra->acct);
	app->remote_aaa = NULL;
	for (uint32_t i = 0; i < ra->nslots; i++)
		free(ra->slots[i]);
	free(ra->slots);
	free(ra->free_slots);
	radius_client_timers_dispose(&ra->timers);
	free(ra);
}
