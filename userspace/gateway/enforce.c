/* The session layer's "local" enforcer (app->local, see app/app.h): billing decides,
 * this applies it to the data plane. Registered by gateway_start() when nothing else
 * has claimed app->local. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "billing/limits.h"
#include "common/log.h"
#include "common/mac.h"
#include "gateway/internal.h"

/* Whether the device's entry in the maps is this session's: a newer login of the
 * same device must not be kicked or changed for the old session. */
static bool entry_of(struct app *app, const uint8_t mac[6], int64_t session_id)
{
	struct gateway_client c;

	return gateway_client_get(app, mac, &c) == 0 && c.cfg.session_id == (uint64_t)session_id;
}

static void enforce_disconnect(struct app *app, const struct session_ref *s, int stop_cause)
{
	uint8_t mac[6];
	int rc;

	if (mac_parse(s->mac, mac) || !entry_of(app, mac, s->session_id))
		return;
	rc = gateway_kick(app, mac, NULL);
	if (rc && rc != -ENOENT)
		log_warn("gateway", "ending session failed mac=%s session=%lld cause=%d error=\"%s\"",
			 s->mac, (long long)s->session_id, stop_cause, strerror(-rc));
}

void gateway_limits_from_session(const struct session_limits *l, uint64_t used, int64_t now,
				 uint64_t session_id, struct gateway_limits *out)
{
	int64_t until = 0;
	uint64_t budget = 0;

	if (l->seconds_left != LIMIT_NONE)
		until = now + (l->seconds_left > 0 ? l->seconds_left : 0);
	if (l->end_at && (!until || l->end_at < until))
		until = l->end_at;
	if (l->bytes_total_left != LIMIT_NONE) {
		budget = used + (uint64_t)(l->bytes_total_left > 0 ? l->bytes_total_left : 0);
		if (!budget)
			budget = 1;	/* 0 would mean unlimited: nothing left stops at once */
	}
	*out = (struct gateway_limits){
		.budget = budget,
		.until = until,
		.rate_up = l->speed_up,
		.rate_down = l->speed_down,
		.idle_timeout = l->idle_timeout,
		.session_id = session_id,
	};
}

static void enforce_update(struct app *app, const struct session_ref *s,
			   const struct session_limits *l)
{
	struct gateway_client c;
	struct gateway_limits lim;
	uint8_t mac[6];
	int rc;

	if (mac_parse(s->mac, mac) || gateway_client_get(app, mac, &c) || c.cfg.session_id != (uint64_t)s->session_id)
		return;
	gateway_limits_from_session(l, c.cnt.bytes_up + c.cnt.bytes_down, time(NULL),
				    (uint64_t)s->session_id, &lim);
	rc = gateway_update(app, mac, &lim);
	if (rc)
		log_warn("gateway", "updating session limits failed mac=%s session=%lld error=\"%s\"",
			 s->mac, (long long)s->session_id, strerror(-rc));
}

void gateway_enforcer_register(struct app *app)
{
	if (!app->local.disconnect && !app->local.update)
		app->local = (struct enforcer){ .disconnect = enforce_disconnect,
						.update = enforce_update };
}

void gateway_enforcer_unregister(struct app *app)
{
	if (app->local.disconnect == enforce_disconnect)
		app->local = (struct enforcer){ 0 };
}
