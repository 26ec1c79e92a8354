/* /api/v1/sites: the sites-visited log, searchable and exportable as CSV
 * (hotEx's "report for security agencies"). */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/csv.h"
#include "api/params.h"
#include "common/mac.h"
#include "store/sites.h"

static int read_query(struct api_call *call, struct api_reply *reply, struct sites_query *q, char *mac, char *search)
{
	char text[32];
	uint8_t bytes[6];

	q->from = 0;
	q->to = INT64_MAX;
	if (query_int(call, reply, "from", 0, 0, INT64_MAX, &q->from) < 0 ||
	    query_int(call, reply, "to", 0, 0, INT64_MAX, &q->to) < 0)
		return -EINVAL;
	if (api_query(call, "mac", text, sizeof(text)) == 0) {
		if (mac_parse(text, bytes) != 0) {
			api_error(reply, 400, "mac", "\"%s\" is not a MAC address", text);
			return -EINVAL;
		}
		mac_format(bytes, mac);
		q->mac = mac;
	}
	if (api_query(call, "q", search, 128) == 0 && search[0])
		q->search = search;
	return 0;
}

static void list_sites(struct api_call *call, struct api_reply *reply)
{
	struct sites_query q = { 0 };
	struct page page;
	char mac[MAC_TEXT_LEN], search[128];
	int64_t total;
	json_t *items;

	if (param_page(call, reply, 100, 1000, &page) || read_query(call, reply, &q, mac, search))
		return;
	q.offset = (page.page - 1) * page.per_page;
	q.limit = page.per_page;
	items = json_array();
	if (sites_list(call->app->db, &q, items, &total)) {
		json_decref(items);
		api_error(reply, 500, NULL, "database error reading the sites-visited log");
		return;
	}
	api_ok(reply, 200, page_result(items, total, &page));
	json_object_set_new(reply->json, "retention_days", json_integer(call->app->cfg.sites_retention_days));
}

static void export_sites(struct api_call *call, struct api_reply *reply)
{
	struct sites_query q = { .limit = INT64_MAX };
	struct csv c = { 0 };
	char mac[MAC_TEXT_LEN], search[128], when[32];
	int64_t total;
	json_t *items, *v;
	size_t i;

	if (read_query(call, reply, &q, mac, search))
		return;
	items = json_array();
	if (sites_list(call->app->db, &q, items, &total)) {
		json_decref(items);
		api_error(reply, 500, NULL, "database error reading the sites-visited log");
		return;
	}
	csv_field(&c, "time_utc");
	csv_field(&c, "mac");
	csv_field(&c, "name");
	csv_end_row(&c);
	json_array_foreach(items, i, v) {
		time_t t = (time_t)json_integer_value(json_object_get(v, "seen_at"));
		struct tm tm;

		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		csv_field(&c, when);
		csv_field(&c, json_string_value(json_object_get(v, "mac")));
		csv_field(&c, json_string_value(json_object_get(v, "name")));
		csv_end_row(&c);
	}
	json_decref(items);
	if (c.failed) {
		free(c.data);
		api_error(reply, 500, NULL, "out of memory writing the CSV");
		return;
	}
	reply->status = 200;
	reply->content_type = "text/csv; charset=utf-8";
	reply->raw = c.data;
	reply->raw_len = c.len;
}

const struct api_route sites_routes[] = {
	{ "GET", "/api/v1/sites", list_sites, ROLE_AUDITOR },
	{ "GET", "/api/v1/sites/csv", export_sites, ROLE_AUDITOR },
	{ 0 },
};
