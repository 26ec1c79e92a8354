/* The daemon's own metrics: build info, start time and uptime, the RADIUS
 * server's counters, guest bytes (data plane and RADIUS accounting), and row counts of the billing tables (vouchers by
 * state, accounts, sessions online) when the schema has them. */
#ifndef SPOTGATE_METRICS_BUILTIN_H
#define SPOTGATE_METRICS_BUILTIN_H

#include "app/app.h"
#include "metrics/metrics.h"

void metrics_register_builtin(struct metrics *m, struct app *app);

#endif
