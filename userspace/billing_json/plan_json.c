#include "billing_json/plan_json.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "billing/price.h"
#include "billing_json/reader.h"

static const char *const payment_names[] = { "prepaid", "postpaid", NULL };
static const char *const measure_names[] = { "time", "traffic", "both", "unlimited", NULL };
static const char *const validity_names[] = { "always", "from-creation", "from-first-use", "end-of-day", NULL };
static const char *const period_names[] = { "none", "day", "week", "month", "year", NULL };
static const char *const fairuse_names[] = { "off", "throttle", "block", NULL };
static const char *const weekday_names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL };

static const struct {
	const char *suffix;
	enum duration_unit unit;
} duration_units[] = {
	{ "min", DURATION_MINUTES }, { "h", DURATION_HOURS }, { "d", DURATION_DAYS },
	{ "w", DURATION_WEEKS },     { "mo", DURATION_MONTHS },
};

int duration_parse(const char *text, struct duration *out)
{
	char *end;
	long n;

	if (*text < '0' || *text > '9')
		return -EINVAL;
	n = strtol(text, &end, 10);
	if (n < 0 || n > 100000)
		return -EINVAL;
	for (size_t i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
		if (strcmp(end, duration_units[i].suffix) == 0) {
			*out = (struct duration){ .unit = duration_units[i].unit, .count = (uint32_t)n };
			return 0;
		}
	}
	return -EINVAL;
}

void duration_format(const struct duration *d, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
		if (duration_units[i].unit == d->unit) {
			snprintf(buf, size, "%u%s", d->count, duration_units[i].suffix);
			return;
		}
	}
	snprintf(buf, size, "0min");
}

void plan_defaults(struct plan *p, const char *currency)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->currency, sizeof(p->currency), "%s", currency);
	p->payment = PLAN_PREPAID;
	p->measure = PLAN_MEASURE_TIME;
	p->validity.mode = VALIDITY_ALWAYS;
}

/* --- to JSON --------------------------------------------------------------- */

static json_t *period_json(const struct period *p)
{
	return json_pack("{s:s, s:I, s:b}", "unit", period_names[p->unit], "count", (json_int_t)p->count,
			 "aligned", p->aligned);
}

static json_t *weekdays_json(uint8_t bits)
{
	json_t *days = json_array();

	for (int d = 0; d < 7; d++)
		if (!bits || (bits & (1u << d)))
			json_array_append_new(days, json_string(weekday_names[d]));
	return days;
}

static void date_text(int32_t yyyymmdd, char *buf, size_t size)
{
	snprintf(buf, size, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
}

static json_t *schedule_json(const struct schedule *s)
{
	char from[8], to[8], date[16];
	json_t *o;

	snprintf(from, sizeof(from), "%02u:%02u", s->minute_from / 60, s->minute_from % 60);
	snprintf(to, sizeof(to), "%02u:%02u", s->minute_to / 60 % 24, s->minute_to % 60);
	o = json_pack("{s:o, s:s, s:s}", "days", weekdays_json(s->weekdays), "from", from, "to", to);
	if (s->start_date) {
		date_text(s->start_date, date, sizeof(date));
		json_object_set_new(o, "start_date", json_string(date));
	}
	if (s->end_date) {
		date_text(s->end_date, date, sizeof(date));
		json_object_set_new(o, "end_date", json_string(date));
	}
	if (s->has_price) {
		json_object_set_new(o, "price_per_hour", json_integer(s->rate.price_per_hour));
		json_object_set_new(o, "price_per_10mb", json_integer(s->rate.price_per_10mb));
	}
	if (s->has_speed) {
		json_object_set_new(o, "speed_up", json_integer((json_int_t)s->rate.speed_up));
		json_object_set_new(o, "speed_down", json_integer((json_int_t)s->rate.speed_down));
	}
	return o;
}

json_t *plan_to_json(const struct plan *p)
{
	char duration[24];
	json_t *o, *schedules = json_array();
	int64_t unit_price;

	duration_format(&p->validity.duration, duration, sizeof(duration));
	for (uint32_t i = 0; i < p->nschedules; i++)
		json_array_append_new(schedules, schedule_json(&p->schedules[i]));
	o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:I, s:I, s:I,"
		      " s:I, s:I, s:I, s:I, s:{s:s, s:s}, s:i, s:i, s:i, s:i, s:I, s:I, s:I, s:o}",
		      "id", (json_int_t)p->id, "version", (json_int_t)p->version,
		      "name", p->name, "code", p->code, "currency", p->currency,
		      "quick_ticket", p->quick_ticket, "smartconnect", p->smartconnect,
		      "payment", payment_names[p->payment], "measure", measure_names[p->measure],
		      "time_amount", (json_int_t)p->time_amount, "data_amount", (json_int_t)p->data_amount,
		      "price", (json_int_t)p->price,
		      "price_per_hour", (json_int_t)p->rate.price_per_hour,
		      "price_per_10mb", (json_int_t)p->rate.price_per_10mb,
		      "speed_up", (json_int_t)p->rate.speed_up, "speed_down", (json_int_t)p->rate.speed_down,
		      "validity", "mode", validity_names[p->validity.mode], "duration", duration,
		      "idle_timeout", p->idle_timeout, "session_timeout", p->session_timeout,
		      "interim_interval", p->interim_interval, "max_devices", p->max_devices,
		      "start_cost", (json_int_t)p->start_cost, "min_charge", (json_int_t)p->min_charge,
		      "purge_delay", (json_int_t)p->purge_delay, "schedules", schedules);
	if (p->payment == PLAN_PREPAID && !plan_is_cyclic(p) && price_plan_unit(p, &unit_price) == 0)
		json_object_set_new(o, "unit_price", json_integer(unit_price));
	if (plan_is_cyclic(p)) {
		struct price_example ex[PRICE_MAX_EXAMPLES];
		int n = price_cyclic_examples(p, ex);
		json_t *examples = json_array();

		for (int i = 0; i < n; i++)
			json_array_append_new(examples, json_pack("{s:i, s:I}", "cycles", ex[i].cycles, "total",
								  (json_int_t)ex[i].total));
		json_object_set_new(o, "cyclic",
				    json_pack("{s:s, s:I, s:i, s:o}", "unit", period_names[p->cyclic.unit],
					      "price_per_cycle", (json_int_t)p->cyclic.price_per_cycle,
					      "cycles", plan_cycles(p), "price_examples", examples));
	} else {
		json_object_set_new(o, "cyclic", json_null());
	}
	if (p->fairuse.action != FAIRUSE_OFF)
		json_object_set_new(o, "fair_use",
				    json_pack("{s:s, s:I, s:o, s:I, s:I}", "action",
					      fairuse_names[p->fairuse.action], "threshold_bytes",
					      (json_int_t)p->fairuse.threshold_bytes, "period",
					      period_json(&p->fairuse.period), "speed_up",
					      (json_int_t)p->fairuse.speed_up, "speed_down",
					      (json_int_t)p->fairuse.speed_down));
	else
		json_object_set_new(o, "fair_use", json_null());
	return o;
}

/* --- from JSON ------------------------------------------------------------- */

static int read_period(struct reader *parent, const char *key, struct period *out)
{
	static const char *const keys[] = { "unit", "count", "aligned", NULL };
	json_t *v = json_object_get(parent->obj, key);
	struct reader r;
	int unit = out->unit;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return reader_fail(parent, key, "must be an object like {\"unit\": \"month\", \"count\": 1}");
	reader_child(parent, &r, v, key);
	if (reader_only(&r, keys) || read_enum(&r, "unit", period_names, &unit) ||
	    read_u32(&r, "count", 1000, &out->count) || read_bool(&r, "aligned", &out->aligned))
		return -EINVAL;
	out->unit = (enum period_unit)unit;
	if (out->count == 0)
		out->count = 1;
	return 0;
}

static int read_clock(struct reader *r, const char *key, uint16_t *out, bool allow_24)
{
	json_t *v = json_object_get(r->obj, key);
	unsigned h, m;
	char tail;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || sscanf(json_string_value(v), "%2u:%2u%c", &h, &m, &tail) != 2 ||
	    m > 59 || h > 24 || (h == 24 && (m || !allow_24)))
		return reader_fail(r, key, "must be a time of day HH:MM (00:00-23:59)");
	*out = (uint16_t)(h * 60 + m);
	return 0;
}

static int read_date(struct reader *r, const char *key, int32_t *out)
{
	json_t *v = json_object_get(r->obj, key);
	unsigned y, mo, d;
	char tail;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v) || sscanf(json_string_value(v), "%4u-%2u-%2u%c", &y, &mo, &d, &tail) != 3 ||
	    y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31)
		return reader_fail(r, key, "must be a date YYYY-MM-DD");
	*out = (int32_t)(y * 10000 + mo * 100 + d);
	return 0;
}

static int read_weekdays(struct reader *r, const char *key, uint8_t *out)
{
	json_t *v = json_object_get(r->obj, key), *day;
	size_t i;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return reader_fail(r, key, "must be a list of days: mon, tue, wed, thu, fri, sat, sun");
	*out = 0;
	json_array_foreach(v, i, day) {
		int d;

		for (d = 0; weekday_names[d]; d++)
			if (json_is_string(day) && strcmp(json_string_value(day), weekday_names[d]) == 0)
				break;
		if (!weekday_names[d])
			return reader_fail(r, key, "must be a list of days: mon, tue, wed, thu, fri, sat, sun");
		*out |= (uint8_t)(1u << d);
	}
	if (*out == SCHEDULE_EVERY_DAY)
		*out = 0;
	return 0;
}

static int read_schedule(struct reader *parent, json_t *v, unsigned i, struct schedule *s)
{
	static const char *const keys[] = { "days", "from", "to", "start_date", "end_date", "price_per_hour",
					    "price_per_10mb", "speed_up", "speed_down", NULL };
	char name[16];
	struct reader r;

	snprintf(name, sizeof(name), "[%u]", i);
	reader_child(parent, &r, v, name);
	if (!json_is_object(v))
		return reader_fail(&r, "", "must be an object");
	memset(s, 0, sizeof(*s));
	s->has_price = json_object_get(v, "price_per_hour") || json_object_get(v, "price_per_10mb");
	s->has_speed = json_object_get(v, "speed_up") || json_object_get(v, "speed_down");
	if (reader_only(&r, keys) || read_weekdays(&r, "days", &s->weekdays) ||
	    read_clock(&r, "from", &s->minute_from, false) || read_clock(&r, "to", &s->minute_to, true) ||
	    read_date(&r, "start_date", &s->start_date) || read_date(&r, "end_date", &s->end_date) ||
	    read_int(&r, "price_per_hour", 0, INT64_MAX, &s->rate.price_per_hour) ||
	    read_int(&r, "price_per_10mb", 0, INT64_MAX, &s->rate.price_per_10mb) ||
	    read_u64(&r, "speed_up", &s->rate.speed_up) || read_u64(&r, "speed_down", &s->rate.speed_down))
		return -EINVAL;
	return 0;
}

static int read_schedules(struct reader *r, struct plan *p)
{
	json_t *v = json_object_get(r->obj, "schedules"), *item;
	struct reader list;
	size_t i;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return reader_fail(r, "schedules", "must be a list");
	if (json_array_size(v) > RATING_MAX_SCHEDULES)
		return reader_fail(r, "schedules", "at most %d schedules", RATING_MAX_SCHEDULES);
	reader_child(r, &list, v, "schedules");
	json_array_foreach(v, i, item)
		if (read_schedule(&list, item, (unsigned)i, &p->schedules[i]))
			return -EINVAL;
	p->nschedules = (uint32_t)json_array_size(v);
	return 0;
}

static int read_validity(struct reader *parent, struct validity *out)
{
	static const char *const keys[] = { "mode", "duration", NULL };
	json_t *v = json_object_get(parent->obj, "validity"), *d;
	struct reader r;
	int mode = out->mode;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_object(v))
		return reader_fail(parent, "validity", "must be an object like {\"mode\": \"from-first-use\", \"duration\": \"1d\"}");
	reader_child(parent, &r, v, "validity");
	if (reader_only(&r, keys) || read_enum(&r, "mode", validity_names, &mode))
		return -EINVAL;
	out->mode = (enum validity_mode)mode;
	d = json_object_get(v, "duration");
	if (d && !json_is_null(d) &&
	    (!json_is_string(d) || duration_parse(json_string_value(d), &out->duration) != 0))
		return reader_fail(&r, "duration", "must be a count and a unit: 30min, 12h, 1d, 2w, 3mo");
	return 0;
}

static int read_cyclic(struct reader *parent, struct plan_cyclic *out)
{
	static const char *const keys[] = { "unit", "price_per_cycle", "cycles", "price_examples", NULL };
	json_t *v = json_object_get(parent->obj, "cyclic");
	struct reader r;
	int unit = out->unit;

	if (!v)
		return 0;
	if (json_is_null(v)) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (!json_is_object(v))
		return reader_fail(parent, "cyclic", "must be null or an object like {\"unit\": \"month\", \"price_per_cycle\": 2000}");
	reader_child(parent, &r, v, "cyclic");
	if (reader_only(&r, keys) || read_enum(&r, "unit", period_names, &unit) ||
	    read_int(&r, "price_per_cycle", INT64_MIN, INT64_MAX, &out->price_per_cycle) ||
	    read_u32(&r, "cycles", 10000, &out->cycles))
		return -EINVAL;
	out->unit = (enum period_unit)unit;
	return 0;
}

static int read_fairuse(struct reader *parent, struct fairuse_policy *out)
{
	static const char *const keys[] = { "action", "threshold_bytes", "period", "speed_up", "speed_down", NULL };
	json_t *v = json_object_get(parent->obj, "fair_use");
	struct reader r;
	int action = out->action;

	if (!v)
		return 0;
	if (json_is_null(v)) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (!json_is_object(v))
		return reader_fail(parent, "fair_use", "must be null or an object");
	reader_child(parent, &r, v, "fair_use");
	if (reader_only(&r, keys) || read_enum(&r, "action", fairuse_names, &action) ||
	    read_int(&r, "threshold_bytes", INT64_MIN, INT64_MAX, &out->threshold_bytes) ||
	    read_period(&r, "period", &out->period) || read_u64(&r, "speed_up", &out->speed_up) ||
	    read_u64(&r, "speed_down", &out->speed_down))
		return -EINVAL;
	out->action = (enum fairuse_action)action;
	return 0;
}

int plan_from_json(json_t *obj, struct plan *p, char *field, size_t field_len, char *err,
		   size_t err_len)
{
	static const char *const keys[] = {
		"id", "version", "name", "code", "currency", "quick_ticket", "smartconnect", "payment",
		"measure", "time_amount", "data_amount", "price", "unit_price", "price_per_hour",
		"price_per_10mb", "speed_up", "speed_down", "validity", "cyclic", "idle_timeout",
		"session_timeout", "interim_interval", "max_devices", "fair_use", "schedules",
		"start_cost", "min_charge", "purge_delay", "location", "created_at", "retired_at",
		"sold_on_portal", NULL,
	};
	struct reader r;
	int payment = p->payment, measure = p->measure;
	int64_t unit_price = -1;

	reader_init(&r, obj, "", field, field_len, err, err_len);
	if (!json_is_object(obj))
		return reader_fail(&r, "", "a plan must be a JSON object");
	if (reader_only(&r, keys) || read_text(&r, "name", p->name, sizeof(p->name), true) ||
	    read_text(&r, "code", p->code, sizeof(p->code), false) ||
	    read_text(&r, "currency", p->currency, sizeof(p->currency), true) ||
	    read_bool(&r, "quick_ticket", &p->quick_ticket) || read_bool(&r, "smartconnect", &p->smartconnect) ||
	    read_enum(&r, "payment", payment_names, &payment) || read_enum(&r, "measure", measure_names, &measure) ||
	    read_int(&r, "time_amount", INT64_MIN, INT64_MAX, &p->time_amount) ||
	    read_int(&r, "data_amount", INT64_MIN, INT64_MAX, &p->data_amount) ||
	    read_int(&r, "price", INT64_MIN, INT64_MAX, &p->price) ||
	    read_int(&r, "unit_price", 0, INT64_MAX, &unit_price) ||
	    read_int(&r, "price_per_hour", INT64_MIN, INT64_MAX, &p->rate.price_per_hour) ||
	    read_int(&r, "price_per_10mb", INT64_MIN, INT64_MAX, &p->rate.price_per_10mb) ||
	    read_u64(&r, "speed_up", &p->rate.speed_up) || read_u64(&r, "speed_down", &p->rate.speed_down) ||
	    read_validity(&r, &p->validity) || read_cyclic(&r, &p->cyclic) ||
	    read_u32(&r, "idle_timeout", UINT32_MAX, &p->idle_timeout) ||
	    read_u32(&r, "session_timeout", UINT32_MAX, &p->session_timeout) ||
	    read_u32(&r, "interim_interval", 86400, &p->interim_interval) ||
	    read_u32(&r, "max_devices", 1000, &p->max_devices) || read_fairuse(&r, &p->fairuse) ||
	    read_schedules(&r, p) || read_int(&r, "start_cost", INT64_MIN, INT64_MAX, &p->start_cost) ||
	    read_int(&r, "min_charge", INT64_MIN, INT64_MAX, &p->min_charge) ||
	    read_int(&r, "purge_delay", INT64_MIN, INT64_MAX, &p->purge_delay))
		return -EINVAL;
	p->payment = (enum plan_payment)payment;
	p->measure = (enum plan_measure)measure;

	/* the rate editor's other box: a unit price gives the ticket price */
	if (unit_price >= 0 && !json_object_get(obj, "price")) {
		int64_t amount = p->measure == PLAN_MEASURE_TRAFFIC ? p->data_amount : p->time_amount;

		if (price_ticket_from_unit(p->measure, amount, unit_price, &p->price) != 0)
			return reader_fail(&r, "unit_price",
					   "needs a time or traffic amount to compute the ticket price from");
	}
	return 0;
}

/* --- validation in this JSON's words ---------------------------------------- */

static const char *usage_price_key(const struct rate *r)
{
	return r->price_per_10mb && !r->price_per_hour ? "price_per_10mb" : "price_per_hour";
}

/* The core's name for a field -> the key a client sent. "rate" (a price where
 * none belongs) is whichever usage price is set. */
static void json_field(const struct plan *p, const char *core, char *out, size_t size)
{
	static const struct {
		const char *core, *json;
	} names[] = {
		{ "rate.price_per_hour", "price_per_hour" },
		{ "rate.price_per_10mb", "price_per_10mb" },
		{ "fairuse.speed", "fair_use.speed_down" },
		{ "fairuse.period", "fair_use.period.unit" },
		{ "minute_from", "from" },
		{ "minute_to", "to" },
		{ "weekdays", "days" },
	};
	unsigned i;
	int n = 0;

	if (strcmp(core, "rate") == 0) {
		snprintf(out, size, "%s", usage_price_key(&p->rate));
		return;
	}
	if (sscanf(core, "schedules[%u].%n", &i, &n) == 1 && n > 0 && i < RATING_MAX_SCHEDULES) {
		const char *rest = core + n;
		const struct schedule *s = &p->schedules[i];

		/* a schedule that changes nothing, or has a price it may not have */
		if (strcmp(rest, "rate") == 0)
			rest = s->has_price ? usage_price_key(&s->rate) : "speed_down";
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if (strcmp(rest, names[k].core) == 0)
				rest = names[k].json;
		snprintf(out, size, "schedules[%u].%s", i, rest);
		return;
	}
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		if (strcmp(core, names[k].core) == 0) {
			snprintf(out, size, "%s", names[k].json);
			return;
		}
	}
	if (strncmp(core, "fairuse.", 8) == 0)
		snprintf(out, size, "fair_use.%s", core + 8);
	else
		snprintf(out, size, "%s", core);
}

int plan_json_validate(const struct plan *p, char *field, size_t field_len, char *err, size_t err_len)
{
	char core_err[256], core_field[96];
	const char *colon;

	if (plan_validate(p, core_err, sizeof(core_err)) == 0)
		return 0;
	colon = strchr(core_err, ':');
	if (!colon) {
		snprintf(field, field_len, "%s", "");
		snprintf(err, err_len, "%s", core_err);
		return -EINVAL;
	}
	snprintf(core_field, sizeof(core_field), "%.*s", (int)(colon - core_err), core_err);
	json_field(p, core_field, field, field_len);
	snprintf(err, err_len, "%s%s", field, colon);
	return -EINVAL;
}
