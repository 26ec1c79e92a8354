/* GET/PATCH /api/v1/settings (admin only): the run-time settings an admin
 * changes from the web UI: the venue's name (on tickets and the portal), the
 * currency new plans are priced in, and voucher_url, where a printed
 * ticket's QR code points ({code} becomes the ticket's code). Existing plans
 * keep their currency: their terms are frozen once written. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "api/api.h"
#include "store/settings.h"

#define SETTING_MAX 256

struct setting {
	const char *key;
	const char *fallback;	/* when the table has no row */
	/* 0, or -EINVAL with what is wrong (the field is the key) */
	int (*check)(const char *value, char *err, size_t errlen);
};

static int check_venue(const char *v, char *err, size_t errlen)
{
	size_t len = strlen(v);

	if (len == 0 || len > 100) {
		snprintf(err, errlen, "venue_name must have 1 to 100 characters");
		return -EINVAL;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			snprintf(err, errlen, "venue_name must not contain control characters");
			return -EINVAL;
		}
	return 0;
}

static int check_currency(const char *v, char *err, size_t errlen)
{
	if (strlen(v) != 3 || !isupper((unsigned char)v[0]) || !isupper((unsigned char)v[1]) ||
	    !isupper((unsigned char)v[2]) || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3) {
		snprintf(err, errlen, "currency must be an ISO 4217 code: three upper-case letters such as EUR");
		return -EINVAL;
	}
	return 0;
}

static int check_voucher_url(const char *v, char *err, size_t errlen)
{
	size_t scheme = strncasecmp(v, "https://", 8) == 0 ? 8 : strncasecmp(v, "http://", 7) == 0 ? 7 : 0;

	if (!scheme || !v[scheme] || v[scheme] == '/') {
		snprintf(err, errlen, "voucher_url must be an http:// or https:// URL with a host");
		return -EINVAL;
	}
	if (!strstr(v, "{code}")) {
		snprintf(err, errlen, "voucher_url must contain {code}, where the ticket's code goes");
		return -EINVAL;
	}
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f) {
			snprintf(err, errlen, "voucher_url must not contain spaces or non-ASCII characters "
				 "(percent-encode them)");
			return -EINVAL;
		}
	return 0;
}

static const struct setting settings[] = {
	{ "venue_name", "spotgate", check_venue },
	{ "currency", "EUR", check_currency },
	{ "voucher_url", "http://192.0.2.1/login?code={code}", check_voucher_url },
};
#define NSETTINGS (sizeof(settings) / sizeof(settings[0]))

static json_t *settings_json(sqlite3 *db)
{
	json_t *o = json_object();

	for (size_t i = 0; i < NSETTINGS; i++) {
		char value[SETTING_MAX];

		if (settings_get(db, settings[i].key, value, sizeof(value)) != 0)
			snprintf(value, sizeof(value), "%s", settings[i].fallback);
		json_object_set_new(o, settings[i].key, json_string(value));
	}
	return o;
}

static void get_settings(struct api_call *call, struct api_reply *reply)
{
	api_ok(reply, 200, settings_json(call->app->db));
}

/* every key is checked before any is written, so a bad one changes nothing */
static void patch_settings(struct api_call *call, struct api_reply *reply)
{
	const char *key;
	json_t *v;
	char err[256];

	if (json_object_size(call->body) == 0) {
		api_error(reply, 400, NULL, "give at least one of venue_name, currency, voucher_url");
		return;
	}
	json_object_foreach(call->body, key, v) {
		size_t i;

		for (i = 0; i < NSETTINGS && strcmp(settings[i].key, key) != 0; i++)
			;
		if (i == NSETTINGS) {
			api_error(reply, 400, key, "unknown setting %s (known: venue_name, currency, voucher_url)", key);
			return;
		}
		if (!json_is_string(v)) {
			api_error(reply, 400, key, "%s must be a string", key);
			return;
		}
		if (json_string_length(v) >= SETTING_MAX || memchr(json_string_value(v), '\0', json_string_length(v))) {
			api_error(reply, 400, key, "%s must be shorter than %d characters", key, SETTING_MAX);
			return;
		}
		if (settings[i].check(json_string_value(v), err, sizeof(err)) != 0) {
			api_error(reply, 400, key, "%s", err);
			return;
		}
	}
	json_object_foreach(call->body, key, v) {
		if (settings_set(call->app->db, key, json_string_value(v)) != 0) {
			api_error(reply, 500, NULL, "database error saving %s", key);
			return;
		}
	}
	api_ok(reply, 200, settings_json(call->app->db));
}

const struct api_route settings_routes[] = {
	{ "GET", "/api/v1/settings", get_settings, 0 },
	{ "PATCH", "/api/v1/settings", patch_settings, 0 },
	{ 0 },
};
