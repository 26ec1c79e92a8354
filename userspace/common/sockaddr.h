/* "host:port" listen/peer addresses: "192.0.2.1:80", "[2001:db8::1]:80",
 * ":8080" (any IPv4 address). Literal addresses only: no name lookups. */
#ifndef SPOTGATE_SOCKADDR_H
#define SPOTGATE_SOCKADDR_H

#include <sys/socket.h>

/* Returns 0, or -EINVAL when text is not a literal address with a port 1-65535. */
int sockaddr_parse(const char *text, struct sockaddr_storage *out, socklen_t *len);
/* Writes "host:port" (IPv6 in brackets) into buf. */
void sockaddr_format(const struct sockaddr *sa, char *buf, size_t size);

#endif
