#include "radius/attr.h"

#include <errno.h>
#include <string.h>

#include "radius/dict.h"

static uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

int radius_vsa_iter_init(struct radius_vsa_iter *it, const struct radius_attr *attr)
{
	*it = (struct radius_vsa_iter){ .bad = true };
	if (attr->type != RADIUS_ATTR_VENDOR_SPECIFIC || attr->len < 4 + 2)
		return -EBADMSG;
	*it = (struct radius_vsa_iter){
		.vendor = get_be32(attr->value),
		.p = attr->value + 4,
		.left = attr->len - 4u,
	};
	return 0;
}

bool radius_vsa_next(struct radius_vsa_iter *it, struct radius_vsa *vsa)
{
	uint8_t sublen;

	if (it->bad || it->left == 0)
		return false;
	if (it->left < 2 || (sublen = it->p[1]) < 2 || sublen > it->left) {
		it->bad = true;
		return false;
	}
	*vsa = (struct radius_vsa){
		.vendor = it->vendor,
		.type = it->p[0],
		.len = sublen - 2,
		.value = it->p + 2,
	};
	it->p += sublen;
	it->left -= sublen;
	return true;
}

int radius_find_value(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      const uint8_t **value, size_t *len)
{
	struct radius_attr_iter it;
	struct radius_attr a;

	radius_attr_iter_init(&it, pkt);
	while (radius_attr_next(&it, &a)) {
		if (!vendor) {
			if (a.type != type)
				continue;
			*value = a.value;
			*len = a.len;
			return 0;
		}

		struct radius_vsa_iter vit;
		struct radius_vsa v;

		if (a.type != RADIUS_ATTR_VENDOR_SPECIFIC || radius_vsa_iter_init(&vit, &a) ||
		    vit.vendor != vendor)
			continue;
		while (radius_vsa_next(&vit, &v)) {
			if (v.type == type) {
				*value = v.value;
				*len = v.len;
				return 0;
			}
		}
	}
	return -ENOENT;
}

int radius_get_string(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      char *out, size_t size)
{
	const uint8_t *v;
	size_t len;
	int err = radius_find_value(pkt, vendor, type, &v, &len);

	if (err)
		return err;
	if (memchr(v, '\0', len))
		return -EBADMSG;
	if (len >= size)
		return -ENOSPC;
	memcpy(out, v, len);
	out[len] = '\0';
	return 0;
}

int radius_get_octets(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      void *out, size_t size, size_t *len)
{
	const uint8_t *v;
	size_t n;
	int err = radius_find_value(pkt, vendor, type, &v, &n);

	if (err)
		return err;
	if (n > size)
		return -ENOSPC;
	memcpy(out, v, n);
	*len = n;
	return 0;
}

int radius_get_u32(const struct radius_packet *pkt, uint32_t vendor, uint8_t type, uint32_t *out)
{
	const uint8_t *v;
	size_t len;
	int err = radius_find_value(pkt, vendor, type, &v, &len);

	if (err)
		return err;
	if (len != 4)
		return -EBADMSG;
	*out = get_be32(v);
	return 0;
}

int radius_get_ipaddr(const struct radius_packet *pkt, uint32_t vendor, uint8_t type,
		      struct in_addr *out)
{
	const uint8_t *v;
	size_t len;
	int err = radius_find_value(pkt, vendor, type, &v, &len);

	if (err)
		return err;
	if (len != 4)
		return -EBADMSG;
	memcpy(&out->s_addr, v, 4);
	return 0;
}

int radius_get_u64(const struct radius_packet *pkt, uint32_t vendor, uint8_t octets_type,
		   uint8_t gigawords_type, uint64_t *out)
{
	uint32_t octets, gigawords = 0;
	int err = radius_get_u32(pkt, vendor, octets_type, &octets);

	if (err)
		return err;
	err = radius_get_u32(pkt, vendor, gigawords_type, &gigawords);
	if (err && err != -ENOENT)
		return err;
	*out = radius_gigawords_join(octets, gigawords);
	return 0;
}

int radius_copy_proxy_state(struct radius_builder *b, const struct radius_packet *request)
{
	struct radius_attr_iter it;
	struct radius_attr a;
	int err;

	radius_attr_iter_init(&it, request);
	while (radius_attr_next(&it, &a)) {
		if (a.type != RADIUS_ATTR_PROXY_STATE)
			continue;
		err = radius_add(b, a.type, a.value, a.len);
		if (err)
			return err;
	}
	return b->err;
}
