#include "metrics/metrics.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void metrics_out_init(struct metrics_out *o)
{
	*o = (struct metrics_out){ 0 };
}

char *metrics_out_take(struct metrics_out *o, size_t *len)
{
	char *text = textbuf_take(&o->text, len);

	*o = (struct metrics_out){ 0 };
	return text;
}

static void put(struct metrics_out *o, const char *s, size_t n)
{
	textbuf_put(&o->text, s, n);
}

static void puts_(struct metrics_out *o, const char *s)
{
	put(o, s, strlen(s));
}

/* HELP text escapes \ and newline; label values also escape " */
static void put_escaped(struct metrics_out *o, const char *s, int quote)
{
	for (; *s; s++) {
		if (*s == '\\')
			puts_(o, "\\\\");
		else if (*s == '\n')
			puts_(o, "\\n");
		else if (quote && *s == '"')
			puts_(o, "\\\"");
		else
			put(o, s, 1);
	}
}

static void put_value(struct metrics_out *o, double v)
{
	char buf[64];

	if (isnan(v))
		snprintf(buf, sizeof(buf), "NaN");
	else if (isinf(v))
		snprintf(buf, sizeof(buf), v > 0 ? "+Inf" : "-Inf");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(buf, sizeof(buf), "%.0f", v);
	else
		snprintf(buf, sizeof(buf), "%.17g", v);
	puts_(o, buf);
}

void metrics_family(struct metrics_out *o, const char *name, const char *type, const char *help)
{
	snprintf(o->family, sizeof(o->family), "%s", name);
	puts_(o, "# HELP ");
	puts_(o, name);
	puts_(o, " ");
	put_escaped(o, help, 0);
	puts_(o, "\n# TYPE ");
	puts_(o, name);
	puts_(o, " ");
	puts_(o, type);
	puts_(o, "\n");
}

static void vsample(struct metrics_out *o, const char *suffix, double value, va_list ap)
{
	const char *name;
	int first = 1;

	puts_(o, o->family);
	if (suffix)
		puts_(o, suffix);
	while ((name = va_arg(ap, const char *)) != NULL) {
		const char *val = va_arg(ap, const char *);

		puts_(o, first ? "{" : ",");
		puts_(o, name);
		puts_(o, "=\"");
		put_escaped(o, val ? val : "", 1);
		puts_(o, "\"");
		first = 0;
	}
	if (!first)
		puts_(o, "}");
	puts_(o, " ");
	put_value(o, value);
	puts_(o, "\n");
}

void metrics_sample(struct metrics_out *o, const char *suffix, double value, ...)
{
	va_list ap;

	va_start(ap, value);
	vsample(o, suffix, value, ap);
	va_end(ap);
}

void metrics_histogram_init(struct metrics_histogram *h, const double *bounds, size_t nbounds)
{
	*h = (struct metrics_histogram){ .bounds = bounds,
					 .nbounds = nbounds < METRICS_MAX_BUCKETS ? nbounds : METRICS_MAX_BUCKETS };
}

void metrics_histogram_observe(struct metrics_histogram *h, double value)
{
	for (size_t i = 0; i < h->nbounds; i++) {
		if (value <= h->bounds[i]) {
			h->counts[i]++;
			break;
		}
	}
	h->count++;
	h->sum += value;
}

void metrics_write_histogram(struct metrics_out *o, const char *name, const char *help,
			     const struct metrics_histogram *h)
{
	uint64_t cumulative = 0;
	char le[32];

	metrics_family(o, name, "histogram", help);
	for (size_t i = 0; i < h->nbounds; i++) {
		cumulative += h->counts[i];
		snprintf(le, sizeof(le), "%g", h->bounds[i]);
		metrics_sample(o, "_bucket", (double)cumulative, "le", le, NULL);
	}
	metrics_sample(o, "_bucket", (double)h->count, "le", "+Inf", NULL);
	metrics_sample(o, "_sum", h->sum, NULL);
	metrics_sample(o, "_count", (double)h->count, NULL);
}

static const double commit_bounds[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
					0.05,	0.1,   0.25,   0.5,   1,    2.5 };

static void collect_core(struct metrics_out *o, void *arg)
{
	static const char *const results[LOGIN_RESULTS] = { "success", "failure", "rate_limited" };
	static const char *const classes[6] = { "1xx", "2xx", "3xx", "4xx", "5xx", "other" };
	struct metrics *m = arg;

	metrics_family(o, "spotgate_admin_logins_total", "counter",
		       "Admin API login attempts by result.");
	for (int i = 0; i < LOGIN_RESULTS; i++)
		metrics_sample(o, NULL, (double)m->logins[i], "result", results[i], NULL);
	metrics_family(o, "spotgate_admin_api_requests_total", "counter",
		       "Admin API requests by method class (read: GET and HEAD; write: the rest) and status class.");
	for (int w = 0; w < 2; w++)
		for (int c = 0; c < 6; c++)
			metrics_sample(o, NULL, (double)m->api_requests[w][c], "method_class",
				       w ? "write" : "read", "status_class", classes[c], NULL);
	metrics_write_histogram(o, "spotgate_db_commit_duration_seconds",
				"Time SQLite takes to commit a write transaction (WAL append and fsync).",
				&m->db_commit);
}

void metrics_init(struct metrics *m)
{
	*m = (struct metrics){ 0 };
	metrics_histogram_init(&m->db_commit, commit_bounds, sizeof(commit_bounds) / sizeof(commit_bounds[0]));
	metrics_register(m, collect_core, m);
}

int metrics_register(struct metrics *m, metrics_collector fn, void *arg)
{
	if (m->ncollectors == METRICS_MAX_COLLECTORS)
		return -ENOSPC;
	m->collectors[m->ncollectors].fn = fn;
	m->collectors[m->ncollectors].arg = arg;
	m->ncollectors++;
	return 0;
}

char *metrics_render(struct metrics *m, size_t *len)
{
	struct metrics_out o;

	metrics_out_init(&o);
	for (int i = 0; i < m->ncollectors; i++)
		m->collectors[i].fn(&o, m->collectors[i].arg);
	return metrics_out_take(&o, len);
}

void metrics_api_request(struct metrics *m, const char *method, int status)
{
	int write = strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
	int cls = status >= 100 && status < 600 ? status / 100 - 1 : 5;

	m->api_requests[write][cls]++;
}

void metrics_commit_timed(void *arg, double seconds)
{
	struct metrics *m = arg;

	metrics_histogram_observe(&m->db_commit, seconds);
}
