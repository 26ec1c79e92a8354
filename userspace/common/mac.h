/* MAC addresses as people write them: "aa:bb:cc:dd:ee:ff", "AA-BB-CC-DD-EE-FF",
 * "aabb.ccdd.eeff" (Cisco), "aabbccddeeff". Printed one way only: lowercase with
 * colons. */
#ifndef SPOTGATE_MAC_H
#define SPOTGATE_MAC_H

#include <stdint.h>
#include <stddef.h>

#define MAC_TEXT_LEN 18		/* "aa:bb:cc:dd:ee:ff" and its NUL */

/* Returns 0 with the six bytes in out, or -EINVAL. Mixed separators
 * ("aa:bb-cc...") and groups of the wrong width are refused. */
int mac_parse(const char *text, uint8_t out[6]);
/* "aa:bb:cc:dd:ee:ff" into buf (at least MAC_TEXT_LEN bytes). */
void mac_format(const uint8_t mac[6], char *buf);

#endif
