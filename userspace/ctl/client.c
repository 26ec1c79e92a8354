/* The admin API over the daemon's Unix socket, with libcurl. */
#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <unistd.h>
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
	/* messages from the JSON readers name their field already */
	if (field && !(strncmp(msg, field, strlen(field)) == 0 && msg[strlen(field)] == ':'))
		return p_err("%s: %s", field, msg);
	return p_err("%s", msg);
}

/* One request over the admin socket; the body lands in *response. Returns
 * 0 with the HTTP status, or EXIT_FAIL after saying the daemon is away. */
static int perform(const char *method, const char *path, json_t *body, long timeout, struct buffer *response,
		   long *status)
{
	struct curl_slist *headers = NULL;
	char url[1024], *payload = NULL;
	CURLcode rc;
	CURL *curl = curl_easy_init();

	*status = 0;
	if (!curl)
		return p_err("out of memory");
	snprintf(url, sizeof(url), "http://spotgate%s", path);
	curl_easy_setopt(curl, CURLOPT_UNIX_SOCKET_PATH, ctl.socket);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, response);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
	if (body) {
		payload = json_dumps(body, JSON_COMPACT);
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload);
	}
	rc = curl_easy_perform(curl);
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, status);
	curl_slist_free_all(headers);
	curl_easy_cleanup(curl);
	free(payload);
	if (rc != CURLE_OK) {
		free(response->data);
		response->data = NULL;
		return p_err("cannot reach spotgated at %s: %s (is it running? start it with spotgated, "
			     "or pass --socket)", ctl.socket, curl_easy_strerror(rc));
	}
	return 0;
}

int api_call(const char *method, const char *path, json_t *body, json_t **reply)
{
	struct buffer response = { 0 };
	json_error_t jerr;
	long status;
	int ret;

	*reply = NULL;
	if ((ret = perform(method, path, body, 120L, &response, &status)))
		return ret;
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

int api_download(const char *method, const char *path, json_t *body, const char *output)
{
	json_t *reply = NULL;
	struct buffer response = { 0 };
	long status;
	FILE *out;
	int ret;

	if ((ret = perform(method, path, body, 300L, &response, &status)))
		return ret;
	if (status < 200 || status >= 300) {
		json_error_t jerr;

		reply = json_loadb(response.data ? response.data : "", response.len, 0, &jerr);
		free(response.data);
		ret = report_api_error(status, reply);
		json_decref(reply);
		return ret;
	}
	/* the whole file or nothing: write beside it, then rename over it */
	char tmp[4096];
	bool to_file = output && strcmp(output, "-") != 0;

	snprintf(tmp, sizeof(tmp), "%s.part", to_file ? output : "");
	out = to_file ? fopen(tmp, "wb") : stdout;
	if (!out) {
		free(response.data);
		return p_err("%s: cannot write: %s", output, strerror(errno));
	}
	ret = response.len && fwrite(response.data, 1, response.len, out) != response.len;
	free(response.data);
	if (to_file) {
		ret |= fclose(out) != 0;
		if (ret || rename(tmp, output) != 0) {
			unlink(tmp);
			return p_err("%s: write failed: %s", output, strerror(errno));
		}
	} else if (ret || fflush(stdout) != 0) {
		return p_err("stdout: write failed");
	}
	return EXIT_OK;
}
