/* What people type on the command line, in base units:
 *   durations  "90s" "30min" "1h" "2d" "1w"          -> seconds
 *   sizes      "500MB" "1.5GB" "10M" "1024" (bytes)  -> bytes (decimal: 1 MB = 10^6)
 *   speeds     "10M" "2Mbit" "512k" "1G"             -> bit/s
 *   money      "3.00" "3" "0.5"                      -> minor units for the exponent
 *   dates      "2026-07-01" (UTC midnight) or epoch seconds -> epoch seconds
 * Each returns 0 or -EINVAL. */
#ifndef SPOTGATE_CTL_UNITS_H
#define SPOTGATE_CTL_UNITS_H

#include <stddef.h>
#include <stdint.h>

int units_seconds(const char *text, int64_t *out);
int units_bytes(const char *text, int64_t *out);
int units_speed(const char *text, int64_t *out);
int units_money(const char *text, int exponent, int64_t *out);
int units_date(const char *text, int64_t *out);

/* The reverse, for tables: "1h 30min", "1.5 GB", "10 Mbit/s", "3.00". */
void units_format_seconds(int64_t s, char *buf, size_t size);
void units_format_bytes(int64_t b, char *buf, size_t size);
void units_format_speed(int64_t bps, char *buf, size_t size);
void units_format_money(int64_t minor, int exponent, char *buf, size_t size);

#endif
