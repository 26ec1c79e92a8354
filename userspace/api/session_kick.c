/* POST /api/v1/sessions/:id/kick: an admin or a receptionist ends one guest
 * session now (the "kick" of the live sessions page). The session is closed
 * with its time up to now (STOP_ADMIN), then the enforcer that holds it is
 * told: this gateway's data plane (app->local) or the NAS (app->nas, a
 * Disconnect-Request). The account keeps what is left of its allowance, so
 * the guest may log in again; suspend the account to keep them out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aaa/aaa.h"
#include "api/api.h"
#include "billing/cdr.h"
#include "store/stmt_cache.h"

/* the location a session's plan belongs to, for holding an operator to theirs */
static int session_location(sqlite3 *db, int64_t session_id, int64_t *location, int *running)
{
	sqlite3_stmt *st;
	int rc;

	if (db_prepare(db,
		       "SELECT coalesce(p.location_id, 1), s.stopped_at IS NULL FROM sessions s "
		       "JOIN accounts a ON a.id = s.account_id LEFT JOIN plans p ON p.id = a.plan_id "
		       "WHERE s.id = ?", &st) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_int64(st, 1, session_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*location = sqlite3_column_int64(st, 0);
		*running = sqlite3_column_int(st, 1);
	}
	db_release(st);
	return rc == SQLITE_ROW ? 0 : -ENOENT;
}

static void kick_session(struct api_call *call, struct api_reply *reply)
{
	struct session_ref ref;
	int64_t id, location = 0;
	int running = 0, rc;
	char *end;

	id = strtoll(call->params[0], &end, 10);
	if (*end || id <= 0 || session_location(call->app->db, id, &location, &running) != 0 ||
	    (call->caller.role == ROLE_OPERATOR && call->caller.location_id != location)) {
		/* another location's session is as unknown to an operator as a missing one */
		api_error(reply, 404, "session", "no session %s", call->params[0]);
		return;
	}
	if (!running || aaa_session_ref(call->app, id, &ref) != 0) {
		api_error(reply, 409, "session", "session %lld is not running", (long long)id);
		return;
	}
	rc = aaa_stop(call->app, id, 0, 0, AAA_UNTIL_NOW, STOP_ADMIN, time(NULL));
	if (rc == -ENOENT) {
		api_error(reply, 409, "session", "session %lld is not running", (long long)id);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "could not stop session %lld (error %d)", (long long)id, rc);
		return;
	}
	const struct enforcer *e = ref.nas_id ? &call->app->nas : &call->app->local;

	if (e->disconnect)
		e->disconnect(call->app, &ref, STOP_ADMIN);
	api_ok(reply, 200, json_pack("{s:I, s:I, s:s, s:s, s:s, s:I}", "kicked", (json_int_t)id, "account",
				     (json_int_t)ref.account_id, "username", ref.username, "mac", ref.mac,
				     "stop_cause", stop_cause_name(STOP_ADMIN), "nas", (json_int_t)ref.nas_id));
}

const struct api_route session_kick_routes[] = {
	{ "POST", "/api/v1/sessions/:id/kick", kick_session, ROLE_OPERATOR },
	{ 0 },
};
