/* Purging accounts whose validity ended more than the plan's purge delay
 * ago (Endian's purge delay): the account, its devices, its sessions and its
 * voucher go; usage records stay, they are the accounting. An account still
 * online, or with postpaid invoice lines, is kept. */
#include <errno.h>
#include <stdio.h>

#include "aaa/aaa.h"
#include "store/db.h"

struct purge_job {
	int64_t now;
	int purged;
};

static int do_purge(sqlite3 *db, void *arg)
{
	static const char *const doomed =
		"SELECT id FROM accounts a WHERE purge_at IS NOT NULL AND purge_at <= ?1"
		" AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.account_id = a.id AND s.stopped_at IS NULL)"
		" AND NOT EXISTS (SELECT 1 FROM invoice_lines i WHERE i.account_id = a.id)";
	static const char *const steps[] = {
		"DELETE FROM vouchers WHERE account_id IN (%s)",
		"DELETE FROM accounts WHERE id IN (%s)",	/* devices and sessions cascade */
	};
	struct purge_job *job = arg;
	char sql[512];

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		sqlite3_stmt *st;

		snprintf(sql, sizeof(sql), steps[i], doomed);
		if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
			return -EIO;
		sqlite3_bind_int64(st, 1, job->now);
		if (sqlite3_step(st) != SQLITE_DONE) {
			db_release(st);
			return -EIO;
		}
		db_release(st);
		if (i == 1)
			job->purged = sqlite3_changes(db);
	}
	return 0;
}

int aaa_purge(struct app *app, int64_t now, int *purged)
{
	struct purge_job job = { .now = now };
	int rc = db_transaction(app->db, do_purge, &job);

	*purged = job.purged;
	return rc;
}
