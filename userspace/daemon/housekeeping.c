/* Work the daemon does on a clock: purging expired accounts every hour (and
 * once at start-up). */
#include <time.h>

#include "aaa/aaa.h"
#include "common/log.h"
#include "daemon/housekeeping.h"

#define PURGE_EVERY_MS (3600 * 1000)

static void purge(struct housekeeping *h)
{
	int purged = 0;

	if (aaa_purge(h->app, time(NULL), &purged) != 0)
		log_error("daemon", "purging expired accounts failed");
	else if (purged)
		log_info("daemon", "purged expired accounts count=%d", purged);
}

static void on_timer(h2o_timeout_entry_t *entry)
{
	struct housekeeping *h = H2O_STRUCT_FROM_MEMBER(struct housekeeping, entry, entry);

	purge(h);
	h2o_timeout_link(h->app->loop, &h->timeout, &h->entry);
}

void housekeeping_start(struct housekeeping *h, struct app *app)
{
	h->app = app;
	h2o_timeout_init(app->loop, &h->timeout, PURGE_EVERY_MS);
	h->entry = (h2o_timeout_entry_t){ .cb = on_timer };
	purge(h);
	h2o_timeout_link(app->loop, &h->timeout, &h->entry);
}

void housekeeping_stop(struct housekeeping *h)
{
	if (h2o_timeout_is_linked(&h->entry))
		h2o_timeout_unlink(&h->entry);
	h2o_timeout_dispose(h->app->loop, &h->timeout);
}
