/* A RADIUS load generator that sleeps while it waits. It sends the requests of
 * a radclient input file (the attributes bench/radius.sh writes) to one server,
 * W at a time on one socket, waits for answers in poll(), checks each answer's
 * authenticators against its request, resends after a timeout like radclient
 * (-t, -r) and prints radclient's packet summary.
 *
 * Why: radclient 3.2.1 polls its socket once for every request in its list on
 * every pass while it waits, so on this machine's two cores it takes about a
 * core and tops out near 20,000 answers/s against a server that does nothing.
 * This one costs a few microseconds per request, so what it measures is the
 * server.
 *
 * usage: radius_load [-p W] [-t SECONDS] [-r TRIES] -f FILE HOST:PORT auth|acct SECRET
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "radius/auth.h"
#include "radius/dict.h"
#include "radius/encode.h"
#include "radius/packet.h"

struct attr {
	const struct radius_dict_attr *def;	/* spotgate's dictionary (radius/dict.h) */
	uint8_t len;
	uint8_t value[RADIUS_ATTR_MAX_VALUE];
};

struct request {
	struct attr *attrs;
	size_t n;
};

/* one identifier's request on the wire */
struct slot {
	size_t req;		/* index into the requests; SIZE_MAX when free */
	int tries;
	double sent_at;
	size_t len;
	uint8_t buf[RADIUS_MAX_LEN];
};

static const char *secret;

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void die(const char *what)
{
	fprintf(stderr, "radius_load: %s\n", what);
	exit(1);
}

/* "Name = value" -> attr, by spotgate's dictionary; exits with the file and line on
 * anything it cannot send. Standard attributes: strings quoted, IPv4 addresses,
 * numbers or the dictionary's names for them; User-Password is hidden when sent and
 * Message-Authenticator (any value) filled in. */
static void parse_line(char *line, const char *file, int lineno, struct attr *a)
{
	char *eq = strstr(line, " = "), *value, *end;
	size_t len;

	if (!eq)
		goto bad;
	*eq = '\0';
	value = eq + 3;
	a->def = radius_dict_by_name(line);
	if (!a->def || a->def->vendor) {
		fprintf(stderr, "radius_load: %s:%d: %s is not a standard attribute of spotgate's dictionary\n",
			file, lineno, line);
		exit(2);
	}
	len = strlen(value);
	if (a->def->type == RADIUS_ATTR_MESSAGE_AUTHENTICATOR) {
		a->len = 0;
		return;
	}
	switch (a->def->value_type) {
	case RADIUS_TYPE_HIDDEN:
		if (a->def->type != RADIUS_ATTR_USER_PASSWORD)
			goto bad;
		__attribute__((fallthrough));	/* given in clear, like a string */
	case RADIUS_TYPE_STRING:
		if (len < 2 || value[0] != '"' || value[len - 1] != '"' || len - 2 > RADIUS_ATTR_MAX_VALUE)
			goto bad;
		a->len = (uint8_t)(len - 2);
		memcpy(a->value, value + 1, a->len);
		return;
	case RADIUS_TYPE_IPADDR:
		a->len = 4;
		if (inet_pton(AF_INET, value, a->value) != 1)
			goto bad;
		return;
	case RADIUS_TYPE_INTEGER:
	case RADIUS_TYPE_DATE: {
		uint32_t v;

		if (radius_dict_value_by_name(0, a->def->type, value, &v) != 0) {
			errno = 0;
			unsigned long ul = strtoul(value, &end, 10);
			if (errno || *end || end == value || ul > UINT32_MAX)
				goto bad;
			v = (uint32_t)ul;
		}
		a->len = 4;
		v = htonl(v);
		memcpy(a->value, &v, 4);
		return;
	}
	default:
		goto bad;
	}
bad:
	fprintf(stderr, "radius_load: %s:%d: %s: expected a quoted string, an IPv4 address, or a number or "
		"its name, as the attribute's type is\n", file, lineno, line);
	exit(2);
}

/* requests are separated by blank lines */
static struct request *read_requests(const char *file, size_t *count)
{
	FILE *f = fopen(file, "r");
	struct request *reqs = NULL;
	size_t n = 0, cap = 0;
	char line[1024];
	int lineno = 0;
	bool in_request = false;

	if (!f) {
		fprintf(stderr, "radius_load: %s: %s\n", file, strerror(errno));
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (line[0] == '\0') {
			in_request = false;
			continue;
		}
		if (!in_request) {
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				reqs = realloc(reqs, cap * sizeof(*reqs));
				if (!reqs)
					die("out of memory");
			}
			reqs[n++] = (struct request){ 0 };
			in_request = true;
		}
		struct request *r = &reqs[n - 1];
		r->attrs = realloc(r->attrs, (r->n + 1) * sizeof(*r->attrs));
		if (!r->attrs)
			die("out of memory");
		parse_line(line, file, lineno, &r->attrs[r->n++]);
	}
	fclose(f);
	*count = n;
	return reqs;
}

static size_t encode(const struct request *r, uint8_t code, uint8_t id, uint8_t *buf)
{
	struct radius_builder b;
	uint8_t auth[RADIUS_AUTH_LEN];
	size_t slen = strlen(secret);
	int len;

	if (code == RADIUS_ACCESS_REQUEST && radius_random_authenticator(auth) != 0)
		die("no random authenticator");
	radius_request_init(&b, buf, RADIUS_MAX_LEN, code, id, auth);
	for (size_t i = 0; i < r->n; i++) {
		const struct attr *a = &r->attrs[i];

		if (a->def->type == RADIUS_ATTR_USER_PASSWORD)
			radius_add_user_password(&b, a->value, a->len, secret, slen);
		else if (a->def->type == RADIUS_ATTR_MESSAGE_AUTHENTICATOR) {
			if (code != RADIUS_ACCESS_REQUEST)	/* init put one first already */
				radius_add_message_authenticator(&b);
		} else
			radius_add(&b, a->def->type, a->value, a->len);
	}
	len = radius_finish(&b, secret, slen);
	if (len <= 0)
		die("a request does not encode");
	return (size_t)len;
}

static int connect_to(const char *hostport)
{
	char host[64];
	const char *colon = strrchr(hostport, ':');
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd, size = 4 << 20;

	if (!colon || (size_t)(colon - hostport) >= sizeof(host))
		die("the server is HOST:PORT");
	memcpy(host, hostport, (size_t)(colon - hostport));
	host[colon - hostport] = '\0';
	a.sin_port = htons((uint16_t)atoi(colon + 1));
	if (inet_pton(AF_INET, host, &a.sin_addr) != 1)
		die("the server's host is an IPv4 address");
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0)
		die("cannot reach the server's address");
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	return fd;
}

int main(int argc, char **argv)
{
	int window = 255, tries = 3, opt, fd;
	double timeout = 5;
	const char *file = NULL;
	struct request *reqs;
	size_t n, next = 0, finished = 0, inflight = 0, accepted = 0, rejected = 0, lost = 0, resent = 0;
	struct slot *slots;
	uint8_t code, free_ids[256];
	size_t nfree = 0;

	while ((opt = getopt(argc, argv, "p:t:r:f:")) != -1) {
		switch (opt) {
		case 'p': window = atoi(optarg); break;
		case 't': timeout = atof(optarg); break;
		case 'r': tries = atoi(optarg); break;
		case 'f': file = optarg; break;
		default: goto usage;
		}
	}
	if (argc - optind != 3 || !file || window < 1 || window > 256 || tries < 1 || timeout <= 0)
		goto usage;
	if (strcmp(argv[optind + 1], "auth") == 0)
		code = RADIUS_ACCESS_REQUEST;
	else if (strcmp(argv[optind + 1], "acct") == 0)
		code = RADIUS_ACCOUNTING_REQUEST;
	else
		goto usage;
	secret = argv[optind + 2];
	reqs = read_requests(file, &n);
	fd = connect_to(argv[optind]);
	slots = calloc(256, sizeof(*slots));
	if (!slots)
		die("out of memory");
	for (int id = 255; id >= 0; id--) {
		slots[id].req = SIZE_MAX;
		free_ids[nfree++] = (uint8_t)id;
	}

	while (finished < n) {
		double t = now();

		while (inflight < (size_t)window && next < n) {
			uint8_t id = free_ids[--nfree];
			struct slot *s = &slots[id];

			s->req = next++;
			s->tries = 1;
			s->len = encode(&reqs[s->req], code, id, s->buf);
			s->sent_at = t;
			if (send(fd, s->buf, s->len, 0) < 0 && errno != EAGAIN && errno != ENOBUFS)
				die("send failed");
			inflight++;
		}
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 100) < 0 && errno != EINTR)
			die("poll failed");
		for (;;) {
			uint8_t in[RADIUS_MAX_LEN];
			struct radius_packet reply, request;
			ssize_t got = recv(fd, in, sizeof(in), 0);
			struct slot *s;

			if (got < 0)
				break;
			if (radius_decode(in, (size_t)got, &reply) != 0)
				continue;
			s = &slots[reply.id];
			if (s->req == SIZE_MAX || radius_decode(s->buf, s->len, &request) != 0 ||
			    radius_verify_reply(&reply, &request, secret, strlen(secret), 0) != 0)
				continue;	/* late, duplicate or forged: radclient ignores these too */
			if (reply.code == RADIUS_ACCESS_REJECT)
				rejected++;
			else
				accepted++;
			s->req = SIZE_MAX;
			free_ids[nfree++] = reply.id;
			inflight--;
			finished++;
		}
		t = now();
		for (int id = 0; id < 256 && inflight; id++) {
			struct slot *s = &slots[id];

			if (s->req == SIZE_MAX || t - s->sent_at < timeout)
				continue;
			if (s->tries == tries) {
				s->req = SIZE_MAX;
				free_ids[nfree++] = (uint8_t)id;
				inflight--;
				finished++;
				lost++;
				continue;
			}
			s->tries++;
			s->sent_at = t;
			resent++;
			(void)send(fd, s->buf, s->len, 0);	/* the same packet again, as radclient does */
		}
	}
	/* radclient's summary, and how many requests went out more than once */
	printf("Packet summary:\n\tAccepted      : %zu\n\tRejected      : %zu\n\tLost          : %zu\n"
	       "\tResent        : %zu\n", accepted, rejected, lost, resent);
	return 0;
usage:
	fprintf(stderr, "usage: radius_load [-p W (1-256)] [-t SECONDS] [-r TRIES] -f FILE HOST:PORT auth|acct SECRET\n");
	return 2;
}
