#include "app/group_commit.h"

#include <errno.h>
#include <stdlib.h>

#include "common/log.h"
#include "store/db.h"

struct waiter {
	group_commit_cb fn;
	void *arg;
};

struct group_commit {
	h2o_evloop_t *loop;
	sqlite3 *db;
	bool open;
	/* a zero timeout runs once the loop has handled every ready socket of
	 * this turn: that is when the group ends */
	h2o_timeout_t end_of_turn;
	h2o_timeout_entry_t entry;
	struct waiter *waiters;
	size_t n, cap;
};

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
	return gc;
}

void group_commit_free(struct group_commit *gc)
{
	if (!gc)
		return;
	group_commit_flush(gc);
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
	if (db_run(gc->db, "COMMIT") != 0) {
		log_error("db", "group commit failed, %zu answers get an error: %s", gc->n, sqlite3_errmsg(gc->db));
		db_run(gc->db, "ROLLBACK");
		committed = false;
	}
	/* a callback may join the next group: take this group's list first */
	size_t n = gc->n;
	struct waiter *w = gc->waiters;

	gc->waiters = NULL;
	gc->n = gc->cap = 0;
	for (size_t i = 0; i < n; i++)
		w[i].fn(w[i].arg, committed);
	free(w);
}
