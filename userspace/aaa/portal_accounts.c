#include "aaa/portal_accounts.h"
#include "aaa/zones.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "billing/account.h"
#include "store/account.h"
#include "store/db.h"
#include "store/plan.h"

struct job {
	struct app *app;
	const struct portal_account_req *req;
	int64_t account_id;
	char *err;
	size_t errlen;
};

/* the plan's fresh account: its bucket and validity are what a top-up adds */
static int open_on_plan(struct job *job, const struct plan *plan, int64_t location_id, struct account *a)
{
	int64_t bucket_id;

	if (account_new_bucket_id(job->app->db, &bucket_id))
		return -EIO;
	if (account_open(a, plan, aaa_zone(job->app, location_id), 0, bucket_id, NULL, job->req->now, job->err, job->errlen))
		return -EINVAL;
	return 0;
}

static int run(sqlite3 *db, void *arg)
{
	struct job *job = arg;
	const struct portal_account_req *req = job->req;
	struct plan plan;
	struct plan_meta meta;
	struct account_row row;
	struct account fresh;
	int64_t id = 0;
	int rc;

	if (plan_load(db, req->plan_id, 0, &plan, &meta) != 0 || meta.retired_at) {
		snprintf(job->err, job->errlen, "plan %lld does not exist", (long long)req->plan_id);
		return -ENOENT;
	}
	if ((rc = open_on_plan(job, &plan, meta.location_id ? meta.location_id : 1, &fresh)))
		return rc;
	if (account_find(db, req->username, &id) == 0) {
		if (!req->topup) {
			snprintf(job->err, job->errlen, "%s already has an account", req->username);
			return -EEXIST;
		}
		if (account_load(db, id, &row) != 0)
			return -EIO;
		/* the bought package's buckets join the account; its use may go on
		 * at least as long as the package alone would */
		for (uint32_t i = 0; i < fresh.nbuckets; i++)
			if ((rc = account_add_bucket(&row.state, &fresh.buckets[i], req->now, job->err, job->errlen)))
				return rc == -ENOSPC ? -ENOSPC : -EINVAL;
		if (row.state.use_until && (!fresh.use_until || fresh.use_until > row.state.use_until))
			row.state.use_until = fresh.use_until;
		if (row.state.valid_until && (!fresh.valid_until || fresh.valid_until > row.state.valid_until))
			row.state.valid_until = fresh.valid_until;
		if ((rc = account_save_state(db, &row)))
			return rc;
	} else {
		row = (struct account_row){ .location_id = meta.location_id ? meta.location_id : 1,
					    .plan_id = plan.id, .plan_version = plan.version,
					    .created_at = req->now, .state = fresh };
		snprintf(row.kind, sizeof(row.kind), "%s", req->kind);
		snprintf(row.username, sizeof(row.username), "%s", req->username);
		if ((rc = account_insert(db, &row)))
			return rc;
		id = row.id;
	}
	if (req->mac && (rc = device_bind(db, id, req->mac, req->now)))
		return rc;
	job->account_id = id;
	return 0;
}

int aaa_portal_account(struct app *app, const struct portal_account_req *req, int64_t *account_id, char *err,
		       size_t errlen)
{
	struct job job = { app, req, 0, err, errlen };
	int rc;

	err[0] = '\0';
	rc = db_transaction(app->db, run, &job);
	if (rc == 0)
		*account_id = job.account_id;
	return rc;
}
