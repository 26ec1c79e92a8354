/* Log lines: "level component: message key=value ...", one per line, to stderr
 * (or the file the daemon redirected stderr to). */
#ifndef SPOTGATE_LOG_H
#define SPOTGATE_LOG_H

#include <stdbool.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Parses "debug", "info", "warn" or "error"; returns 0 or -EINVAL. */
int log_level_parse(const char *name, enum log_level *out);
const char *log_level_name(enum log_level level);

void log_msg(enum log_level level, const char *component, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Batching: while on, debug and info lines wait in memory until log_flush()
 * or a warning or error, which goes out at once with them; turning it off
 * flushes. Off by default. The daemon turns it on for its loop and flushes
 * after every turn and before every answer or request it sends, so a line is
 * in the log before anyone can see what it tells of. A process must not fork
 * while lines wait (posix_spawn is fine: its child runs nothing of ours
 * before exec). */
void log_batch(bool on);
void log_flush(void);

#define log_debug(comp, ...) log_msg(LOG_DEBUG, comp, __VA_ARGS__)
#define log_info(comp, ...)  log_msg(LOG_INFO, comp, __VA_ARGS__)
#define log_warn(comp, ...)  log_msg(LOG_WARN, comp, __VA_ARGS__)
#define log_error(comp, ...) log_msg(LOG_ERROR, comp, __VA_ARGS__)

#endif
