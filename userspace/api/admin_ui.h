/* The web admin: static pages (portal/admin/ under [portal] dir) served at
 * /admin/ on the admin API's TCP listener. The pages are public; everything
 * they show comes from the API, which checks the login, CSRF token and role. */
#ifndef SPOTGATE_API_ADMIN_UI_H
#define SPOTGATE_API_ADMIN_UI_H

#include <h2o.h>

#include "app/app.h"

/* Registers /admin on host (the admin TCP listener's virtual host). */
void admin_ui_register(h2o_hostconf_t *host, const struct app *app);

#endif
