#include "common/log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static enum log_level current_level = LOG_INFO;

static const char *const level_names[] = {
	[LOG_DEBUG] = "debug",
	[LOG_INFO] = "info",
	[LOG_WARN] = "warn",
	[LOG_ERROR] = "error",
};

void log_set_level(enum log_level level)
{
	current_level = level;
}

enum log_level log_get_level(void)
{
	return current_level;
}

int log_level_parse(const char *name, enum log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strcmp(name, level_names[i]) == 0) {
			*out = (enum log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

const char *log_level_name(enum log_level level)
{
	return level_names[level];
}

/* While batching, lines wait here for log_flush(): one write per turn of the
 * daemon's loop instead of one per line (a login logs one). */
static struct {
	pthread_mutex_t lock;
	bool on;
	size_t len;
	char buf[64 * 1024];
} batch = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void write_all(const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(STDERR_FILENO, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;		/* nowhere to report it */
		p += w;
		n -= (size_t)w;
	}
}

static void flush_locked(void)
{
	write_all(batch.buf, batch.len);
	batch.len = 0;
}

void log_flush(void)
{
	pthread_mutex_lock(&batch.lock);
	flush_locked();
	pthread_mutex_unlock(&batch.lock);
}

void log_batch(bool on)
{
	pthread_mutex_lock(&batch.lock);
	flush_locked();
	batch.on = on;
	pthread_mutex_unlock(&batch.lock);
}

void log_msg(enum log_level level, const char *component, const char *fmt, ...)
{
	char line[2048];
	va_list ap;
	size_t n;
	int k;

	if (level < current_level)
		return;
	k = snprintf(line, sizeof(line) / 2, "%s %s: ", level_names[level], component);
	if (k < 0)
		k = 0;
	else if ((size_t)k >= sizeof(line) / 2)
		k = sizeof(line) / 2 - 1;	/* an overlong component, cut */
	va_start(ap, fmt);
	vsnprintf(line + k, sizeof(line) - (size_t)k, fmt, ap);
	va_end(ap);
	n = strlen(line);
	if (n == sizeof(line) - 1)
		n--;		/* cut short: the newline replaces the last byte */
	line[n++] = '\n';

	pthread_mutex_lock(&batch.lock);
	if (!batch.on) {
		write_all(line, n);	/* a whole line per write: lines never interleave */
	} else {
		if (batch.len + n > sizeof(batch.buf))
			flush_locked();
		memcpy(batch.buf + batch.len, line, n);
		batch.len += n;
		/* a warning or an error goes out now, with what came before it: the
		 * lines that explain a crash are not left in memory */
		if (level >= LOG_WARN)
			flush_locked();
	}
	pthread_mutex_unlock(&batch.lock);
}
