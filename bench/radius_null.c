/* A RADIUS server that does no work: it answers every Access-Request with an
 * Access-Accept (Message-Authenticator first, as spotgate's) and every
 * Accounting-Request with an Accounting-Response, at once. bench/radius.sh
 * runs radclient against it to show the most answers per second radclient
 * can take on this machine: no server measured through it can go faster.
 *
 * usage: radius_null AUTH_PORT ACCT_PORT SECRET   (127.0.0.1)
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#define ACCESS_REQUEST 1
#define ACCESS_ACCEPT 2
#define ACCOUNTING_REQUEST 4
#define ACCOUNTING_RESPONSE 5
#define MESSAGE_AUTHENTICATOR 80

static const char *secret;

static int listen_on(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), size = 4 << 20;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		perror("radius_null: bind");
		exit(1);
	}
	/* room for a load generator's whole window at once, as spotgated has */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return fd;
}

/* out[4..20) = MD5(out with the request's authenticator there, then the secret) */
static void sign(unsigned char *out, size_t len, const unsigned char *req_auth)
{
	unsigned char buf[128];
	unsigned int n;

	memcpy(buf, out, len);
	memcpy(buf + 4, req_auth, 16);
	memcpy(buf + len, secret, strlen(secret));
	EVP_Digest(buf, len + strlen(secret), out + 4, &n, EVP_md5(), NULL);
}

/* the reply to one request, or 0 for none */
static size_t answer(const unsigned char *in, size_t inlen, unsigned char *out)
{
	size_t len = 20, maclen;

	if (inlen < 20 || (in[0] != ACCESS_REQUEST && in[0] != ACCOUNTING_REQUEST))
		return 0;
	out[0] = in[0] == ACCESS_REQUEST ? ACCESS_ACCEPT : ACCOUNTING_RESPONSE;
	out[1] = in[1];
	if (out[0] == ACCESS_ACCEPT) {
		/* HMAC-MD5 over the reply with the request's authenticator and a
		 * zeroed Message-Authenticator (RFC 3579 3.2) */
		out[len] = MESSAGE_AUTHENTICATOR;
		out[len + 1] = 18;
		memset(out + len + 2, 0, 16);
		len += 18;
		out[2] = 0;
		out[3] = (unsigned char)len;
		memcpy(out + 4, in + 4, 16);
		if (!EVP_Q_mac(NULL, "HMAC", NULL, "MD5", NULL, secret, strlen(secret), out, len, out + 22, 16,
			       &maclen))
			return 0;
	} else {
		out[2] = 0;
		out[3] = (unsigned char)len;
	}
	sign(out, len, in + 4);
	return len;
}

int main(int argc, char **argv)
{
	struct pollfd fds[2];

	if (argc != 4) {
		fprintf(stderr, "usage: radius_null AUTH_PORT ACCT_PORT SECRET\n");
		return 2;
	}
	secret = argv[3];
	if (strlen(secret) > 64) {
		fprintf(stderr, "radius_null: the secret is longer than 64 bytes\n");
		return 2;
	}
	fds[0] = (struct pollfd){ .fd = listen_on(atoi(argv[1])), .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = listen_on(atoi(argv[2])), .events = POLLIN };
	for (;;) {
		if (poll(fds, 2, -1) < 0)
			continue;
		for (int i = 0; i < 2; i++) {
			unsigned char in[4096], out[64];
			struct sockaddr_storage src;
			socklen_t srclen = sizeof(src);
			ssize_t n;
			size_t len;

			if (!(fds[i].revents & POLLIN))
				continue;
			n = recvfrom(fds[i].fd, in, sizeof(in), MSG_DONTWAIT, (struct sockaddr *)&src, &srclen);
			if (n > 0 && (len = answer(in, (size_t)n, out)) > 0)
				sendto(fds[i].fd, out, len, 0, (struct sockaddr *)&src, srclen);
		}
	}
}
