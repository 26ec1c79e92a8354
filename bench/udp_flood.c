/* bench/dataplane.sh's UDP sender: minimum-size frames as fast as one core can hand
 * them to the kernel, so that the path behind the socket (the lab gateway) and not the
 * sender sets the packets per second. The kernel here has no pktgen.
 *
 *   udp_flood DST_IPV4 FIRST_PORT PORTS SECONDS
 *
 * Each datagram carries 18 bytes: 14 (Ethernet) + 20 (IPv4) + 8 (UDP) + 18 = 60 bytes,
 * 64 on a wire with its FCS. PORTS connected sockets, one per destination port from
 * FIRST_PORT on (each its own flow; connected, so no route lookup per datagram), take
 * turns sending batches of 256 with one sendmmsg() each, until SECONDS have passed.
 * Prints what the kernel accepted (the benchmark counts arrivals on the far side) and
 * the CPU time this process used: on veth the whole path behind the socket runs in
 * the sender's softirq, so that is also the cost of forwarding what it sent. */
#define _GNU_SOURCE	/* sendmmsg */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#define PAYLOAD 18
#define BATCH 256
#define MAX_PORTS 64

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_uint(const char *s, const char *name, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(s, &end, 10);
	if (errno || end == s || *end || *out > max) {
		fprintf(stderr, "udp_flood: %s: not a number up to %lu: %s\n", name, max, s);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char payload[PAYLOAD];
	struct iovec iov = { .iov_base = payload, .iov_len = sizeof(payload) };
	struct mmsghdr msgs[BATCH];
	struct sockaddr_in dst = { .sin_family = AF_INET };
	unsigned long first, ports, seconds;
	unsigned long long sent = 0;
	int fds[MAX_PORTS];
	struct rusage ru;
	double start, end;

	if (argc != 5) {
		fprintf(stderr, "usage: %s DST_IPV4 FIRST_PORT PORTS SECONDS\n", argv[0]);
		return 2;
	}
	if (inet_pton(AF_INET, argv[1], &dst.sin_addr) != 1) {
		fprintf(stderr, "udp_flood: DST_IPV4: not an IPv4 address: %s\n", argv[1]);
		return 2;
	}
	if (parse_uint(argv[2], "FIRST_PORT", 65535, &first) ||
	    parse_uint(argv[3], "PORTS", MAX_PORTS, &ports) ||
	    parse_uint(argv[4], "SECONDS", 3600, &seconds))
		return 2;
	if (!first || !ports || first + ports - 1 > 65535) {
		fprintf(stderr, "udp_flood: FIRST_PORT and PORTS must name ports 1..65535\n");
		return 2;
	}

	for (unsigned long i = 0; i < ports; i++) {
		dst.sin_port = htons((unsigned short)(first + i));
		fds[i] = socket(AF_INET, SOCK_DGRAM, 0);
		if (fds[i] < 0 || connect(fds[i], (struct sockaddr *)&dst, sizeof(dst))) {
			perror("udp_flood: socket");
			return 1;
		}
	}
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	start = now_s();
	end = start + (double)seconds;
	for (unsigned long i = 0; now_s() < end; i = (i + 1) % ports) {
		int n = sendmmsg(fds[i], msgs, BATCH, 0);

		/* ECONNREFUSED: an ICMP error came back (the benchmark checks the far
		 * side stays silent); ENOBUFS: a queue was full. Either way, go on. */
		if (n > 0) {
			sent += (unsigned long long)n;
		} else if (errno != ECONNREFUSED && errno != ENOBUFS && errno != EAGAIN &&
			   errno != EINTR) {
			perror("udp_flood: sendmmsg");
			return 1;
		}
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("sent %llu cpu_s %.3f wall_s %.3f\n", sent,
	       (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6, now_s() - start);
	return 0;
}
