/* The portal address a ticket's QR code opens: a template from the
 * configuration with "{code}" where the voucher code goes, e.g.
 * "http://portal.example/login?code={code}". */
#ifndef SPOTGATE_VOUCHER_URL_H
#define SPOTGATE_VOUCHER_URL_H

#include <stddef.h>

#define VOUCHER_URL_PLACEHOLDER "{code}"

/* Writes the template with every "{code}" replaced by the percent-encoded code
 * (RFC 3986 unreserved characters stay as they are, so the codes of every
 * charset appear verbatim). Returns 0, -EINVAL when the template has no
 * "{code}", or -ENOSPC when buf is too small. */
int voucher_ticket_url(const char *url_template, const char *code, char *buf, size_t len);

#endif
