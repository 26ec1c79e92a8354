/* The admin API over the daemon's Unix socket, with libcurl. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

struct buffer {
	char *data;
	size_t len;
};

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *user)
{
	struct buffer *b = user;
	size_t n = size * nmemb;
	char *grown = realloc(b->data, b->len + n + 1);

	if (!grown)
		return 0;
	memcpy(grown + b->len, ptr, n);
	b->data = grown;
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static int report_api_error(long status, json_t *reply)
{
	json_t *err = json_object_get(reply, "error");
	const char *msg = json_string_value(json_object_get(err, "message"));
	const char *field = json_string_value(json_object_get(err, "field"));

	if (!msg)
		return p_err("the daemon answered HTTP %ld", status);
	if (ctl.json) {
		print_json(reply);
		return EXIT_FAIL;
	}
	if (field)
		return p_err("%s: %s", field, msg);
	return p_err("%s", msg);
}

int api_call(const char *method, const char *path, json_t *body, json_t **reply)
{
	struct buffer response = { 0 };
	struct curl_slist *headers = NULL;
	char url[1024], *payload = NULL;
	long status = 0;
	json_error_t jerr;
	CURLcode rc;
	CURL *curl;
	int ret;

	*reply = NULL;
	curl = curl_easy_init();
	if (!curl)
		return p_err("out of memory");
	snprintf(url, sizeof(url), "http://spotgate%s", path);
	curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, ctl.socket);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 120L);
	if (body) {
		payload = json_dumps(body, JSON_COMPACT);
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload);
	}
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	free(payload);

	if (rc != CURLE_OK) {
		free(response.data);
		return p_err("cannot reach spotgated at %s: %s (is it running? start it with spotgated, "
			     "or pass --socket)", ctl.socket, curl_easy_strerror(rc));
	}
	*reply = response.len ? json_loadb(response.data, response.len, 0, &jerr) : json_object();
	free(response.data);
	if (!*reply)
		return p_err("the daemon's answer is not JSON (HTTP %ld): %s", status, jerr.text);
	if (status >= 200 && status < 300)
		return EXIT_OK;
	ret = report_api_error(status, *reply);
	json_decref(*reply);
	*reply = NULL;
	return ret;
}

char *url_escape(const char *value)
{
	char *escaped = curl_easy_escape(NULL, value, 0);
	char *copy = strdup(escaped ? escaped : "");

	curl_free(escaped);
	return copy;
}
