/* Billing's decisions for sessions on external NAS devices: a
 * Disconnect-Request when a session must end (quota, validity, admin kick)
 * and a CoA-Request with new rates (fair use, schedule switch), sent to the
 * NAS's CoA port with retries and back-off; each outcome (ACK, NAK with its
 * Error-Cause, timeout) is recorded in coa_requests. */
#ifndef SPOTGATE_RADIUSD_COA_H
#define SPOTGATE_RADIUSD_COA_H

#include "app/app.h"
#include "radius_client/timers.h"

struct coa_sender {
	struct app *app;
	struct radius_client_timers timers;
};

/* Registers as app->nas. */
void coa_sender_init(struct coa_sender *s, struct app *app);

#endif
