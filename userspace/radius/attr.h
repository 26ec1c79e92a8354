/* Reading attribute values from a decoded packet, Vendor-Specific attributes,
 * 64-bit counters split over Octets + Gigawords, and Proxy-State echoing.
 *
 * Getters take (vendor, type): vendor 0 is the standard space, any other
 * value looks inside Vendor-Specific attributes of that vendor. They return
 * the first occurrence: 0, -ENOENT when absent, -EBADMSG when the value has
 * the wrong size for its type, -ENOSPC when the caller's buffer is short. */
#ifndef SPOTGATE_RADIUS_ATTR_H
#define SPOTGATE_RADIUS_ATTR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "radius/encode.h"
#include "radius/packet.h"

/* One sub-attribute of a Vendor-Specific attribute. */
struct radius_vsa {
	uint32_t vendor;
	uint8_t type;
	uint8_t len;            /* value length */
	const uint8_t *value;
};

struct radius_vsa_iter {
	uint32_t vendor;
	const uint8_t *p;
	size_t left;
	bool bad;               /* the sub-attributes did not tile the attribute */
};

/* Starts walking the sub-attributes of a Vendor-Specific attribute.
 * -EBADMSG when it is not one or is shorter than a Vendor-Id plus one
 * sub-attribute header. Sub-attributes use the type(1) length(1) format;
 * a vendor using another format shows up as `bad` after the walk. */
int radius_vsa_iter_init(struct radius_vsa_iter *it, const struct radius_attr *attr);
bool radius_vsa_next(struct radius_vsa_iter *it, struct radius_vsa *vsa);

/* Value of the first (vendor, type) attribute, as raw octets (not copied). */
int radius_find_value(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      const uint8_t **value, size_t *len);

/* NUL-terminated copy; -EBADMSG when the value contains a NUL, which would
 * make "alice\0x" and "alice" the same user name. */
int radius_get_string(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      char *out, size_t size);
int radius_get_octets(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      void *out, size_t size, size_t *len);
int radius_get_u32(const struct radius_packet *pkt, uint32_t vendor, uint8_t type, uint32_t *out);
int radius_get_ipaddr(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      struct in_addr *out);

/* Gigawords (RFC 2869 §5.1): how many times a 32-bit Octets counter wrapped. */
static inline uint64_t radius_gigawords_join(uint32_t octets, uint32_t gigawords)
{
	return (uint64_t)gigawords << 32 | octets;
}

static inline void radius_gigawords_split(uint64_t bytes, uint32_t *octets, uint32_t *gigawords)
{
	*octets = (uint32_t)bytes;
	*gigawords = (uint32_t)(bytes >> 32);
}

/* octets_type + gigawords_type as 64 bits; a missing Gigawords counts as 0,
 * a missing Octets is -ENOENT. E.g. Acct-Input-Octets + Acct-Input-Gigawords. */
int radius_get_u64(const struct radius_packet *pkt, uint32_t vendor, uint8_t octets_type,
		   uint8_t gigawords_type, uint64_t *out);

/* Appends every Proxy-State of `request` to the reply, in their order
 * (RFC 2865 §5.33: copied unmodified, order preserved). */
int radius_copy_proxy_state(struct radius_builder *b, const struct radius_packet *request);

#endif
