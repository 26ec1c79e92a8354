/* Usage feed: what the data plane counts and stops, handed to whoever keeps the
 * guest's session. A session id in the maps is either a database session
 * (billed here by aaa/) or a remote one (REMOTE_SESSION_BIT: its accounting
 * goes to the central RADIUS server through remote_aaa/).
 *
 * - Every poll's counter growth goes to aaa_usage() (all clients of one poll in
 *   one transaction: the group commit of that loop turn) or to the remote
 *   session's totals. Billing's answer is enforced once committed: cut off
 *   (kick), or new limits (throttle, rate or bucket switch, refill).
 * - A stop the kernel made (quota, end time) is billed up to the last byte,
 *   then the session ends, unless billing finds allowance left (a top-up, the
 *   next bucket): then the client gets the new limits and goes on. An idle
 *   client removed by the gateway ends its session.
 * - At start (also after a restart or kill -9 of spotgated) the maps and the
 *   database are reconciled: the usage a dead daemon did not bill yet is
 *   billed, clients whose session is gone are removed, and running local
 *   sessions with no client in the maps are ended.
 *
 * Hooks run inside the gateway's poll, where clients must not be removed, so
 * everything that kicks or stops is queued and done at the end of the turn. */
#ifndef SPOTGATE_USAGE_FEED_H
#define SPOTGATE_USAGE_FEED_H

#include "app/app.h"

/* Registers the gateway hooks and reconciles; 0 without a data plane too. */
int usage_feed_start(struct app *app);
/* Unregisters; queued work is dropped (the maps keep the counts). NULL-safe. */
void usage_feed_stop(struct app *app);

#endif
