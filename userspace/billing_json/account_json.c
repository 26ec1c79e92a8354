#include "billing_json/account_json.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "billing_json/reader.h"
#include "billing_json/writer.h"

static const char *const status_names[] = { "active", "suspended", NULL };
static const char *const kind_names[] = { "free", "paid", NULL };
static const char *const refill_names[] = { "none", "add", "overwrite", NULL };
static const char *const period_names[] = { "none", "day", "week", "month", "year", NULL };

const char *account_status_name(enum account_status status)
{
	return status_names[status];
}

static void bucket_text(struct json_writer *w, const struct bucket *b)
{
	const struct bucket_refill *r = &b->refill;

	json_writer_open(w, NULL, '{');
	json_writer_int(w, "id", b->id);
	json_writer_string(w, "kind", kind_names[b->kind]);
	json_writer_int(w, "plan", b->plan_id);
	json_writer_int(w, "plan_version", b->plan_version);
	json_writer_int(w, "time_left", b->time_left);
	json_writer_int(w, "data_left", b->data_left);
	json_writer_int(w, "valid_from", b->valid_from);
	json_writer_int(w, "valid_until", b->valid_until);
	json_writer_bool(w, "cyclic", b->cyclic);
	json_writer_open(w, "refill", '{');
	json_writer_string(w, "mode", refill_names[r->mode]);
	json_writer_open(w, "period", '{');
	json_writer_string(w, "unit", period_names[r->period.unit]);
	json_writer_int(w, "count", r->period.count);
	json_writer_bool(w, "aligned", r->period.aligned);
	json_writer_close(w, '}');
	json_writer_int(w, "anchor", r->anchor);
	json_writer_int(w, "time_amount", r->time_amount);
	json_writer_int(w, "data_amount", r->data_amount);
	json_writer_int(w, "applied_index", r->applied_index);
	json_writer_int(w, "last_index", r->last_index);
	json_writer_close(w, '}');
	json_writer_close(w, '}');
}

char *account_state_text(const struct account *a)
{
	struct json_writer w = { 0 };

	json_writer_open(&w, NULL, '{');
	json_writer_string(&w, "status", status_names[a->status]);
	json_writer_int(&w, "created", a->created);
	json_writer_int(&w, "valid_from", a->valid_from);
	json_writer_int(&w, "valid_until", a->valid_until);
	json_writer_int(&w, "first_login", a->first_login);
	json_writer_int(&w, "use_until", a->use_until);
	json_writer_int(&w, "purge_delay", a->purge_delay);
	json_writer_open(&w, "buckets", '[');
	for (uint32_t i = 0; i < a->nbuckets; i++)
		bucket_text(&w, &a->buckets[i]);
	json_writer_close(&w, ']');
	json_writer_open(&w, "fair_use", '{');
	json_writer_int(&w, "anchor", a->fairuse.anchor);
	json_writer_int(&w, "period_index", a->fairuse.period_index);
	json_writer_int(&w, "used_bytes", a->fairuse.used_bytes);
	json_writer_close(&w, '}');
	json_writer_open(&w, "ledger", '{');
	json_writer_int(&w, "since", a->ledger.since);
	json_writer_int(&w, "until", a->ledger.until);
	json_writer_int(&w, "seconds", a->ledger.seconds);
	json_writer_int(&w, "bytes", a->ledger.bytes);
	json_writer_int(&w, "amount", a->ledger.amount);
	json_writer_int(&w, "sessions", a->ledger.sessions);
	json_writer_close(&w, '}');
	json_writer_close(&w, '}');
	return json_writer_finish(&w);
}

/* the tree for the API: the same text, parsed (one layout, written once) */
static json_t *parsed(char *text)
{
	json_t *o = text ? json_loads(text, 0, NULL) : NULL;

	free(text);
	return o;
}

json_t *account_state_to_json(const struct account *a)
{
	return parsed(account_state_text(a));
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

static void usage_record_text(struct json_writer *w, const char *key, const struct usage_record *u)
{
	json_writer_open(w, key, '{');
	json_writer_int(w, "session", u->session_id);
	json_writer_int(w, "account", u->account_id);
	json_writer_int(w, "plan", u->plan_id);
	json_writer_int(w, "plan_version", u->plan_version);
	json_writer_int(w, "bucket", u->bucket_id);
	json_writer_int(w, "rate", u->rate);
	json_writer_int(w, "start", u->start);
	json_writer_int(w, "stop", u->stop);
	json_writer_int(w, "seconds", u->seconds);
	json_writer_int(w, "bytes_up", u->bytes_up);
	json_writer_int(w, "bytes_down", u->bytes_down);
	json_writer_int(w, "charge", u->charge);
	json_writer_string(w, "currency", u->currency);
	json_writer_string(w, "cause", cdr_cause_name(u->cause));
	json_writer_string(w, "stop_cause", stop_cause_name(u->stop_cause));
	json_writer_close(w, '}');
}

json_t *usage_record_to_json(const struct usage_record *u)
{
	struct json_writer w = { 0 };

	usage_record_text(&w, NULL, u);
	return parsed(json_writer_finish(&w));
}

char *session_state_text(const struct session *s)
{
	struct json_writer w = { 0 };

	json_writer_open(&w, NULL, '{');
	json_writer_int(&w, "id", s->id);
	json_writer_int(&w, "account", s->account_id);
	json_writer_int(&w, "started", s->started);
	json_writer_int(&w, "last", s->last);
	json_writer_int(&w, "bucket", s->bucket);
	json_writer_int(&w, "rate", s->rate);
	json_writer_bool(&w, "throttled", s->throttled);
	usage_record_text(&w, "open", &s->open);
	json_writer_int(&w, "seconds", s->seconds);
	json_writer_int(&w, "bytes_up", s->bytes_up);
	json_writer_int(&w, "bytes_down", s->bytes_down);
	json_writer_int(&w, "charge", s->charge);
	json_writer_close(&w, '}');
	return json_writer_finish(&w);
}

json_t *session_state_to_json(const struct session *s)
{
	return parsed(session_state_text(s));
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
