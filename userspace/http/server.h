/* HTTP listeners on the daemon's event loop (libh2o evloop). One h2o context
 * serves several virtual hosts (admin API, portal); each listener accepts
 * connections for exactly one of them. */
#ifndef SPOTGATE_HTTP_SERVER_H
#define SPOTGATE_HTTP_SERVER_H

#include <h2o.h>

#define HTTP_MAX_LISTENERS 8

struct http_listener {
	h2o_socket_t *sock;
	h2o_accept_ctx_t accept;
	h2o_hostconf_t *hosts[2];	/* the one host this listener serves, NULL */
	char unix_path[108];		/* unlinked on close */
};

struct http_server {
	h2o_globalconf_t config;
	h2o_context_t ctx;
	int started;
	struct http_listener listeners[HTTP_MAX_LISTENERS];
	int nlisteners;
};

void http_server_init(struct http_server *srv);
/* A virtual host; register paths on it before http_server_start(). */
h2o_hostconf_t *http_server_host(struct http_server *srv, const char *name);
/* Registers on_req for every request under path on host. */
void http_server_route(h2o_hostconf_t *host, const char *path,
		       int (*on_req)(h2o_handler_t *self, h2o_req_t *req), void *data);
/* Creates the h2o context on loop; listeners may be added afterwards. */
void http_server_start(struct http_server *srv, h2o_loop_t *loop);

/* Listens on a Unix socket (mode 0660, a stale socket file is replaced) or a
 * TCP "ADDRESS:PORT" for host. Return 0 or -errno with a message in err. */
int http_listen_unix(struct http_server *srv, h2o_hostconf_t *host, const char *path, char *err,
		     size_t errlen);
int http_listen_tcp(struct http_server *srv, h2o_hostconf_t *host, const char *addr, char *err,
		    size_t errlen);
/* The same with TLS: the listener takes ownership of ssl_ctx (see
 * http_tls_context) and frees it when it stops. */
int http_listen_tls(struct http_server *srv, h2o_hostconf_t *host, const char *addr, SSL_CTX *ssl_ctx,
		    char *err, size_t errlen);
/* A TLS server context from PEM files (certificate chain and key), TLS 1.2
 * or newer, ALPN h2 and http/1.1. NULL with a message in err. */
SSL_CTX *http_tls_context(const char *cert_file, const char *key_file, char *err, size_t errlen);

void http_server_stop(struct http_server *srv);

/* The data pointer given to http_server_route(). */
void *http_route_data(h2o_handler_t *self);

/* Sends a complete response with Content-Length. */
void http_respond(h2o_req_t *req, int status, const char *content_type, const char *body, size_t len);

#endif
