/* Work the daemon does on a clock: writing the sites-visited log every
 * second, and every hour purging expired accounts and pruning the log past
 * its retention (both also once at start-up). */
#ifndef SPOTGATE_HOUSEKEEPING_H
#define SPOTGATE_HOUSEKEEPING_H

#include <h2o.h>

#include "app/app.h"
#include "store/sites.h"

struct housekeeping {
	struct app *app;
	struct sites_log sites;
	h2o_timeout_t hourly, second;
	h2o_timeout_entry_t hourly_entry, second_entry;
};

void housekeeping_start(struct housekeeping *h, struct app *app);
/* Writes what is queued and stops the timers. */
void housekeeping_stop(struct housekeeping *h);

#endif
