/* Prometheus metrics: a small registry of collectors and a writer of the
 * text exposition format 0.0.4, served at GET /metrics on the admin listener.
 *
 * Adding metrics (guests online, bytes by direction, map entries, poll
 * duration, SMS sent/failed, ...): at start-up a module calls
 *     metrics_register(app->metrics, my_collect, my_ctx);
 * and my_collect writes its families when /metrics is scraped:
 *     metrics_family(out, "spotgate_guests_online", "gauge", "Guests online now.");
 *     metrics_sample(out, NULL, n, NULL);
 *     metrics_family(out, "spotgate_guest_bytes_total", "counter", "Guest bytes by direction.");
 *     metrics_sample(out, NULL, up, "direction", "up", NULL);
 *     metrics_sample(out, NULL, down, "direction", "down", NULL);
 * Names start with spotgate_, carry their unit (_seconds, _bytes) and end in
 * _total for counters; every family gets HELP and TYPE. A duration is a
 * struct metrics_histogram the module owns, observed where the work happens
 * and written with metrics_write_histogram(). Collectors run on the loop, so
 * they read counters without locks; keep them cheap. */
#ifndef SPOTGATE_METRICS_H
#define SPOTGATE_METRICS_H

#include "common/textbuf.h"
#include <stddef.h>
#include <stdint.h>

#define METRICS_MAX_COLLECTORS 32
#define METRICS_MAX_BUCKETS 16

/* The text being written: a growable buffer. */
struct metrics_out {
	struct textbuf text;		/* out of memory: the result is dropped */
	char family[128];		/* the family samples belong to */
};

void metrics_out_init(struct metrics_out *o);
/* Takes the text (NUL-terminated) from o; NULL after a failure. free() it. */
char *metrics_out_take(struct metrics_out *o, size_t *len);

/* Starts a family: "# HELP name help" and "# TYPE name type" (counter,
 * gauge, histogram, summary or untyped). */
void metrics_family(struct metrics_out *o, const char *name, const char *type, const char *help);
/* One sample of the current family: its name plus suffix (NULL, "_bucket",
 * "_sum", "_count"), then label name/value pairs ended by NULL. */
void metrics_sample(struct metrics_out *o, const char *suffix, double value, ...)
	__attribute__((sentinel));

/* Buckets by upper bound (ascending; +Inf is implied). */
struct metrics_histogram {
	const double *bounds;
	size_t nbounds;			/* at most METRICS_MAX_BUCKETS */
	uint64_t counts[METRICS_MAX_BUCKETS];	/* per bucket, not cumulative */
	uint64_t count;
	double sum;
};

void metrics_histogram_init(struct metrics_histogram *h, const double *bounds, size_t nbounds);
void metrics_histogram_observe(struct metrics_histogram *h, double value);
/* The whole histogram family: HELP, TYPE, cumulative _bucket{le=...}, _sum, _count. */
void metrics_write_histogram(struct metrics_out *o, const char *name, const char *help,
			     const struct metrics_histogram *h);

typedef void (*metrics_collector)(struct metrics_out *o, void *arg);

enum metrics_login_result { LOGIN_SUCCESS, LOGIN_FAILURE, LOGIN_RATE_LIMITED, LOGIN_RESULTS };

/* The registry, plus the counters the admin API and the store keep. */
struct metrics {
	struct {
		metrics_collector fn;
		void *arg;
	} collectors[METRICS_MAX_COLLECTORS];
	int ncollectors;

	uint64_t logins[LOGIN_RESULTS];
	uint64_t api_requests[2][6];	/* read/write x status class 1xx..5xx, other */
	struct metrics_histogram db_commit;
};

void metrics_init(struct metrics *m);
/* Returns 0, or -ENOSPC when the registry is full. */
int metrics_register(struct metrics *m, metrics_collector fn, void *arg);
/* Runs every collector; the exposition text, malloc'd, or NULL. */
char *metrics_render(struct metrics *m, size_t *len);

/* Counts an admin API request by method (GET/HEAD are reads) and status. */
void metrics_api_request(struct metrics *m, const char *method, int status);

/* Counts a commit that took seconds into m->db_commit (arg: the metrics; a
 * group_commit_timed, see app/group_commit.h). */
void metrics_commit_timed(void *arg, double seconds);

#endif
