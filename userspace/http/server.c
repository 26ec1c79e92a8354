#include "http/server.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/log.h"
#include "common/sockaddr.h"

struct route_handler {
	h2o_handler_t super;
	void *data;
};

void http_server_init(struct http_server *srv)
{
	memset(srv, 0, sizeof(*srv));
	h2o_config_init(&srv->config);
}

h2o_hostconf_t *http_server_host(struct http_server *srv, const char *name)
{
	return h2o_config_register_host(&srv->config, h2o_iovec_init(name, strlen(name)), 65535);
}

void http_server_route(h2o_hostconf_t *host, const char *path,
		       int (*on_req)(h2o_handler_t *self, h2o_req_t *req), void *data)
{
	h2o_pathconf_t *pc = h2o_config_register_path(host, path, 0);
	struct route_handler *h = (struct route_handler *)h2o_create_handler(pc, sizeof(*h));

	h->super.on_req = on_req;
	h->data = data;
}

void *http_route_data(h2o_handler_t *self)
{
	return ((struct route_handler *)self)->data;
}

void http_server_start(struct http_server *srv, h2o_loop_t *loop)
{
	h2o_context_init(&srv->ctx, loop, &srv->config);
	srv->started = 1;
}

static void on_accept(h2o_socket_t *listener, const char *err)
{
	struct http_listener *l = listener->data;
	h2o_socket_t *sock;

	if (err)
		return;
	while ((sock = h2o_evloop_socket_accept(listener)) != NULL)
		h2o_accept(&l->accept, sock);
}

static struct http_listener *add_listener(struct http_server *srv, h2o_hostconf_t *host, int fd)
{
	struct http_listener *l = &srv->listeners[srv->nlisteners++];

	l->hosts[0] = host;
	l->hosts[1] = NULL;
	l->accept = (h2o_accept_ctx_t){ .ctx = &srv->ctx, .hosts = l->hosts };
	l->sock = h2o_evloop_socket_create(srv->ctx.loop, fd, H2O_SOCKET_FLAG_DONT_READ);
	l->sock->data = l;
	h2o_socket_read_start(l->sock, on_accept);
	return l;
}

int http_listen_unix(struct http_server *srv, h2o_hostconf_t *host, const char *path, char *err,
		     size_t errlen)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct http_listener *l;
	int fd, rc;

	if (srv->nlisteners == HTTP_MAX_LISTENERS || strlen(path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "%s: socket path too long (at most %zu characters)", path,
			 sizeof(sun.sun_path) - 1);
		return -ENAMETOOLONG;
	}
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	/* a socket file left by a killed daemon: replace it only if nobody answers */
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
		close(fd);
		snprintf(err, errlen, "%s: another spotgated is listening there", path);
		return -EADDRINUSE;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 || chmod(path, 0660) != 0 ||
	    listen(fd, SOMAXCONN) != 0)
		goto fail;
	l = add_listener(srv, host, fd);
	snprintf(l->unix_path, sizeof(l->unix_path), "%s", path);
	return 0;
fail:
	rc = -errno;
	snprintf(err, errlen, "%s: cannot listen: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int http_listen_tcp(struct http_server *srv, h2o_hostconf_t *host, const char *addr, char *err,
		    size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, rc, one = 1;

	if (sockaddr_parse(addr, &ss, &len) != 0) {
		snprintf(err, errlen, "%s: not ADDRESS:PORT", addr);
		return -EINVAL;
	}
	if (srv->nlisteners == HTTP_MAX_LISTENERS) {
		snprintf(err, errlen, "%s: too many listeners", addr);
		return -ENOSPC;
	}
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, SOMAXCONN) != 0)
		goto fail;
	add_listener(srv, host, fd);
	return 0;
fail:
	rc = -errno;
	snprintf(err, errlen, "%s: cannot listen: %s", addr, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

int http_listen_tls(struct http_server *srv, h2o_hostconf_t *host, const char *addr, SSL_CTX *ssl_ctx,
		    char *err, size_t errlen)
{
	int rc = http_listen_tcp(srv, host, addr, err, errlen);

	if (rc != 0) {
		SSL_CTX_free(ssl_ctx);
		return rc;
	}
	srv->listeners[srv->nlisteners - 1].accept.ssl_ctx = ssl_ctx;
	return 0;
}

void http_server_stop(struct http_server *srv)
{
	for (int i = 0; i < srv->nlisteners; i++) {
		struct http_listener *l = &srv->listeners[i];

		h2o_socket_read_stop(l->sock);
		h2o_socket_close(l->sock);
		if (l->unix_path[0])
			unlink(l->unix_path);
		if (l->accept.ssl_ctx)
			SSL_CTX_free(l->accept.ssl_ctx);
	}
	srv->nlisteners = 0;
}

void http_respond(h2o_req_t *req, int status, const char *content_type, const char *body, size_t len)
{
	static h2o_generator_t generator = { NULL, NULL };
	h2o_iovec_t buf = h2o_strdup(&req->pool, body, len);

	req->res.status = status;
	req->res.reason = status < 300 ? "OK" : status < 400 ? "Redirect" : status < 500 ? "Client Error" : "Server Error";
	req->res.content_length = len;
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, content_type,
		       strlen(content_type));
	log_flush();	/* the lines about an answer are written before it goes out */
	h2o_start_response(req, &generator);
	h2o_send(req, &buf, 1, H2O_SEND_STATE_FINAL);
}
