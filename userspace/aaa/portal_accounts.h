/* Accounts the portal makes without staff: a mobile number proven by an SMS
 * code, a click-through guest, a package bought on the portal. Kept apart
 * from aaa.c, which logs in what exists; these create or top up and bind the
 * guest's device, so the next aaa_login(LOGIN_MAC or LOGIN_ACCOUNT) finds it.
 *
 * Runs in the caller's transaction when there is one (as a savepoint), else
 * in its own. */
#ifndef SPOTGATE_AAA_PORTAL_ACCOUNTS_H
#define SPOTGATE_AAA_PORTAL_ACCOUNTS_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"

struct portal_account_req {
	const char *kind;	/* "mobile" or "user" */
	const char *username;	/* E.164 number, or a name (order reference, click id) */
	int64_t plan_id;	/* current version is used */
	const char *mac;	/* bound to the account when set */
	int topup;		/* an existing account gets the plan's bucket added */
	int64_t now;
};

/* 0 with *account_id; -ENOENT for an unknown plan, -EEXIST when the name is
 * taken and topup is off, -ENOSPC when the account has no room for another
 * bucket; a reason in err. */
int aaa_portal_account(struct app *app, const struct portal_account_req *req, int64_t *account_id, char *err,
		       size_t errlen);

#endif
