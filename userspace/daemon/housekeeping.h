#ifndef SPOTGATE_HOUSEKEEPING_H
#define SPOTGATE_HOUSEKEEPING_H

#include <h2o.h>

#include "app/app.h"

struct housekeeping {
	struct app *app;
	h2o_timeout_t timeout;
	h2o_timeout_entry_t entry;
};

void housekeeping_start(struct housekeeping *h, struct app *app);
void housekeeping_stop(struct housekeeping *h);

#endif
