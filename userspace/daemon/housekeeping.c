#include "daemon/housekeeping.h"

#include <time.h>

#include "aaa/aaa.h"
#include "common/log.h"

#define HOUR_MS (3600 * 1000)
#define SECOND_MS 1000

static void hourly(struct housekeeping *h)
{
	struct app *app = h->app;
	int64_t now = time(NULL), pruned = 0;
	int purged = 0;

	if (aaa_purge(app, now, &purged) != 0)
		log_error("daemon", "purging expired accounts failed");
	else if (purged)
		log_info("daemon", "purged expired accounts count=%d", purged);
	if (app->cfg.sites_retention_days > 0 &&
	    sites_prune(app->db, now - app->cfg.sites_retention_days * 86400, &pruned) == 0 && pruned)
		log_info("daemon", "pruned the sites-visited log count=%lld", (long long)pruned);
}

static void flush_sites(struct housekeeping *h)
{
	if (h->app->sites && sites_log_flush(h->app->sites, h->app->db) != 0)
		log_error("daemon", "writing the sites-visited log failed; kept for the next second");
}

static void on_hourly(h2o_timeout_entry_t *entry)
{
	struct housekeeping *h = H2O_STRUCT_FROM_MEMBER(struct housekeeping, hourly_entry, entry);

	hourly(h);
	h2o_timeout_link(h->app->loop, &h->hourly, &h->hourly_entry);
}

static void on_second(h2o_timeout_entry_t *entry)
{
	struct housekeeping *h = H2O_STRUCT_FROM_MEMBER(struct housekeeping, second_entry, entry);

	flush_sites(h);
	h2o_timeout_link(h->app->loop, &h->second, &h->second_entry);
}

void housekeeping_start(struct housekeeping *h, struct app *app)
{
	h->app = app;
	if (app->cfg.sites_retention_days > 0)
		app->sites = &h->sites;
	h2o_timeout_init(app->loop, &h->hourly, HOUR_MS);
	h2o_timeout_init(app->loop, &h->second, SECOND_MS);
	h->hourly_entry = (h2o_timeout_entry_t){ .cb = on_hourly };
	h->second_entry = (h2o_timeout_entry_t){ .cb = on_second };
	hourly(h);
	h2o_timeout_link(app->loop, &h->hourly, &h->hourly_entry);
	h2o_timeout_link(app->loop, &h->second, &h->second_entry);
}

void housekeeping_stop(struct housekeeping *h)
{
	flush_sites(h);
	h->app->sites = NULL;
	sites_log_free(&h->sites);
	for (int i = 0; i < 2; i++) {
		h2o_timeout_entry_t *e = i ? &h->second_entry : &h->hourly_entry;

		if (h2o_timeout_is_linked(e))
			h2o_timeout_unlink(e);
	}
	h2o_timeout_dispose(h->app->loop, &h->hourly);
	h2o_timeout_dispose(h->app->loop, &h->second);
}
