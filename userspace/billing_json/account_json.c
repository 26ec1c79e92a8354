#include "billing_json/account_json.h"

#include <errno.h>
#include <string.h>

#include "billing_json/reader.h"

static const char *const status_names[] = { "active", "suspended", NULL };
static const char *const kind_names[] = { "free", "paid", NULL };
static const char *const refill_names[] = { "none", "add", "overwrite", NULL };
static const char *const period_names[] = { "none", "day", "week", "month", "year", NULL };

const char *account_status_name(enum account_status status)
{
	return status_names[status];
}

static json_t *bucket_json(const struct bucket *b)
{
	const struct bucket_refill *r = &b->refill;

	return json_pack("{s:I, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:b, s:{s:s, s:{s:s, s:I, s:b}, s:I, s:I, s:I, s:I, s:I}}",
			 "id", (json_int_t)b->id, "kind", kind_names[b->kind], "plan", (json_int_t)b->plan_id,
			 "plan_version", (json_int_t)b->plan_version, "time_left", (json_int_t)b->time_left,
			 "data_left", (json_int_t)b->data_left, "valid_from", (json_int_t)b->valid_from,
			 "valid_until", (json_int_t)b->valid_until, "cyclic", b->cyclic,
			 "refill", "mode", refill_names[r->mode], "period", "unit", period_names[r->period.unit],
			 "count", (json_int_t)r->period.count, "aligned", r->period.aligned,
			 "anchor", (json_int_t)r->anchor, "time_amount", (json_int_t)r->time_amount,
			 "data_amount", (json_int_t)r->data_amount, "applied_index", (json_int_t)r->applied_index,
			 "last_index", (json_int_t)r->last_index);
}

json_t *account_state_to_json(const struct account *a)
{
	json_t *buckets = json_array();

	for (uint32_t i = 0; i < a->nbuckets; i++)
		json_array_append_new(buckets, bucket_json(&a->buckets[i]));
	return json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:{s:I, s:I, s:I},"
			 " s:{s:I, s:I, s:I, s:I, s:I, s:I}}",
			 "status", status_names[a->status], "created", (json_int_t)a->created,
			 "valid_from", (json_int_t)a->valid_from, "valid_until", (json_int_t)a->valid_until,
			 "first_login", (json_int_t)a->first_login, "use_until", (json_int_t)a->use_until,
			 "purge_delay", (json_int_t)a->purge_delay, "buckets", buckets,
			 "fair_use", "anchor", (json_int_t)a->fairuse.anchor, "period_index",
			 (json_int_t)a->fairuse.period_index, "used_bytes", (json_int_t)a->fairuse.used_bytes,
			 "ledger", "since", (json_int_t)a->ledger.since, "until", (json_int_t)a->ledger.until,
			 "seconds", (json_int_t)a->ledger.seconds, "bytes", (json_int_t)a->ledger.bytes,
			 "amount", (json_int_t)a->ledger.amount, "sessions", (json_int_t)a->ledger.sessions);
}

#define ANY INT64_MIN, INT64_MAX

static int read_bucket(struct reader *parent, json_t *v, unsigned i, struct bucket *b)
{
	struct reader r, refill, period;
	char name[16];
	int kind = 0, mode = 0, unit = 0;
	int64_t version = 0, count = 0;
	json_t *rv, *pv;

	snprintf(name, sizeof(name), "[%u]", i);
	reader_child(parent, &r, v, name);
	memset(b, 0, sizeof(*b));
	rv = json_object_get(v, "refill");
	pv = json_object_get(rv, "period");
	if (!json_is_object(v) || !json_is_object(rv) || !json_is_object(pv))
		return reader_fail(&r, "", "bucket must be an object with a refill and its period");
	reader_child(&r, &refill, rv, "refill");
	reader_child(&refill, &period, pv, "period");
	if (read_int(&r, "id", ANY, &b->id) || read_enum(&r, "kind", kind_names, &kind) ||
	    read_int(&r, "plan", ANY, &b->plan_id) || read_int(&r, "plan_version", 0, UINT32_MAX, &version) ||
	    read_int(&r, "time_left", ANY, &b->time_left) || read_int(&r, "data_left", ANY, &b->data_left) ||
	    read_int(&r, "valid_from", ANY, &b->valid_from) || read_int(&r, "valid_until", ANY, &b->valid_until) ||
	    read_bool(&r, "cyclic", &b->cyclic) || read_enum(&refill, "mode", refill_names, &mode) ||
	    read_int(&refill, "anchor", ANY, &b->refill.anchor) ||
	    read_int(&refill, "time_amount", ANY, &b->refill.time_amount) ||
	    read_int(&refill, "data_amount", ANY, &b->refill.data_amount) ||
	    read_int(&refill, "applied_index", ANY, &b->refill.applied_index) ||
	    read_int(&refill, "last_index", ANY, &b->refill.last_index) ||
	    read_enum(&period, "unit", period_names, &unit) || read_int(&period, "count", 0, UINT32_MAX, &count) ||
	    read_bool(&period, "aligned", &b->refill.period.aligned))
		return -EINVAL;
	b->kind = (enum bucket_kind)kind;
	b->plan_version = (uint32_t)version;
	b->refill.mode = (enum refill_mode)mode;
	b->refill.period.unit = (enum period_unit)unit;
	b->refill.period.count = (uint32_t)count;
	return 0;
}

int account_state_from_json(json_t *obj, struct account *a, char *err, size_t errlen)
{
	char field[96];
	struct reader r, list, fair, ledger;
	json_t *buckets = json_object_get(obj, "buckets"), *item;
	int status = 0;
	int64_t sessions = 0;
	size_t i;

	reader_init(&r, obj, "", field, sizeof(field), err, errlen);
	memset(a, 0, sizeof(*a));
	if (!json_is_object(obj) || !json_is_array(buckets) || json_array_size(buckets) > ACCOUNT_MAX_BUCKETS ||
	    !json_is_object(json_object_get(obj, "fair_use")) || !json_is_object(json_object_get(obj, "ledger")))
		return reader_fail(&r, "", "account state is not an object with buckets, fair_use and ledger");
	reader_child(&r, &fair, json_object_get(obj, "fair_use"), "fair_use");
	reader_child(&r, &ledger, json_object_get(obj, "ledger"), "ledger");
	if (read_enum(&r, "status", status_names, &status) || read_int(&r, "created", ANY, &a->created) ||
	    read_int(&r, "valid_from", ANY, &a->valid_from) || read_int(&r, "valid_until", ANY, &a->valid_until) ||
	    read_int(&r, "first_login", ANY, &a->first_login) || read_int(&r, "use_until", ANY, &a->use_until) ||
	    read_int(&r, "purge_delay", ANY, &a->purge_delay) ||
	    read_int(&fair, "anchor", ANY, &a->fairuse.anchor) ||
	    read_int(&fair, "period_index", ANY, &a->fairuse.period_index) ||
	    read_int(&fair, "used_bytes", ANY, &a->fairuse.used_bytes) ||
	    read_int(&ledger, "since", ANY, &a->ledger.since) || read_int(&ledger, "until", ANY, &a->ledger.until) ||
	    read_int(&ledger, "seconds", ANY, &a->ledger.seconds) || read_int(&ledger, "bytes", ANY, &a->ledger.bytes) ||
	    read_int(&ledger, "amount", ANY, &a->ledger.amount) ||
	    read_int(&ledger, "sessions", 0, UINT32_MAX, &sessions))
		return -EINVAL;
	a->status = (enum account_status)status;
	a->ledger.sessions = (uint32_t)sessions;
	reader_child(&r, &list, buckets, "buckets");
	json_array_foreach(buckets, i, item)
		if (read_bucket(&list, item, (unsigned)i, &a->buckets[i]))
			return -EINVAL;
	a->nbuckets = (uint32_t)json_array_size(buckets);
	return 0;
}

json_t *usage_record_to_json(const struct usage_record *u)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I, s:i, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:s, s:s}",
			 "session", (json_int_t)u->session_id, "account", (json_int_t)u->account_id,
			 "plan", (json_int_t)u->plan_id, "plan_version", (json_int_t)u->plan_version,
			 "bucket", (json_int_t)u->bucket_id, "rate", u->rate, "start", (json_int_t)u->start,
			 "stop", (json_int_t)u->stop, "seconds", (json_int_t)u->seconds,
			 "bytes_up", (json_int_t)u->bytes_up, "bytes_down", (json_int_t)u->bytes_down,
			 "charge", (json_int_t)u->charge, "currency", u->currency, "cause", cdr_cause_name(u->cause),
			 "stop_cause", stop_cause_name(u->stop_cause));
}

json_t *session_state_to_json(const struct session *s)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:i, s:i, s:b, s:o, s:I, s:I, s:I, s:I}",
			 "id", (json_int_t)s->id, "account", (json_int_t)s->account_id,
			 "started", (json_int_t)s->started, "last", (json_int_t)s->last, "bucket", s->bucket,
			 "rate", s->rate, "throttled", s->throttled, "open", usage_record_to_json(&s->open),
			 "seconds", (json_int_t)s->seconds, "bytes_up", (json_int_t)s->bytes_up,
			 "bytes_down", (json_int_t)s->bytes_down, "charge", (json_int_t)s->charge);
}

static const char *cdr_name(int i)
{
	return cdr_cause_name((enum cdr_cause)i);
}

static const char *stop_name(int i)
{
	return stop_cause_name((enum stop_cause)i);
}

/* a cause written by name(); absent (states saved before it was read) = 0 */
static int cause_read(struct reader *r, const char *key, const char *(*name)(int), int last, int *out)
{
	const char *text = json_string_value(json_object_get(r->obj, key));

	*out = 0;
	if (!json_object_get(r->obj, key))
		return 0;
	for (int i = 0; text && i <= last; i++)
		if (!strcmp(text, name(i))) {
			*out = i;
			return 0;
		}
	return reader_fail(r, key, "not a known cause");
}

int session_state_from_json(json_t *obj, struct session *s, char *err, size_t errlen)
{
	char field[96];
	struct reader r, open;
	int64_t bucket = 0, rate = 0, orate = 0, version = 0;
	int cause, stop;
	json_t *o = json_object_get(obj, "open");
	const char *currency = json_string_value(json_object_get(o, "currency"));

	reader_init(&r, obj, "", field, sizeof(field), err, errlen);
	memset(s, 0, sizeof(*s));
	if (!json_is_object(obj) || !json_is_object(o))
		return reader_fail(&r, "", "session state is not an object with an open record");
	reader_child(&r, &open, o, "open");
	if (read_int(&r, "id", ANY, &s->id) || read_int(&r, "account", ANY, &s->account_id) ||
	    read_int(&r, "started", ANY, &s->started) || read_int(&r, "last", ANY, &s->last) ||
	    read_int(&r, "bucket", -1, ACCOUNT_MAX_BUCKETS, &bucket) || read_int(&r, "rate", -1, RATING_MAX_SCHEDULES, &rate) ||
	    read_bool(&r, "throttled", &s->throttled) || read_int(&r, "seconds", ANY, &s->seconds) ||
	    read_int(&r, "bytes_up", ANY, &s->bytes_up) || read_int(&r, "bytes_down", ANY, &s->bytes_down) ||
	    read_int(&r, "charge", ANY, &s->charge) || read_int(&open, "session", ANY, &s->open.session_id) ||
	    read_int(&open, "account", ANY, &s->open.account_id) || read_int(&open, "plan", ANY, &s->open.plan_id) ||
	    read_int(&open, "plan_version", 0, UINT32_MAX, &version) ||
	    read_int(&open, "bucket", ANY, &s->open.bucket_id) || read_int(&open, "rate", -1, RATING_MAX_SCHEDULES, &orate) ||
	    read_int(&open, "start", ANY, &s->open.start) || read_int(&open, "stop", ANY, &s->open.stop) ||
	    read_int(&open, "seconds", ANY, &s->open.seconds) || read_int(&open, "bytes_up", ANY, &s->open.bytes_up) ||
	    read_int(&open, "bytes_down", ANY, &s->open.bytes_down) || read_int(&open, "charge", ANY, &s->open.charge))
		return -EINVAL;
	s->bucket = (int)bucket;
	s->rate = (int)rate;
	s->open.rate = (int)orate;
	s->open.plan_version = (uint32_t)version;
	snprintf(s->open.currency, sizeof(s->open.currency), "%s", currency ? currency : "");
	if (cause_read(&open, "cause", cdr_name, CDR_STOP, &cause) ||
	    cause_read(&open, "stop_cause", stop_name, STOP_NAS, &stop))
		return -EINVAL;
	s->open.cause = (enum cdr_cause)cause;
	s->open.stop_cause = (enum stop_cause)stop;
	return 0;
}
