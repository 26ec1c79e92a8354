/* The guest captive portal on spotgated's HTTP loop (docs/portal.md).
 *
 * Redirected web requests (the data plane DNATs an unauthorized client's
 * TCP/80 to the portal listener) arrive with a foreign Host; they get a 302
 * to the portal carrying the original URL, after a device bound to an active
 * account was let through again by its MAC. On the portal's own host it
 * serves the login page with the methods the configuration chooses, the
 * SMS-code flow, the status page, logout, buying a package, and the RFC 8908
 * API. A login commits in aaa_login, then the device's MAC is authorized in
 * the data plane (gateway_authorize), then the guest hears about it. */
#ifndef SPOTGATE_PORTAL_H
#define SPOTGATE_PORTAL_H

#include <h2o.h>
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

/* Loads templates and catalogs from [portal] dir/<template>, checks the
 * settings, starts the SMS driver, registers the routes on host (before
 * http_server_start) and sets app->portal. 0 or -errno with err. */
int portal_start(struct app *app, h2o_hostconf_t *host, char *err, size_t errlen);
void portal_stop(struct app *app);

/* The location the portal serves ([portal] location); 1 without a portal. */
int64_t portal_location(const struct app *app);

/* Orders (for the admin API and spotctl order): confirm a pending front-desk
 * order by reference, which creates or tops up the guest's account and binds
 * the device; the device is let through at its next portal request (the
 * order page reloads itself). *out gets the order as JSON. -ENOENT, -EALREADY
 * when it is not pending. Runs in the caller's transaction. */
int portal_order_confirm(struct app *app, const char *reference, const char *by, int64_t now, char *err,
			 size_t errlen);
/* {reference, provider, plan, price, currency, mac, state, created_at, paid_at, account} */
/* -ENOENT when there is no such order. */
int portal_order_get(struct app *app, const char *reference, json_t **out);
/* state NULL = every state; newest first, at most limit. */
int portal_order_list(struct app *app, const char *state, int64_t limit, json_t **out);

#endif
