/* Group commit. The writes of everything handled in one turn of the event
 * loop (portal logins, RADIUS requests) go into one transaction, committed
 * at the end of the turn: one fsync for the group instead of one each. No one
 * is answered before the group is durable: answers wait as callbacks that
 * run after the commit (committed = true) or after a failed commit was
 * rolled back (committed = false: answer with an error, undo side effects).
 *
 * Handlers keep calling db_transaction(): inside the group it nests as a
 * savepoint, so one handler's failure still rolls back only its own work. */
#ifndef SPOTGATE_GROUP_COMMIT_H
#define SPOTGATE_GROUP_COMMIT_H

#include <h2o.h>
#include <sqlite3.h>
#include <stdbool.h>

typedef void (*group_commit_cb)(void *arg, bool committed);
typedef void (*group_commit_timed)(void *arg, double seconds);

struct group_commit;

/* Takes db's commit and WAL hooks: it times commits (group_commit_time) and
 * checkpoints the WAL, after the group's answers when it is the group's
 * commit that fills it. */
struct group_commit *group_commit_new(h2o_evloop_t *loop, sqlite3 *db);
/* Commits what is open, gives db its hooks back, then frees. */
void group_commit_free(struct group_commit *gc);

/* fn(arg, seconds) after every commit on db, with how long SQLite took (WAL
 * append and fsync). */
void group_commit_time(struct group_commit *gc, group_commit_timed fn, void *arg);

/* Opens the turn's transaction unless it is open. -EIO when it cannot
 * (callers then work as without a group: their own transactions commit). A
 * NULL gc (unit tests) is -ENODEV. */
int group_commit_join(struct group_commit *gc);

/* Whether a group transaction is open: answers must wait for it. */
bool group_commit_active(const struct group_commit *gc);

/* Runs fn after the open group ends, in the order registered; at once with
 * committed = true when no group is open. -ENOMEM when it cannot be queued
 * (fn is not called). */
int group_commit_after(struct group_commit *gc, group_commit_cb fn, void *arg);

/* Ends the group now (a batch is full): commit, then the callbacks. */
void group_commit_flush(struct group_commit *gc);

#endif
