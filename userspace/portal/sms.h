/* SMS delivery for one-time codes, through the configured driver:
 *
 *   log   writes the message to the log (tests, demos)
 *   http  a request to an SMS gateway: URL, method, headers and body are
 *         templates with {to} and {text} (URL-encoded in the URL, JSON- or
 *         form-safe as the body needs: {to} and {text} are URL-encoded in
 *         the URL and in a form body, JSON-escaped in a JSON body), libcurl
 *   exec  runs a program with arguments ({to} and {text} substituted per
 *         argument), never through a shell; exit status 0 = delivered
 *
 * Delivery runs on a worker thread so the event loop never waits; the result
 * comes back on the loop through done(). */
#ifndef SPOTGATE_PORTAL_SMS_H
#define SPOTGATE_PORTAL_SMS_H

#include <h2o.h>

#include "config/config.h"

struct sms;

typedef void (*sms_done)(void *arg, int ok, const char *error);

/* Validates the driver settings; NULL with a message in err. */
struct sms *sms_create(const struct config *cfg, h2o_loop_t *loop, char *err, size_t errlen);
void sms_destroy(struct sms *s);

/* Queues one message; done(arg, ok, error) runs on the loop later. */
void sms_send(struct sms *s, const char *to, const char *text, sms_done done, void *arg);

/* spotgate_sms_messages_total{driver, result} in /metrics (m may be NULL). The
 * registry keeps s: call it for an sms that lives as long as the event loop. */
struct metrics;
int sms_metrics_register(struct sms *s, struct metrics *m);

/* {to} and {text} in tpl replaced; how each value is escaped: */
enum sms_escape { SMS_RAW, SMS_URL, SMS_JSON };
char *sms_expand(const char *tpl, const char *to, const char *text, enum sms_escape esc);

#endif
