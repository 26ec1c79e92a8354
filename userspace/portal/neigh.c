#include "portal/neigh.h"

#include <errno.h>
#include <linux/neighbour.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

int neigh_lookup(int ifindex, const struct sockaddr *addr, uint8_t mac[6])
{
	struct {
		struct nlmsghdr nh;
		struct ndmsg nd;
		char attrs[64];
	} req;
	union {
		struct nlmsghdr nh;
		char buf[1024];
	} resp;
	const void *ip;
	size_t iplen;
	struct rtattr *rta;
	struct timeval tv = { .tv_sec = 1 };
	int fd, rc = -ENOENT;
	ssize_t n;

	if (addr->sa_family == AF_INET) {
		ip = &((const struct sockaddr_in *)addr)->sin_addr;
		iplen = 4;
	} else if (addr->sa_family == AF_INET6) {
		const struct in6_addr *a6 = &((const struct sockaddr_in6 *)addr)->sin6_addr;

		if (IN6_IS_ADDR_V4MAPPED(a6)) {
			ip = &a6->s6_addr[12];
			iplen = 4;
		} else {
			ip = a6;
			iplen = 16;
		}
	} else {
		return -EAFNOSUPPORT;
	}
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_type = RTM_GETNEIGH;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 1;
	req.nd.ndm_family = iplen == 4 ? AF_INET : AF_INET6;
	req.nd.ndm_ifindex = ifindex;
	rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct ndmsg))));
	rta->rta_type = NDA_DST;
	rta->rta_len = (unsigned short)RTA_LENGTH(iplen);
	memcpy(RTA_DATA(rta), ip, iplen);
	req.nh.nlmsg_len = NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct ndmsg))) + RTA_ALIGN(rta->rta_len);

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (send(fd, &req, req.nh.nlmsg_len, 0) < 0) {
		rc = -errno;
		goto out;
	}
	n = recv(fd, &resp, sizeof(resp), 0);
	if (n < 0) {
		rc = -errno;
		goto out;
	}
	for (struct nlmsghdr *nh = &resp.nh; NLMSG_OK(nh, (unsigned)n); nh = NLMSG_NEXT(nh, n)) {
		struct ndmsg *nd;
		int len;

		if (nh->nlmsg_type == NLMSG_ERROR) {
			int e = ((struct nlmsgerr *)NLMSG_DATA(nh))->error;

			rc = e ? (e == -ENOENT ? -ENOENT : e) : -ENOENT;
			break;
		}
		if (nh->nlmsg_type != RTM_NEWNEIGH)
			continue;
		nd = NLMSG_DATA(nh);
		if (nd->ndm_state & (NUD_INCOMPLETE | NUD_FAILED | NUD_NOARP))
			break;
		len = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*nd)));
		for (rta = (struct rtattr *)((char *)nd + NLMSG_ALIGN(sizeof(*nd))); RTA_OK(rta, len);
		     rta = RTA_NEXT(rta, len)) {
			if (rta->rta_type == NDA_LLADDR && RTA_PAYLOAD(rta) == 6) {
				memcpy(mac, RTA_DATA(rta), 6);
				rc = 0;
			}
		}
		break;
	}
out:
	close(fd);
	return rc;
}
