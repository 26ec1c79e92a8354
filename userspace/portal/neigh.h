/* The guest's MAC address from its IP address: the kernel's neighbour table
 * on the LAN interface (netlink RTM_GETNEIGH for one address). A guest that
 * just opened a TCP connection to us has an entry, since our SYN-ACK needed
 * it. */
#ifndef SPOTGATE_PORTAL_NEIGH_H
#define SPOTGATE_PORTAL_NEIGH_H

#include <stdint.h>
#include <sys/socket.h>

/* One netlink socket kept open for every lookup (opening one per request
 * was a tenth of a status page); replies are matched by sequence number, so
 * a late answer to an earlier lookup is skipped. */
struct neigh {
	int fd;			/* -1: opened on the next lookup */
	uint32_t seq;
};

void neigh_init(struct neigh *n);
void neigh_close(struct neigh *n);

/* 0 with the MAC, -ENOENT when the table has no usable entry (incomplete or
 * failed), -errno otherwise. ifindex 0 = any interface. */
int neigh_lookup(struct neigh *n, int ifindex, const struct sockaddr *addr, uint8_t mac[6]);

#endif
