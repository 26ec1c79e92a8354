/* Usage feed: the data plane's counters and stops to the session layer. See usage_feed.h. */
#include "usage_feed/usage_feed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa.h"
#include "app/group_commit.h"
#include "common/log.h"
#include "common/mac.h"
#include "gateway/gateway.h"
#include "remote_aaa/remote_aaa.h"
#include "store/db.h"

enum job_kind {
	JOB_ENFORCE,	/* billing decided something about a running session */
	JOB_STOP,	/* the kernel stopped a client, or the gateway removed an idle one */
	JOB_ONLINE,	/* a client found in the maps at start */
};

struct job {
	enum job_kind kind;
	uint8_t mac[6];
	uint64_t session_id;
	enum gateway_stop reason;	/* JOB_STOP; JOB_ONLINE: the kernel's stop, 0 = none */
	uint64_t up, down;		/* JOB_ONLINE: the client's counters */
	unsigned actions;		/* JOB_ENFORCE: billing's answer */
	enum stop_cause stop_cause;
	struct session_limits limits;
};

struct usage_feed {
	struct app *app;
	h2o_timeout_t end_of_turn;	/* zero: after this turn's sockets and the poll */
	h2o_timeout_entry_t entry;
	struct job *jobs;
	size_t n, cap;
};

static void queue(struct usage_feed *f, const struct job *j)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 64;
		struct job *jobs = realloc(f->jobs, cap * sizeof(*jobs));

		if (!jobs) {
			log_error("usage", "out of memory: a stop or limit change is lost session=%llu",
				  (unsigned long long)j->session_id);
			return;
		}
		f->jobs = jobs;
		f->cap = cap;
	}
	f->jobs[f->n++] = *j;
	if (!h2o_timeout_is_linked(&f->entry))
		h2o_timeout_link(f->app->loop, &f->end_of_turn, &f->entry);
}

static bool is_remote(uint64_t session_id)
{
	return (session_id & REMOTE_SESSION_BIT) != 0;
}

static enum stop_cause stop_cause_of(enum gateway_stop reason)
{
	switch (reason) {
	case GATEWAY_STOP_QUOTA:
		return STOP_DEPLETED;
	case GATEWAY_STOP_IDLE:
		return STOP_IDLE_TIMEOUT;
	default:
		return STOP_EXPIRED;
	}
}

/* Bills usage of a local session; what billing decides is acted on at the end of the turn. */
static int bill(struct usage_feed *f, const uint8_t mac[6], uint64_t session_id, uint64_t up, uint64_t down,
		struct usage_result *u)
{
	struct app *app = f->app;
	int rc;

	memset(u, 0, sizeof(*u));
	group_commit_join(app->commit);	/* every client of a poll: one transaction */
	rc = aaa_usage(app, (int64_t)session_id, up, down, AAA_UNTIL_NOW, time(NULL), u);
	if (rc && rc != -ENOENT) {
		char text[MAC_TEXT_LEN];

		mac_format(mac, text);
		log_warn("usage", "billing usage failed mac=%s session=%llu up=%llu down=%llu error=\"%s\"", text,
			 (unsigned long long)session_id, (unsigned long long)up, (unsigned long long)down,
			 strerror(-rc));
	}
	return rc;	/* -ENOENT: the session ended; bytes after its end are not billed */
}

/* --- hooks (inside the poll: nothing removed here) --------------------------------- */

static void on_usage(void *ctx, const uint8_t mac[6], uint64_t session_id, uint64_t up, uint64_t down,
		     int64_t last_seen)
{
	struct usage_feed *f = ctx;
	struct usage_result u;

	(void)last_seen;
	if (!session_id)
		return;	/* authorized by hand (spotctl client authorize): nothing to bill */
	if (is_remote(session_id)) {
		struct remote_session *s = remote_aaa_session_find(f->app, session_id);

		if (s)
			remote_aaa_session_usage(s, up, down);
		return;
	}
	if (bill(f, mac, session_id, up, down, &u) == 0 && u.actions)
		queue(f, &(struct job){ .kind = JOB_ENFORCE, .session_id = session_id, .actions = u.actions,
					.stop_cause = u.stop_cause, .limits = u.limits });
}

static void on_stop(void *ctx, const uint8_t mac[6], uint64_t session_id, enum gateway_stop reason)
{
	struct job j = { .kind = JOB_STOP, .session_id = session_id, .reason = reason };

	memcpy(j.mac, mac, 6);
	if (session_id)
		queue(ctx, &j);
}

static void on_online(void *ctx, const uint8_t mac[6], const struct sg_client_cfg *cfg, const struct sg_client_cnt *cnt)
{
	struct job j = { .kind = JOB_ONLINE, .session_id = cfg->session_id, .reason = (enum gateway_stop)cnt->stopped,
			 .up = cnt->bytes_up, .down = cnt->bytes_down };

	memcpy(j.mac, mac, 6);
	if (cfg->session_id)
		queue(ctx, &j);
}

/* --- the jobs, at the end of the turn ------------------------------------------------ */

static void enforce_job(struct usage_feed *f, const struct job *j)
{
	struct usage_result u = { .actions = j->actions, .stop_cause = j->stop_cause, .limits = j->limits };

	aaa_enforce(f->app, (int64_t)j->session_id, &u, false);
}

static bool nothing_left(const struct session_limits *l, int64_t now)
{
	return (l->bytes_total_left != LIMIT_NONE && l->bytes_total_left <= 0) ||
	       (l->seconds_left != LIMIT_NONE && l->seconds_left <= 0) || (l->end_at && l->end_at <= now);
}

static void stop_job(struct usage_feed *f, const struct job *j)
{
	struct app *app = f->app;
	enum stop_cause cause = stop_cause_of(j->reason);
	bool idle = j->reason == GATEWAY_STOP_IDLE;
	int64_t sid = (int64_t)j->session_id, now = time(NULL);
	uint64_t up, down;
	struct usage_result u;
	struct gateway_client c;
	char text[MAC_TEXT_LEN];
	int rc;

	/* the device logged in again meanwhile: its entry is the new session's */
	if (gateway_client_get(app, j->mac, &c) == 0 && c.cfg.session_id != j->session_id) {
		struct remote_session *s = is_remote(j->session_id) ? remote_aaa_session_find(app, j->session_id) : NULL;

		if (s)
			remote_aaa_session_stop(s, cause, NULL, NULL);
		else if (!is_remote(j->session_id))
			aaa_stop(app, sid, 0, 0, 0, cause, now);
		return;
	}
	/* billed up to the last byte: the growth since the last poll (an idle client's
	 * final counts came with its removal) */
	gateway_collect(app, j->mac, &up, &down);
	if (is_remote(j->session_id)) {
		struct remote_session *s = remote_aaa_session_find(app, j->session_id);

		if (s) {
			remote_aaa_session_usage(s, up, down);
			remote_aaa_session_stop(s, cause, NULL, NULL);
		}
		if (!idle)
			gateway_kick(app, j->mac, NULL);
		return;
	}
	rc = bill(f, j->mac, j->session_id, up, down, &u);
	if (rc) {
		if (!idle)
			gateway_kick(app, j->mac, NULL);	/* the session is over (or unbillable) */
		return;
	}
	if (u.actions & USAGE_CUT_OFF) {
		aaa_enforce(app, sid, &u, false);	/* billing closed it: disconnect */
		return;
	}
	if (idle || nothing_left(&u.limits, now)) {
		aaa_stop(app, sid, 0, 0, 0, cause, now);
		if (!idle)
			gateway_kick(app, j->mac, NULL);
		return;
	}
	/* billing still sees allowance (a top-up, the next bucket): the client goes on */
	mac_format(j->mac, text);
	log_info("usage", "client stopped by the kernel goes on with new limits mac=%s session=%lld", text,
		 (long long)sid);
	aaa_enforce(app, sid, &u, true);
}

/* A client found in the maps at start: bill what the last daemon did not, or
 * remove it when its session is over. */
static void online_job(struct usage_feed *f, const struct job *j)
{
	struct app *app = f->app;
	int64_t sid = (int64_t)j->session_id, running, seconds, up, down;
	struct usage_result u;
	char text[MAC_TEXT_LEN];

	mac_format(j->mac, text);
	if (is_remote(j->session_id)) {
		/* remote sessions' accounting lives in memory: the server closes them */
		if (!remote_aaa_session_find(app, j->session_id))
			log_warn("usage", "client of a remote session from before the restart stays without accounting mac=%s",
				 text);
		return;
	}
	if (aaa_session_by_mac(app, text, &running) != 0 || running != sid) {
		log_info("usage", "client without a running session removed mac=%s session=%lld", text, (long long)sid);
		gateway_kick(app, j->mac, NULL);
		return;
	}
	if (aaa_session_totals(app, sid, &seconds, &up, &down) == 0) {
		uint64_t d_up = j->up > (uint64_t)up ? j->up - (uint64_t)up : 0;
		uint64_t d_down = j->down > (uint64_t)down ? j->down - (uint64_t)down : 0;

		if ((d_up || d_down) && bill(f, j->mac, j->session_id, d_up, d_down, &u) == 0) {
			log_info("usage", "usage from before the restart billed mac=%s session=%lld up=%llu down=%llu",
				 text, (long long)sid, (unsigned long long)d_up, (unsigned long long)d_down);
			if (u.actions)
				aaa_enforce(app, sid, &u, false);
		}
	}
	if (j->reason) {	/* the kernel stopped it while no daemon was listening */
		struct job stop = *j;

		stop.kind = JOB_STOP;
		stop_job(f, &stop);
	}
}

static void run_jobs(h2o_timeout_entry_t *entry)
{
	struct usage_feed *f = H2O_STRUCT_FROM_MEMBER(struct usage_feed, entry, entry);
	struct job *jobs = f->jobs;
	size_t n = f->n;

	/* decisions are acted on once the usage behind them is durable */
	group_commit_flush(f->app->commit);
	/* jobs may queue more (a kick bills the last bytes): take this list first */
	f->jobs = NULL;
	f->n = f->cap = 0;
	for (size_t i = 0; i < n; i++) {
		switch (jobs[i].kind) {
		case JOB_ENFORCE:
			enforce_job(f, &jobs[i]);
			break;
		case JOB_STOP:
			stop_job(f, &jobs[i]);
			break;
		case JOB_ONLINE:
			online_job(f, &jobs[i]);
			break;
		}
	}
	free(jobs);
}

/* --- start ----------------------------------------------------------------------------- */

/* Running sessions of this gateway whose client is not in the maps (the maps were
 * cleared, or the daemon died between the commit of a login and the map write):
 * they end at their last billed moment. */
static void end_lost_sessions(struct app *app)
{
	int64_t *ids = NULL, now = time(NULL);
	size_t n = 0, cap = 0;
	sqlite3_stmt *st;

	if (db_prepare(app->db, "SELECT id, mac FROM sessions WHERE nas_id IS NULL AND stopped_at IS NULL", &st) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *mac = (const char *)sqlite3_column_text(st, 1);
		struct gateway_client c;
		uint8_t m[6];
		int64_t id = sqlite3_column_int64(st, 0);

		if (mac && mac_parse(mac, m) == 0 && gateway_client_get(app, m, &c) == 0 &&
		    (c.cfg.flags & SG_CLIENT_AUTHORIZED) && c.cfg.session_id == (uint64_t)id)
			continue;
		if (n == cap) {
			int64_t *more = realloc(ids, (cap = cap ? cap * 2 : 64) * sizeof(*ids));

			if (!more)
				break;
			ids = more;
		}
		ids[n++] = id;
	}
	db_release(st);
	for (size_t i = 0; i < n; i++)
		if (aaa_stop(app, ids[i], 0, 0, 0, STOP_NAS, now) == 0)
			log_info("usage", "session without a client in the data plane ended session=%lld", (long long)ids[i]);
	free(ids);
}

int usage_feed_start(struct app *app)
{
	struct usage_feed *f;

	if (!app->gateway)
		return 0;
	if (!(f = calloc(1, sizeof(*f))))
		return -ENOMEM;
	f->app = app;
	f->entry.cb = run_jobs;
	h2o_timeout_init(app->loop, &f->end_of_turn, 0);
	app->usage_feed = f;
	end_lost_sessions(app);
	gateway_set_hooks(app, &(struct gateway_hooks){ .ctx = f, .on_usage = on_usage, .on_stop = on_stop,
							 .on_online = on_online });
	return 0;
}

void usage_feed_stop(struct app *app)
{
	struct usage_feed *f = app->usage_feed;

	if (!f)
		return;
	gateway_set_hooks(app, &(struct gateway_hooks){ 0 });
	if (h2o_timeout_is_linked(&f->entry))
		h2o_timeout_unlink(&f->entry);
	h2o_timeout_dispose(app->loop, &f->end_of_turn);
	free(f->jobs);
	free(f);
	app->usage_feed = NULL;
}
