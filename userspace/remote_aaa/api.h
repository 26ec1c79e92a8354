/* The admin API of remote AAA, for spotctl and tests (docs/api.md):
 *
 *   GET  /api/v1/aaa/status               mode, servers, counters
 *   POST /api/v1/aaa/test-login           {username, password, mac, ip, start}
 *   GET  /api/v1/aaa/sessions             remote sessions open now
 *   POST /api/v1/aaa/sessions/:id/interim {bytes_up, bytes_down}
 *   POST /api/v1/aaa/sessions/:id/stop    {bytes_up, bytes_down, cause}
 *
 * The POSTs answer only when the RADIUS server has (or every retry is
 * spent), which the transport-free router (api/api.h) cannot express: these
 * routes are an h2o handler of their own that keeps the h2o_req_t and
 * responds from the RADIUS callback. They go through the same guard (admin
 * only) and write the same audit row as api_run() does. */
#ifndef SPOTGATE_REMOTE_AAA_API_H
#define SPOTGATE_REMOTE_AAA_API_H

#include <h2o.h>

#include "app/app.h"

/* Registers /api/v1/aaa on host; call before the host's "/api" route. */
void remote_aaa_api_register(h2o_hostconf_t *host, struct app *app);

#endif
