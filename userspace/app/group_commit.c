#include "app/group_commit.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "common/log.h"
#include "store/db.h"

struct waiter {
	group_commit_cb fn;
	void *arg;
};

/* SQLite copies the WAL into the database once it holds this many pages (its
 * own automatic checkpoint's default) */
#define CHECKPOINT_PAGES 1000

struct group_commit {
	h2o_evloop_t *loop;
	sqlite3 *db;
	bool open;
	bool committing;	/* in the group's COMMIT */
	bool checkpoint_due;	/* once the group's answers are out */
	struct timespec commit_started;
	bool commit_pending;	/* between SQLite's commit and WAL hooks */
	group_commit_timed timed;
	void *timed_arg;
	/* a zero timeout runs once the loop has handled every ready socket of
	 * this turn: that is when the group ends */
	h2o_timeout_t end_of_turn;
	h2o_timeout_entry_t entry;
	struct waiter *waiters;
	size_t n, cap;
};

static int on_commit(void *arg)
{
	struct group_commit *gc = arg;

	clock_gettime(CLOCK_MONOTONIC, &gc->commit_started);
	gc->commit_pending = true;
	return 0;	/* 0: go ahead and commit */
}

/* The end of every commit on the connection, the group's or not. This takes
 * the place of SQLite's automatic checkpoint (a WAL hook too), at the same
 * size. A checkpoint copies hundreds of pages into the database: in the
 * group's COMMIT it would hold back every answer of the group, so there it
 * waits until they are out. */
static int on_wal(void *arg, sqlite3 *db, const char *name, int pages)
{
	struct group_commit *gc = arg;

	if (gc->commit_pending && gc->timed) {
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		gc->timed(gc->timed_arg, (double)(now.tv_sec - gc->commit_started.tv_sec) +
						 (double)(now.tv_nsec - gc->commit_started.tv_nsec) / 1e9);
	}
	gc->commit_pending = false;
	if (pages < CHECKPOINT_PAGES)
		return SQLITE_OK;
	if (gc->committing)
		gc->checkpoint_due = true;
	else
		sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return SQLITE_OK;
}

static void on_end_of_turn(h2o_timeout_entry_t *entry)
{
	struct group_commit *gc = H2O_STRUCT_FROM_MEMBER(struct group_commit, entry, entry);

	group_commit_flush(gc);
}

struct group_commit *group_commit_new(h2o_evloop_t *loop, sqlite3 *db)
{
	struct group_commit *gc = calloc(1, sizeof(*gc));

	if (!gc)
		return NULL;
	gc->loop = loop;
	gc->db = db;
	gc->entry.cb = on_end_of_turn;
	h2o_timeout_init(loop, &gc->end_of_turn, 0);
	sqlite3_commit_hook(db, on_commit, gc);
	sqlite3_wal_hook(db, on_wal, gc);
	return gc;
}

void group_commit_time(struct group_commit *gc, group_commit_timed fn, void *arg)
{
	gc->timed = fn;
	gc->timed_arg = arg;
}

void group_commit_free(struct group_commit *gc)
{
	if (!gc)
		return;
	group_commit_flush(gc);
	sqlite3_commit_hook(gc->db, NULL, NULL);
	sqlite3_wal_hook(gc->db, NULL, NULL);
	sqlite3_wal_autocheckpoint(gc->db, CHECKPOINT_PAGES);	/* SQLite's own again */
	h2o_timeout_dispose(gc->loop, &gc->end_of_turn);
	free(gc->waiters);
	free(gc);
}

int group_commit_join(struct group_commit *gc)
{
	if (!gc)
		return -ENODEV;
	if (gc->open)
		return 0;
	/* someone else's transaction (an admin request) is running: leave it be */
	if (!sqlite3_get_autocommit(gc->db) || db_run(gc->db, "BEGIN IMMEDIATE") != 0) {
		log_warn("db", "cannot begin a group transaction: %s", sqlite3_errmsg(gc->db));
		return -EIO;
	}
	gc->open = true;
	if (!h2o_timeout_is_linked(&gc->entry))
		h2o_timeout_link(gc->loop, &gc->end_of_turn, &gc->entry);
	return 0;
}

bool group_commit_active(const struct group_commit *gc)
{
	return gc && gc->open;
}

int group_commit_after(struct group_commit *gc, group_commit_cb fn, void *arg)
{
	if (!group_commit_active(gc)) {
		fn(arg, true);
		return 0;
	}
	if (gc->n == gc->cap) {
		size_t cap = gc->cap ? gc->cap * 2 : 64;
		struct waiter *w = realloc(gc->waiters, cap * sizeof(*w));

		if (!w)
			return -ENOMEM;
		gc->waiters = w;
		gc->cap = cap;
	}
	gc->waiters[gc->n++] = (struct waiter){ fn, arg };
	return 0;
}

void group_commit_flush(struct group_commit *gc)
{
	bool committed = true;

	if (!gc)
		return;
	if (h2o_timeout_is_linked(&gc->entry))
		h2o_timeout_unlink(&gc->entry);
	if (!gc->open)
		return;
	gc->open = false;
	gc->committing = true;
	if (db_run(gc->db, "COMMIT") != 0) {
		log_error("db", "group commit failed, %zu answers get an error: %s", gc->n, sqlite3_errmsg(gc->db));
		db_run(gc->db, "ROLLBACK");
		committed = false;
	}
	gc->committing = false;
	/* a callback may join the next group: take this group's list first */
	size_t n = gc->n;
	struct waiter *w = gc->waiters;

	gc->waiters = NULL;
	gc->n = gc->cap = 0;
	for (size_t i = 0; i < n; i++)
		w[i].fn(w[i].arg, committed);
	free(w);
	/* not while a callback's new group is open: then after that one */
	if (gc->checkpoint_due && sqlite3_get_autocommit(gc->db)) {
		gc->checkpoint_due = false;
		sqlite3_wal_checkpoint_v2(gc->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	}
}
