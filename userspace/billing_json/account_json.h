/* The billing core's account and session state as JSON: what the database
 * keeps in accounts.state and sessions.state, and what the API shows. The
 * reading side is strict (every field typed) because the text round-trips
 * through SQLite where anything could have edited it. */
#ifndef SPOTGATE_BILLING_JSON_ACCOUNT_H
#define SPOTGATE_BILLING_JSON_ACCOUNT_H

#include <jansson.h>

#include "billing/account.h"
#include "billing/session.h"

/* The stored text (the caller frees it; NULL when out of memory), and the same as a
 * tree. */
char *account_state_text(const struct account *a);
json_t *account_state_to_json(const struct account *a);
int account_state_from_json(json_t *obj, struct account *a, char *err, size_t errlen);

char *session_state_text(const struct session *s);
json_t *session_state_to_json(const struct session *s);
int session_state_from_json(json_t *obj, struct session *s, char *err, size_t errlen);

json_t *usage_record_to_json(const struct usage_record *r);

const char *account_status_name(enum account_status status);

#endif
