/* Serves the admin API (api_dispatch) on an h2o host under /api/. */
#ifndef SPOTGATE_API_HTTP_H
#define SPOTGATE_API_HTTP_H

#include <h2o.h>

#include "app/app.h"

void api_http_register(h2o_hostconf_t *host, struct app *app);

#endif
