/* A decoded packet as one log-friendly line, attribute names from the
 * dictionary:
 *   Access-Request id=0 len=56 User-Name="nemo" User-Password=<hidden> NAS-Port=3
 * Strings are quoted with non-printable octets as \xNN, octets print as 0x...,
 * enumerated integers by name. Secrets (User-Password, CHAP-Password) are
 * never printed. Unknown attributes print as Attr-N or Attr-26.VENDOR.N. */
#ifndef SPOTGATE_RADIUS_FORMAT_H
#define SPOTGATE_RADIUS_FORMAT_H

#include <stddef.h>

#include "radius/packet.h"

/* snprintf semantics: always NUL-terminates when size > 0 and returns the
 * length the whole line needs, so a return >= size means it was cut. */
size_t radius_format(const struct radius_packet *pkt, char *buf, size_t size);

#endif
