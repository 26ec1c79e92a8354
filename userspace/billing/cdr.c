#include "billing/cdr.h"

const char *cdr_cause_name(enum cdr_cause cause)
{
	switch (cause) {
	case CDR_RATE_SWITCH:
		return "rate-switch";
	case CDR_BUCKET_SWITCH:
		return "bucket-switch";
	case CDR_STOP:
		return "stop";
	}
	return "unknown";
}

const char *stop_cause_name(enum stop_cause cause)
{
	static const char *const names[] = {
		[STOP_NONE] = "none",
		[STOP_LOGOUT] = "logout",
		[STOP_IDLE_TIMEOUT] = "idle-timeout",
		[STOP_SESSION_TIMEOUT] = "session-timeout",
		[STOP_DEPLETED] = "depleted",
		[STOP_EXPIRED] = "expired",
		[STOP_FAIR_USE] = "fair-use",
		[STOP_SUSPENDED] = "suspended",
		[STOP_ADMIN] = "admin",
		[STOP_NAS] = "nas",
	};

	if ((unsigned)cause < sizeof(names) / sizeof(names[0]))
		return names[cause];
	return "unknown";
}
