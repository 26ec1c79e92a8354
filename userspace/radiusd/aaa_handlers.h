/* The RADIUS server's Access-Request and Accounting-Request handlers: the
 * billing core's decisions (through aaa/) as RADIUS answers, and usage from
 * accounting back into billing. */
#ifndef SPOTGATE_RADIUSD_AAA_HANDLERS_H
#define SPOTGATE_RADIUSD_AAA_HANDLERS_H

#include "radiusd/server.h"

int radius_handle_access(void *ctx, struct radius_server *srv, const struct radius_request *req,
			 struct radius_builder *b, uint8_t *buf, size_t size);
int radius_handle_accounting(void *ctx, struct radius_server *srv, const struct radius_request *req,
			     struct radius_builder *b, uint8_t *buf, size_t size);

#endif
