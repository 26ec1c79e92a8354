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

void neigh_init(struct neigh *n)
{
	n->fd = -1;
	n->seq = 0;
}

void neigh_close(struct neigh *n)
{
	if (n->fd >= 0)
		close(n->fd);
	n->fd = -1;
}

static int neigh_open(struct neigh *n)
{
	struct timeval tv = { .tv_sec = 1 };

	if (n->fd >= 0)
		return 0;
	n->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (n->fd < 0)
		return -errno;
	setsockopt(n->fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return 0;
}

int neigh_lookup(struct neigh *n, int ifindex, const struct sockaddr *addr, uint8_t mac[6])
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
	int rc = -ENOENT;
	ssize_t len;

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
	req.nh.nlmsg_seq = ++n->seq;
	req.nd.ndm_family = iplen == 4 ? AF_INET : AF_INET6;
	req.nd.ndm_ifindex = ifindex;
	rta = (struct rtattr *)((char *)&req + NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct ndmsg))));
	rta->rta_type = NDA_DST;
	rta->rta_len = (unsigned short)RTA_LENGTH(iplen);
	memcpy(RTA_DATA(rta), ip, iplen);
	req.nh.nlmsg_len = NLMSG_ALIGN(NLMSG_LENGTH(sizeof(struct ndmsg))) + RTA_ALIGN(rta->rta_len);

	if ((rc = neigh_open(n)))
		return rc;
	if (send(n->fd, &req, req.nh.nlmsg_len, 0) < 0) {
		rc = -errno;
		neigh_close(n);	/* a fresh socket next time */
		return rc;
	}
	do {
		len = recv(n->fd, &resp, sizeof(resp), 0);
		if (len < 0) {
			rc = -errno;
			neigh_close(n);
			return rc;
		}
	} while ((size_t)len >= sizeof(resp.nh) && resp.nh.nlmsg_seq != n->seq);
	rc = -ENOENT;
	for (struct nlmsghdr *nh = &resp.nh; NLMSG_OK(nh, (unsigned)len); nh = NLMSG_NEXT(nh, len)) {
		struct ndmsg *nd;
		int alen;

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
		alen = (int)(nh->nlmsg_len - NLMSG_LENGTH(sizeof(*nd)));
		for (rta = (struct rtattr *)((char *)nd + NLMSG_ALIGN(sizeof(*nd))); RTA_OK(rta, alen);
		     rta = RTA_NEXT(rta, alen)) {
			if (rta->rta_type == NDA_LLADDR && RTA_PAYLOAD(rta) == 6) {
				memcpy(mac, RTA_DATA(rta), 6);
				rc = 0;
			}
		}
		break;
	}
	return rc;
}
