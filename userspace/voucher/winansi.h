/* PDF's built-in fonts (Helvetica, Courier) know only single-byte encodings.
 * Venue and plan names arrive as UTF-8, so they are converted to
 * WinAnsiEncoding (Windows-1252): Latin-1 letters, the euro sign and typographic
 * quotes and dashes survive; anything else becomes '?'. */
#ifndef SPOTGATE_VOUCHER_WINANSI_H
#define SPOTGATE_VOUCHER_WINANSI_H

#include <stddef.h>

/* Converts NUL-terminated UTF-8 src into dst (always NUL-terminated when
 * len > 0, cut short when dst is too small). Malformed bytes become '?'. */
void voucher_utf8_to_winansi(const char *src, char *dst, size_t len);

#endif
