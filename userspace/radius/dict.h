/* RADIUS dictionary: attribute numbers, value types and names for the
 * standard attributes a hotspot AAA meets and for the WISPr, ChilliSpot and
 * MikroTik vendor attributes. Numbers follow the RFCs and the vendors' public
 * dictionaries. The tables are constant; lookups never allocate. */
#ifndef SPOTGATE_RADIUS_DICT_H
#define SPOTGATE_RADIUS_DICT_H

#include <stdint.h>

enum radius_attr_type {
	RADIUS_ATTR_USER_NAME              = 1,
	RADIUS_ATTR_USER_PASSWORD          = 2,
	RADIUS_ATTR_CHAP_PASSWORD          = 3,
	RADIUS_ATTR_NAS_IP_ADDRESS         = 4,
	RADIUS_ATTR_NAS_PORT               = 5,
	RADIUS_ATTR_SERVICE_TYPE           = 6,
	RADIUS_ATTR_FRAMED_PROTOCOL        = 7,
	RADIUS_ATTR_FRAMED_IP_ADDRESS      = 8,
	RADIUS_ATTR_FRAMED_IP_NETMASK      = 9,
	RADIUS_ATTR_FILTER_ID              = 11,
	RADIUS_ATTR_FRAMED_MTU             = 12,
	RADIUS_ATTR_REPLY_MESSAGE          = 18,
	RADIUS_ATTR_STATE                  = 24,
	RADIUS_ATTR_CLASS                  = 25,
	RADIUS_ATTR_VENDOR_SPECIFIC        = 26,
	RADIUS_ATTR_SESSION_TIMEOUT        = 27,
	RADIUS_ATTR_IDLE_TIMEOUT           = 28,
	RADIUS_ATTR_TERMINATION_ACTION     = 29,
	RADIUS_ATTR_CALLED_STATION_ID      = 30,
	RADIUS_ATTR_CALLING_STATION_ID     = 31,
	RADIUS_ATTR_NAS_IDENTIFIER         = 32,
	RADIUS_ATTR_PROXY_STATE            = 33,
	RADIUS_ATTR_ACCT_STATUS_TYPE       = 40,
	RADIUS_ATTR_ACCT_DELAY_TIME        = 41,
	RADIUS_ATTR_ACCT_INPUT_OCTETS      = 42,
	RADIUS_ATTR_ACCT_OUTPUT_OCTETS     = 43,
	RADIUS_ATTR_ACCT_SESSION_ID        = 44,
	RADIUS_ATTR_ACCT_AUTHENTIC         = 45,
	RADIUS_ATTR_ACCT_SESSION_TIME      = 46,
	RADIUS_ATTR_ACCT_INPUT_PACKETS     = 47,
	RADIUS_ATTR_ACCT_OUTPUT_PACKETS    = 48,
	RADIUS_ATTR_ACCT_TERMINATE_CAUSE   = 49,
	RADIUS_ATTR_ACCT_MULTI_SESSION_ID  = 50,
	RADIUS_ATTR_ACCT_LINK_COUNT        = 51,
	RADIUS_ATTR_ACCT_INPUT_GIGAWORDS   = 52,
	RADIUS_ATTR_ACCT_OUTPUT_GIGAWORDS  = 53,
	RADIUS_ATTR_EVENT_TIMESTAMP        = 55,
	RADIUS_ATTR_CHAP_CHALLENGE         = 60,
	RADIUS_ATTR_NAS_PORT_TYPE          = 61,
	RADIUS_ATTR_PORT_LIMIT             = 62,
	RADIUS_ATTR_CONNECT_INFO           = 77,
	RADIUS_ATTR_EAP_MESSAGE            = 79,
	RADIUS_ATTR_MESSAGE_AUTHENTICATOR  = 80,
	RADIUS_ATTR_ACCT_INTERIM_INTERVAL  = 85,
	RADIUS_ATTR_NAS_PORT_ID            = 87,
	RADIUS_ATTR_FRAMED_POOL            = 88,
	RADIUS_ATTR_CHARGEABLE_USER_ID     = 89,
	RADIUS_ATTR_NAS_IPV6_ADDRESS       = 95,
	RADIUS_ATTR_FRAMED_IPV6_PREFIX     = 97,
	RADIUS_ATTR_ERROR_CAUSE            = 101,
	RADIUS_ATTR_FRAMED_IPV6_ADDRESS    = 168,
};

enum radius_vendor {
	RADIUS_VENDOR_WISPR      = 14122,
	RADIUS_VENDOR_CHILLISPOT = 14559,
	RADIUS_VENDOR_MIKROTIK   = 14988,
};

enum radius_wispr_attr {
	RADIUS_WISPR_LOCATION_ID            = 1,
	RADIUS_WISPR_LOCATION_NAME          = 2,
	RADIUS_WISPR_LOGOFF_URL             = 3,
	RADIUS_WISPR_REDIRECTION_URL        = 4,
	RADIUS_WISPR_BANDWIDTH_MIN_UP       = 5,
	RADIUS_WISPR_BANDWIDTH_MIN_DOWN     = 6,
	RADIUS_WISPR_BANDWIDTH_MAX_UP       = 7,  /* bit/s */
	RADIUS_WISPR_BANDWIDTH_MAX_DOWN     = 8,  /* bit/s */
	RADIUS_WISPR_SESSION_TERMINATE_TIME = 9,  /* ISO 8601 string */
	RADIUS_WISPR_SESSION_TERMINATE_EOD  = 10,
	RADIUS_WISPR_BILLING_CLASS          = 11,
};

enum radius_chilli_attr {
	RADIUS_CHILLI_MAX_INPUT_OCTETS      = 1,
	RADIUS_CHILLI_MAX_OUTPUT_OCTETS     = 2,
	RADIUS_CHILLI_MAX_TOTAL_OCTETS      = 3,
	RADIUS_CHILLI_BANDWIDTH_MAX_UP      = 4,  /* kbit/s */
	RADIUS_CHILLI_BANDWIDTH_MAX_DOWN    = 5,  /* kbit/s */
	RADIUS_CHILLI_CONFIG                = 6,
	RADIUS_CHILLI_LANG                  = 7,
	RADIUS_CHILLI_VERSION               = 8,
	RADIUS_CHILLI_ORIGINAL_URL          = 9,
	RADIUS_CHILLI_MAX_INPUT_GIGAWORDS   = 21,
	RADIUS_CHILLI_MAX_OUTPUT_GIGAWORDS  = 22,
	RADIUS_CHILLI_MAX_TOTAL_GIGAWORDS   = 23,
	RADIUS_CHILLI_UAM_ALLOWED           = 100,
	RADIUS_CHILLI_MAC_ALLOWED           = 101,
	RADIUS_CHILLI_INTERVAL              = 102,
};

enum radius_mikrotik_attr {
	RADIUS_MIKROTIK_RECV_LIMIT            = 1,
	RADIUS_MIKROTIK_XMIT_LIMIT            = 2,
	RADIUS_MIKROTIK_GROUP                 = 3,
	RADIUS_MIKROTIK_RATE_LIMIT            = 8,  /* "rx/tx" from the router's side */
	RADIUS_MIKROTIK_REALM                 = 9,
	RADIUS_MIKROTIK_HOST_IP               = 10,
	RADIUS_MIKROTIK_MARK_ID               = 11,
	RADIUS_MIKROTIK_ADVERTISE_URL         = 12,
	RADIUS_MIKROTIK_ADVERTISE_INTERVAL    = 13,
	RADIUS_MIKROTIK_RECV_LIMIT_GIGAWORDS  = 14,
	RADIUS_MIKROTIK_XMIT_LIMIT_GIGAWORDS  = 15,
	RADIUS_MIKROTIK_TOTAL_LIMIT           = 17,
	RADIUS_MIKROTIK_TOTAL_LIMIT_GIGAWORDS = 18,
	RADIUS_MIKROTIK_ADDRESS_LIST          = 19,
};

/* Values of enumerated attributes that the daemon acts on. */
enum radius_acct_status {
	RADIUS_ACCT_START          = 1,
	RADIUS_ACCT_STOP           = 2,
	RADIUS_ACCT_INTERIM_UPDATE = 3,
	RADIUS_ACCT_ACCOUNTING_ON  = 7,
	RADIUS_ACCT_ACCOUNTING_OFF = 8,
};

enum radius_service_type {
	RADIUS_SERVICE_LOGIN_USER        = 1,
	RADIUS_SERVICE_FRAMED_USER       = 2,
	RADIUS_SERVICE_AUTHENTICATE_ONLY = 8,
	RADIUS_SERVICE_CALL_CHECK        = 10,
	RADIUS_SERVICE_AUTHORIZE_ONLY    = 17, /* RFC 5176 */
};

enum radius_terminate_cause {
	RADIUS_TERM_USER_REQUEST    = 1,
	RADIUS_TERM_LOST_CARRIER    = 2,
	RADIUS_TERM_LOST_SERVICE    = 3,
	RADIUS_TERM_IDLE_TIMEOUT    = 4,
	RADIUS_TERM_SESSION_TIMEOUT = 5,
	RADIUS_TERM_ADMIN_RESET     = 6,
	RADIUS_TERM_ADMIN_REBOOT    = 7,
	RADIUS_TERM_PORT_ERROR      = 8,
	RADIUS_TERM_NAS_ERROR       = 9,
	RADIUS_TERM_NAS_REQUEST     = 10,
	RADIUS_TERM_NAS_REBOOT      = 11,
	RADIUS_TERM_SERVICE_UNAVAIL = 15,
	RADIUS_TERM_USER_ERROR      = 17,
	RADIUS_TERM_HOST_REQUEST    = 18,
};

/* RFC 5176 §3.5 */
enum radius_error_cause {
	RADIUS_ERR_RESIDUAL_CONTEXT_REMOVED  = 201,
	RADIUS_ERR_INVALID_EAP_PACKET        = 202,
	RADIUS_ERR_UNSUPPORTED_ATTRIBUTE     = 401,
	RADIUS_ERR_MISSING_ATTRIBUTE         = 402,
	RADIUS_ERR_NAS_ID_MISMATCH           = 403,
	RADIUS_ERR_INVALID_REQUEST           = 404,
	RADIUS_ERR_UNSUPPORTED_SERVICE       = 405,
	RADIUS_ERR_UNSUPPORTED_EXTENSION     = 406,
	RADIUS_ERR_INVALID_ATTRIBUTE_VALUE   = 407,
	RADIUS_ERR_ADMIN_PROHIBITED          = 501,
	RADIUS_ERR_REQUEST_NOT_ROUTABLE      = 502,
	RADIUS_ERR_SESSION_NOT_FOUND         = 503,
	RADIUS_ERR_SESSION_NOT_REMOVABLE     = 504,
	RADIUS_ERR_OTHER_PROXY_ERROR         = 505,
	RADIUS_ERR_RESOURCES_UNAVAILABLE     = 506,
	RADIUS_ERR_REQUEST_INITIATED         = 507,
	RADIUS_ERR_MULTIPLE_SESSION_SELECT   = 508,
};

enum radius_nas_port_type {
	RADIUS_NAS_PORT_VIRTUAL        = 5,
	RADIUS_NAS_PORT_ETHERNET       = 15,
	RADIUS_NAS_PORT_WIRELESS_OTHER = 18,
	RADIUS_NAS_PORT_WIRELESS_80211 = 19,
};

/* How a value is encoded; decides how it is read and printed. */
enum radius_value_type {
	RADIUS_TYPE_OCTETS,
	RADIUS_TYPE_STRING,
	RADIUS_TYPE_INTEGER,    /* 32-bit big-endian */
	RADIUS_TYPE_IPADDR,     /* 4 octets, network order */
	RADIUS_TYPE_DATE,       /* 32-bit seconds since the epoch */
	RADIUS_TYPE_IPV6ADDR,
	RADIUS_TYPE_IPV6PREFIX,
	RADIUS_TYPE_VSA,
	RADIUS_TYPE_HIDDEN,     /* secret material: never printed */
};

struct radius_dict_attr {
	uint32_t vendor;        /* 0 for the standard space */
	uint8_t type;
	enum radius_value_type value_type;
	const char *name;
};

/* NULL when unknown. */
const struct radius_dict_attr *radius_dict_lookup(uint32_t vendor, uint8_t type);
/* Case-insensitive, as FreeRADIUS and radclient accept names. NULL when unknown. */
const struct radius_dict_attr *radius_dict_by_name(const char *name);
/* Name of an enumerated value (Acct-Status-Type, Service-Type, ...), or NULL. */
const char *radius_dict_value_name(uint32_t vendor, uint8_t type, uint32_t value);
/* The value a name stands for (case-insensitive, as radclient's input has it):
 * 0 and *value set, or -1 when the attribute has no value of that name. */
int radius_dict_value_by_name(uint32_t vendor, uint8_t type, const char *name, uint32_t *value);
/* "WISPr", "ChilliSpot", "Mikrotik", or NULL. */
const char *radius_vendor_name(uint32_t vendor);
/* "Access-Request", ..., or NULL for an unknown code. */
const char *radius_code_name(uint8_t code);

#endif
