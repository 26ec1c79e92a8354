#include "portal/sms.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common/log.h"
#include "metrics/metrics.h"

#define SMS_WORKERS 2

extern char **environ;

enum sms_driver { SMS_LOG, SMS_HTTP, SMS_EXEC };

struct sms_job {
	h2o_multithread_message_t super;	/* first: the loop gets it back */
	struct sms_job *next;			/* the workers' queue */
	char to[32];
	char text[512];
	int ok;
	char error[256];
	sms_done done;
	void *arg;
};

struct sms {
	enum sms_driver driver;
	const struct config *cfg;
	h2o_multithread_queue_t *queue;
	h2o_multithread_receiver_t receiver;
	pthread_t workers[SMS_WORKERS];
	int nworkers;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct sms_job *head, *tail;
	int stopping;
	uint64_t sent, failed;		/* delivery results, counted on the loop */
};

char *sms_expand(const char *tpl, const char *to, const char *text, enum sms_escape esc)
{
	size_t cap = strlen(tpl) * 2 + 3 * (strlen(to) + strlen(text)) * 2 + 64, len = 0;
	char *out = malloc(cap);

	if (!out)
		return NULL;
	for (const char *p = tpl; *p;) {
		const char *v = NULL;

		if (strncmp(p, "{to}", 4) == 0) {
			v = to;
			p += 4;
		} else if (strncmp(p, "{text}", 6) == 0) {
			v = text;
			p += 6;
		}
		if (!v) {
			out[len++] = *p++;
			continue;
		}
		for (; *v; v++) {
			unsigned char c = (unsigned char)*v;

			if (esc == SMS_URL && !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
						(c >= '0' && c <= '9') || strchr("-_.~", c))) {
				len += (size_t)sprintf(out + len, "%%%02X", c);
			} else if (esc == SMS_JSON && (c == '"' || c == '\\' || c < 0x20)) {
				len += (size_t)(c == '"' || c == '\\' ? sprintf(out + len, "\\%c", c)
								      : sprintf(out + len, "\\u%04x", c));
			} else {
				out[len++] = (char)c;
			}
		}
	}
	out[len] = '\0';
	return out;
}

/* --- drivers (worker threads) ---------------------------------------------- */

static size_t discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

static void send_http(const struct config *cfg, struct sms_job *job)
{
	CURL *c = curl_easy_init();
	struct curl_slist *headers = NULL;
	char *url = sms_expand(cfg->portal_sms_url, job->to, job->text, SMS_URL), *body = NULL;
	int json = 0;
	long status = 0;
	CURLcode rc;

	if (!c || !url) {
		snprintf(job->error, sizeof(job->error), "out of memory");
		goto out;
	}
	/* headers "A: b|C: d"; the body is escaped for its content type */
	char hdrs[sizeof(cfg->portal_sms_headers)], *save = NULL;

	snprintf(hdrs, sizeof(hdrs), "%s", cfg->portal_sms_headers);
	for (char *h = strtok_r(hdrs, "|", &save); h; h = strtok_r(NULL, "|", &save)) {
		while (*h == ' ')
			h++;
		if (!*h)
			continue;
		char *x = sms_expand(h, job->to, job->text, SMS_RAW);

		if (strncasecmp(h, "content-type:", 13) == 0 && strstr(h, "json"))
			json = 1;
		headers = curl_slist_append(headers, x);
		free(x);
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	if (headers)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	if (strcasecmp(cfg->portal_sms_method, "GET") != 0) {
		body = sms_expand(cfg->portal_sms_body, job->to, job->text, json ? SMS_JSON : SMS_URL);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
		if (strcasecmp(cfg->portal_sms_method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, cfg->portal_sms_method);
	}
	rc = curl_easy_perform(c);
	if (rc != CURLE_OK) {
		snprintf(job->error, sizeof(job->error), "%s", curl_easy_strerror(rc));
	} else {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (status >= 200 && status < 300)
			job->ok = 1;
		else
			snprintf(job->error, sizeof(job->error), "the SMS gateway answered HTTP %ld", status);
	}
out:
	curl_slist_free_all(headers);
	if (c)
		curl_easy_cleanup(c);
	free(url);
	free(body);
}

static void send_exec(const struct config *cfg, struct sms_job *job)
{
	char cmd[sizeof(cfg->portal_sms_command)], *save = NULL, *argv[32];
	int argc = 0, status;
	pid_t pid;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, dfl;

	snprintf(cmd, sizeof(cmd), "%s", cfg->portal_sms_command);
	for (char *a = strtok_r(cmd, " ", &save); a && argc < 31; a = strtok_r(NULL, " ", &save))
		argv[argc++] = sms_expand(a, job->to, job->text, SMS_RAW);
	argv[argc] = NULL;
	if (argc == 0) {
		snprintf(job->error, sizeof(job->error), "no command");
		return;
	}
	/* stdin from /dev/null; stdout and stderr go to our log */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, 2, 1);
	/* the daemon blocks its signals (signalfd) and ignores SIGPIPE: the child
	 * starts with neither */
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &dfl);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	errno = posix_spawn(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (errno) {
		snprintf(job->error, sizeof(job->error), "cannot run %s: %s", argv[0], strerror(errno));
	} else if (waitpid(pid, &status, 0) < 0) {
		snprintf(job->error, sizeof(job->error), "waitpid: %s", strerror(errno));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		job->ok = 1;
	} else {
		snprintf(job->error, sizeof(job->error), "%s exited with status %d", argv[0],
			 WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
	for (int i = 0; i < argc; i++)
		free(argv[i]);
}

static void *worker(void *arg)
{
	struct sms *s = arg;

	for (;;) {
		struct sms_job *job;

		pthread_mutex_lock(&s->lock);
		while (!s->head && !s->stopping)
			pthread_cond_wait(&s->wake, &s->lock);
		if (s->stopping) {
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		job = s->head;
		s->head = job->next;
		if (!s->head)
			s->tail = NULL;
		pthread_mutex_unlock(&s->lock);

		if (s->driver == SMS_HTTP)
			send_http(s->cfg, job);
		else
			send_exec(s->cfg, job);
		h2o_multithread_send_message(&s->receiver, &job->super);
	}
}

/* --- the loop side ----------------------------------------------------------- */

static void on_results(h2o_multithread_receiver_t *receiver, h2o_linklist_t *messages)
{
	struct sms *s = H2O_STRUCT_FROM_MEMBER(struct sms, receiver, receiver);

	while (!h2o_linklist_is_empty(messages)) {
		struct sms_job *job = H2O_STRUCT_FROM_MEMBER(struct sms_job, super.link, messages->next);

		h2o_linklist_unlink(&job->super.link);
		if (!job->ok)
			log_warn("sms", "delivery failed to=%s error=\"%s\"", job->to, job->error);
		else
			log_info("sms", "delivered to=%s", job->to);
		if (job->ok)
			s->sent++;
		else
			s->failed++;
		job->done(job->arg, job->ok, job->error);
		free(job);
	}
}

struct sms *sms_create(const struct config *cfg, h2o_loop_t *loop, char *err, size_t errlen)
{
	struct sms *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->cfg = cfg;
	if (!strcmp(cfg->portal_sms_driver, "log")) {
		s->driver = SMS_LOG;
	} else if (!strcmp(cfg->portal_sms_driver, "http")) {
		s->driver = SMS_HTTP;
		if (strncmp(cfg->portal_sms_url, "http://", 7) && strncmp(cfg->portal_sms_url, "https://", 8)) {
			snprintf(err, errlen, "[portal] sms_url must be an http(s) URL for sms_driver = http");
			free(s);
			return NULL;
		}
	} else if (!strcmp(cfg->portal_sms_driver, "exec")) {
		s->driver = SMS_EXEC;
		if (cfg->portal_sms_command[0] != '/') {
			snprintf(err, errlen, "[portal] sms_command must start with an absolute program path");
			free(s);
			return NULL;
		}
	} else {
		snprintf(err, errlen, "[portal] sms_driver \"%s\": allowed is log, http or exec",
			 cfg->portal_sms_driver);
		free(s);
		return NULL;
	}
	s->queue = h2o_multithread_create_queue(loop);
	h2o_multithread_register_receiver(s->queue, &s->receiver, on_results);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	if (s->driver != SMS_LOG) {
		for (int i = 0; i < SMS_WORKERS; i++)
			if (pthread_create(&s->workers[i], NULL, worker, s) == 0)
				s->nworkers++;
	}
	return s;
}

void sms_destroy(struct sms *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	for (int i = 0; i < s->nworkers; i++)
		pthread_join(s->workers[i], NULL);
	h2o_multithread_unregister_receiver(s->queue, &s->receiver);
	h2o_multithread_destroy_queue(s->queue);
	free(s);
}

void sms_send(struct sms *s, const char *to, const char *text, sms_done done, void *arg)
{
	struct sms_job *job = calloc(1, sizeof(*job));

	if (!job)
		abort();
	snprintf(job->to, sizeof(job->to), "%s", to);
	snprintf(job->text, sizeof(job->text), "%s", text);
	job->done = done;
	job->arg = arg;
	if (s->driver == SMS_LOG) {
		/* the log is the delivery; still answered from the loop, like the others */
		log_info("sms", "message to=%s text=\"%s\"", to, text);
		job->ok = 1;
		h2o_multithread_send_message(&s->receiver, &job->super);
		return;
	}
	pthread_mutex_lock(&s->lock);
	if (s->tail)
		s->tail->next = job;
	else
		s->head = job;
	s->tail = job;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

static void collect(struct metrics_out *o, void *arg)
{
	static const char *const drivers[] = { [SMS_LOG] = "log", [SMS_HTTP] = "http", [SMS_EXEC] = "exec" };
	const struct sms *s = arg;

	metrics_family(o, "spotgate_sms_messages_total", "counter",
		       "SMS messages (one-time codes) by delivery driver and result: sent, or failed.");
	metrics_sample(o, NULL, (double)s->sent, "driver", drivers[s->driver], "result", "sent", NULL);
	metrics_sample(o, NULL, (double)s->failed, "driver", drivers[s->driver], "result", "failed", NULL);
}

int sms_metrics_register(struct sms *s, struct metrics *m)
{
	return m ? metrics_register(m, collect, s) : 0;
}
