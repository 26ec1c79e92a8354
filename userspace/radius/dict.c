/* Dictionary tables. Linear scans: the tables are small and a debug log or a
 * config parse is the only caller in a hot path, which a few dozen compares
 * do not hurt. */
#include "radius/dict.h"

#include <stddef.h>
#include <strings.h>

#include "radius/packet.h"

#define ATTR(v, t, vt, n) { .vendor = (v), .type = (t), .value_type = RADIUS_TYPE_##vt, .name = (n) }

static const struct radius_dict_attr attrs[] = {
	ATTR(0, 1, STRING, "User-Name"),
	ATTR(0, 2, HIDDEN, "User-Password"),
	ATTR(0, 3, HIDDEN, "CHAP-Password"),
	ATTR(0, 4, IPADDR, "NAS-IP-Address"),
	ATTR(0, 5, INTEGER, "NAS-Port"),
	ATTR(0, 6, INTEGER, "Service-Type"),
	ATTR(0, 7, INTEGER, "Framed-Protocol"),
	ATTR(0, 8, IPADDR, "Framed-IP-Address"),
	ATTR(0, 9, IPADDR, "Framed-IP-Netmask"),
	ATTR(0, 11, STRING, "Filter-Id"),
	ATTR(0, 12, INTEGER, "Framed-MTU"),
	ATTR(0, 18, STRING, "Reply-Message"),
	ATTR(0, 24, OCTETS, "State"),
	ATTR(0, 25, OCTETS, "Class"),
	ATTR(0, 26, VSA, "Vendor-Specific"),
	ATTR(0, 27, INTEGER, "Session-Timeout"),
	ATTR(0, 28, INTEGER, "Idle-Timeout"),
	ATTR(0, 29, INTEGER, "Termination-Action"),
	ATTR(0, 30, STRING, "Called-Station-Id"),
	ATTR(0, 31, STRING, "Calling-Station-Id"),
	ATTR(0, 32, STRING, "NAS-Identifier"),
	ATTR(0, 33, OCTETS, "Proxy-State"),
	ATTR(0, 40, INTEGER, "Acct-Status-Type"),
	ATTR(0, 41, INTEGER, "Acct-Delay-Time"),
	ATTR(0, 42, INTEGER, "Acct-Input-Octets"),
	ATTR(0, 43, INTEGER, "Acct-Output-Octets"),
	ATTR(0, 44, STRING, "Acct-Session-Id"),
	ATTR(0, 45, INTEGER, "Acct-Authentic"),
	ATTR(0, 46, INTEGER, "Acct-Session-Time"),
	ATTR(0, 47, INTEGER, "Acct-Input-Packets"),
	ATTR(0, 48, INTEGER, "Acct-Output-Packets"),
	ATTR(0, 49, INTEGER, "Acct-Terminate-Cause"),
	ATTR(0, 50, STRING, "Acct-Multi-Session-Id"),
	ATTR(0, 51, INTEGER, "Acct-Link-Count"),
	ATTR(0, 52, INTEGER, "Acct-Input-Gigawords"),
	ATTR(0, 53, INTEGER, "Acct-Output-Gigawords"),
	ATTR(0, 55, DATE, "Event-Timestamp"),
	ATTR(0, 60, OCTETS, "CHAP-Challenge"),
	ATTR(0, 61, INTEGER, "NAS-Port-Type"),
	ATTR(0, 62, INTEGER, "Port-Limit"),
	ATTR(0, 77, STRING, "Connect-Info"),
	ATTR(0, 79, OCTETS, "EAP-Message"),
	ATTR(0, 80, OCTETS, "Message-Authenticator"),
	ATTR(0, 85, INTEGER, "Acct-Interim-Interval"),
	ATTR(0, 87, STRING, "NAS-Port-Id"),
	ATTR(0, 88, STRING, "Framed-Pool"),
	ATTR(0, 89, OCTETS, "Chargeable-User-Identity"),
	ATTR(0, 95, IPV6ADDR, "NAS-IPv6-Address"),
	ATTR(0, 97, IPV6PREFIX, "Framed-IPv6-Prefix"),
	ATTR(0, 101, INTEGER, "Error-Cause"),
	ATTR(0, 168, IPV6ADDR, "Framed-IPv6-Address"),

	ATTR(RADIUS_VENDOR_WISPR, 1, STRING, "WISPr-Location-ID"),
	ATTR(RADIUS_VENDOR_WISPR, 2, STRING, "WISPr-Location-Name"),
	ATTR(RADIUS_VENDOR_WISPR, 3, STRING, "WISPr-Logoff-URL"),
	ATTR(RADIUS_VENDOR_WISPR, 4, STRING, "WISPr-Redirection-URL"),
	ATTR(RADIUS_VENDOR_WISPR, 5, INTEGER, "WISPr-Bandwidth-Min-Up"),
	ATTR(RADIUS_VENDOR_WISPR, 6, INTEGER, "WISPr-Bandwidth-Min-Down"),
	ATTR(RADIUS_VENDOR_WISPR, 7, INTEGER, "WISPr-Bandwidth-Max-Up"),
	ATTR(RADIUS_VENDOR_WISPR, 8, INTEGER, "WISPr-Bandwidth-Max-Down"),
	ATTR(RADIUS_VENDOR_WISPR, 9, STRING, "WISPr-Session-Terminate-Time"),
	ATTR(RADIUS_VENDOR_WISPR, 10, STRING, "WISPr-Session-Terminate-End-Of-Day"),
	ATTR(RADIUS_VENDOR_WISPR, 11, STRING, "WISPr-Billing-Class-Of-Service"),

	ATTR(RADIUS_VENDOR_CHILLISPOT, 1, INTEGER, "ChilliSpot-Max-Input-Octets"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 2, INTEGER, "ChilliSpot-Max-Output-Octets"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 3, INTEGER, "ChilliSpot-Max-Total-Octets"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 4, INTEGER, "ChilliSpot-Bandwidth-Max-Up"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 5, INTEGER, "ChilliSpot-Bandwidth-Max-Down"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 6, STRING, "ChilliSpot-Config"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 7, STRING, "ChilliSpot-Lang"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 8, STRING, "ChilliSpot-Version"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 9, STRING, "ChilliSpot-OriginalURL"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 21, INTEGER, "ChilliSpot-Max-Input-Gigawords"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 22, INTEGER, "ChilliSpot-Max-Output-Gigawords"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 23, INTEGER, "ChilliSpot-Max-Total-Gigawords"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 100, STRING, "ChilliSpot-UAM-Allowed"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 101, STRING, "ChilliSpot-MAC-Allowed"),
	ATTR(RADIUS_VENDOR_CHILLISPOT, 102, INTEGER, "ChilliSpot-Interval"),

	ATTR(RADIUS_VENDOR_MIKROTIK, 1, INTEGER, "Mikrotik-Recv-Limit"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 2, INTEGER, "Mikrotik-Xmit-Limit"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 3, STRING, "Mikrotik-Group"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 8, STRING, "Mikrotik-Rate-Limit"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 9, STRING, "Mikrotik-Realm"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 10, IPADDR, "Mikrotik-Host-IP"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 11, STRING, "Mikrotik-Mark-Id"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 12, STRING, "Mikrotik-Advertise-URL"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 13, INTEGER, "Mikrotik-Advertise-Interval"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 14, INTEGER, "Mikrotik-Recv-Limit-Gigawords"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 15, INTEGER, "Mikrotik-Xmit-Limit-Gigawords"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 17, INTEGER, "Mikrotik-Total-Limit"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 18, INTEGER, "Mikrotik-Total-Limit-Gigawords"),
	ATTR(RADIUS_VENDOR_MIKROTIK, 19, STRING, "Mikrotik-Address-List"),
};

struct dict_value {
	uint8_t type;           /* standard attributes only */
	uint32_t value;
	const char *name;
};

static const struct dict_value values[] = {
	{ 6, 1, "Login-User" },
	{ 6, 2, "Framed-User" },
	{ 6, 8, "Authenticate-Only" },
	{ 6, 10, "Call-Check" },
	{ 6, 17, "Authorize-Only" },
	{ 29, 0, "Default" },
	{ 29, 1, "RADIUS-Request" },
	{ 40, 1, "Start" },
	{ 40, 2, "Stop" },
	{ 40, 3, "Interim-Update" },
	{ 40, 7, "Accounting-On" },
	{ 40, 8, "Accounting-Off" },
	{ 45, 1, "RADIUS" },
	{ 45, 2, "Local" },
	{ 45, 3, "Remote" },
	{ 49, 1, "User-Request" },
	{ 49, 2, "Lost-Carrier" },
	{ 49, 3, "Lost-Service" },
	{ 49, 4, "Idle-Timeout" },
	{ 49, 5, "Session-Timeout" },
	{ 49, 6, "Admin-Reset" },
	{ 49, 7, "Admin-Reboot" },
	{ 49, 8, "Port-Error" },
	{ 49, 9, "NAS-Error" },
	{ 49, 10, "NAS-Request" },
	{ 49, 11, "NAS-Reboot" },
	{ 49, 12, "Port-Unneeded" },
	{ 49, 13, "Port-Preempted" },
	{ 49, 14, "Port-Suspended" },
	{ 49, 15, "Service-Unavailable" },
	{ 49, 16, "Callback" },
	{ 49, 17, "User-Error" },
	{ 49, 18, "Host-Request" },
	{ 61, 0, "Async" },
	{ 61, 5, "Virtual" },
	{ 61, 15, "Ethernet" },
	{ 61, 18, "Wireless-Other" },
	{ 61, 19, "Wireless-802.11" },
	{ 101, 201, "Residual-Context-Removed" },
	{ 101, 202, "Invalid-EAP-Packet" },
	{ 101, 401, "Unsupported-Attribute" },
	{ 101, 402, "Missing-Attribute" },
	{ 101, 403, "NAS-Identification-Mismatch" },
	{ 101, 404, "Invalid-Request" },
	{ 101, 405, "Unsupported-Service" },
	{ 101, 406, "Unsupported-Extension" },
	{ 101, 407, "Invalid-Attribute-Value" },
	{ 101, 501, "Administratively-Prohibited" },
	{ 101, 502, "Request-Not-Routable" },
	{ 101, 503, "Session-Context-Not-Found" },
	{ 101, 504, "Session-Context-Not-Removable" },
	{ 101, 505, "Other-Proxy-Processing-Error" },
	{ 101, 506, "Resources-Unavailable" },
	{ 101, 507, "Request-Initiated" },
	{ 101, 508, "Multiple-Session-Selection-Unsupported" },
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const struct radius_dict_attr *radius_dict_lookup(uint32_t vendor, uint8_t type)
{
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++)
		if (attrs[i].vendor == vendor && attrs[i].type == type)
			return &attrs[i];
	return NULL;
}

const struct radius_dict_attr *radius_dict_by_name(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(attrs); i++)
		if (strcasecmp(attrs[i].name, name) == 0)
			return &attrs[i];
	return NULL;
}

const char *radius_dict_value_name(uint32_t vendor, uint8_t type, uint32_t value)
{
	if (vendor)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(values); i++)
		if (values[i].type == type && values[i].value == value)
			return values[i].name;
	return NULL;
}

int radius_dict_value_by_name(uint32_t vendor, uint8_t type, const char *name, uint32_t *value)
{
	if (vendor || !name)
		return -1;
	for (size_t i = 0; i < ARRAY_SIZE(values); i++)
		if (values[i].type == type && strcasecmp(values[i].name, name) == 0) {
			*value = values[i].value;
			return 0;
		}
	return -1;
}

const char *radius_vendor_name(uint32_t vendor)
{
	switch (vendor) {
	case RADIUS_VENDOR_WISPR:      return "WISPr";
	case RADIUS_VENDOR_CHILLISPOT: return "ChilliSpot";
	case RADIUS_VENDOR_MIKROTIK:   return "Mikrotik";
	default:                       return NULL;
	}
}

const char *radius_code_name(uint8_t code)
{
	switch (code) {
	case RADIUS_ACCESS_REQUEST:      return "Access-Request";
	case RADIUS_ACCESS_ACCEPT:       return "Access-Accept";
	case RADIUS_ACCESS_REJECT:       return "Access-Reject";
	case RADIUS_ACCOUNTING_REQUEST:  return "Accounting-Request";
	case RADIUS_ACCOUNTING_RESPONSE: return "Accounting-Response";
	case RADIUS_ACCESS_CHALLENGE:    return "Access-Challenge";
	case RADIUS_STATUS_SERVER:       return "Status-Server";
	case RADIUS_DISCONNECT_REQUEST:  return "Disconnect-Request";
	case RADIUS_DISCONNECT_ACK:      return "Disconnect-ACK";
	case RADIUS_DISCONNECT_NAK:      return "Disconnect-NAK";
	case RADIUS_COA_REQUEST:         return "CoA-Request";
	case RADIUS_COA_ACK:             return "CoA-ACK";
	case RADIUS_COA_NAK:             return "CoA-NAK";
	default:                         return NULL;
	}
}
