#include "radius_client/resign.h"

#include <errno.h>

#include "radius/dict.h"
#include "radius/encode.h"

int radius_request_resignable(const struct radius_packet *tmpl)
{
	struct radius_attr unused;

	if (!tmpl->data || !radius_code_is_request(tmpl->code))
		return -EINVAL;
	if (tmpl->code == RADIUS_ACCESS_REQUEST &&
	    radius_attr_find(tmpl, RADIUS_ATTR_USER_PASSWORD, &unused) == 0)
		return -EINVAL;
	return 0;
}

int radius_request_resign(const struct radius_packet *tmpl, uint8_t id, const void *secret,
			  size_t secret_len, uint8_t *buf, size_t size)
{
	struct radius_builder b;
	struct radius_attr_iter it;
	struct radius_attr a;
	int err = radius_request_resignable(tmpl);

	if (err)
		return err;
	/* init places Message-Authenticator first for the codes that always carry one */
	radius_request_init(&b, buf, size, tmpl->code, id, tmpl->authenticator);
	if (tmpl->ma_off && !b.ma_off)
		radius_add_message_authenticator(&b);
	radius_attr_iter_init(&it, tmpl);
	while (radius_attr_next(&it, &a))
		if (a.type != RADIUS_ATTR_MESSAGE_AUTHENTICATOR)
			radius_add(&b, a.type, a.value, a.len);
	return radius_finish(&b, secret, secret_len);
}
