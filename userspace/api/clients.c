/* /api/v1/clients: the guests the data plane knows (authorized, stopped by quota or
 * time, allow-listed), with counters from the maps. Authorizing here writes the map
 * entry directly, for staff, tests and tools; the portal and RADIUS go through the
 * session layer, which calls the same gateway functions. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "api/params.h"
#include "common/mac.h"
#include "gateway/gateway.h"

#define YEAR_S (366 * 86400LL)

static const char *status_of(const struct gateway_client *c)
{
	if (c->cfg.flags & SG_CLIENT_ALLOWLIST)
		return "allow-listed";
	if (!(c->cfg.flags & SG_CLIENT_AUTHORIZED))
		return "unauthorized";
	if (c->cnt.stopped == SG_STOP_QUOTA)
		return "quota";
	if (c->cnt.stopped == SG_STOP_EXPIRED)
		return "expired";
	return "online";
}

static json_t *client_json(const struct gateway_client *c)
{
	char mac[MAC_TEXT_LEN], addr[INET6_ADDRSTRLEN];
	json_t *v6 = json_array(), *o;
	static const uint8_t zero[16];

	mac_format(c->mac, mac);
	for (int i = 0; i < SG_CLIENT_V6_ADDRS; i++) {
		if (!memcmp(c->cfg.ipv6[i], zero, 16))
			continue;
		inet_ntop(AF_INET6, c->cfg.ipv6[i], addr, sizeof(addr));
		json_array_append_new(v6, json_string(addr));
	}
	if (c->cfg.ipv4)
		inet_ntop(AF_INET, &c->cfg.ipv4, addr, sizeof(addr));
	o = json_pack("{s:s, s:s, s:o, s:o, s:b, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I,"
		      " s:I, s:I, s:I, s:I, s:I, s:I}",
		      "mac", mac,
		      "status", status_of(c),
		      "ipv4", c->cfg.ipv4 ? json_string(addr) : json_null(),
		      "ipv6", v6,
		      "any_ip", (c->cfg.flags & SG_CLIENT_ANY_IP) != 0,
		      "rate_up", (json_int_t)c->cfg.rate_up,
		      "rate_down", (json_int_t)c->cfg.rate_down,
		      "quota", (json_int_t)c->cfg.budget,
		      "until", (json_int_t)c->until,
		      "idle_timeout", (json_int_t)c->idle_timeout,
		      "session_id", (json_int_t)c->cfg.session_id,
		      "bytes_up", (json_int_t)c->cnt.bytes_up,
		      "bytes_down", (json_int_t)c->cnt.bytes_down,
		      "packets_up", (json_int_t)c->cnt.packets_up,
		      "packets_down", (json_int_t)c->cnt.packets_down,
		      "drops_up", (json_int_t)c->cnt.drops_up,
		      "drops_down", (json_int_t)c->cnt.drops_down,
		      "spoofed", (json_int_t)c->cnt.spoofed,
		      "last_seen", (json_int_t)c->last_seen,
		      "stopped_at", (json_int_t)(c->cnt.stopped ?
						 gateway_ns_to_epoch(c->cnt.stopped_ns) : 0));
	return o;
}

static int need_gateway(struct api_call *call, struct api_reply *reply)
{
	if (call->app->gateway)
		return 0;
	api_error(reply, 409, NULL, "no data plane: spotgated runs without --lan (controller mode)");
	return -ENODEV;
}

static int path_mac(struct api_call *call, struct api_reply *reply, uint8_t mac[6])
{
	if (mac_parse(call->params[0], mac) == 0)
		return 0;
	api_error(reply, 400, "mac", "\"%s\" is not a MAC address (aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF "
		  "or aabb.ccdd.eeff)", call->params[0]);
	return -EINVAL;
}

static void add_item(const struct gateway_client *c, void *arg)
{
	json_array_append_new(arg, client_json(c));
}

static void list_clients(struct api_call *call, struct api_reply *reply)
{
	json_t *items;

	if (need_gateway(call, reply))
		return;
	items = json_array();
	gateway_clients_each(call->app, add_item, items);
	api_ok(reply, 200, json_pack("{s:o, s:I}", "items", items, "total",
				     (json_int_t)json_array_size(items)));
}

static void get_client(struct api_call *call, struct api_reply *reply)
{
	struct gateway_client c;
	uint8_t mac[6];

	if (need_gateway(call, reply) || path_mac(call, reply, mac))
		return;
	if (gateway_client_get(call->app, mac, &c)) {
		api_error(reply, 404, "mac", "no client %s in the data plane", call->params[0]);
		return;
	}
	api_ok(reply, 200, client_json(&c));
}

/* "ip": one address or a list; "any" turns anti-spoofing off. */
static int read_addrs(struct api_call *call, struct api_reply *reply, struct gateway_addrs *a)
{
	json_t *v = json_object_get(call->body, "ip"), *item;
	size_t i;

	memset(a, 0, sizeof(*a));
	if (!v || json_is_null(v))
		return 1;
	if (json_is_string(v)) {
		json_t *list = json_array();

		json_array_append(list, v);
		v = list;
	} else if (json_is_array(v)) {
		json_incref(v);
	} else {
		api_error(reply, 400, "ip", "ip must be an address or a list of addresses");
		return -EINVAL;
	}
	json_array_foreach(v, i, item) {
		const char *text = json_string_value(item);
		uint8_t buf[16];

		if (!text) {
			api_error(reply, 400, "ip", "ip must be an address or a list of addresses");
			goto bad;
		}
		if (!strcmp(text, "any")) {
			a->any = 1;
		} else if (inet_pton(AF_INET, text, buf) == 1) {
			if (a->ipv4) {
				api_error(reply, 400, "ip", "one IPv4 address per client, not two");
				goto bad;
			}
			memcpy(&a->ipv4, buf, 4);
		} else if (inet_pton(AF_INET6, text, buf) == 1) {
			if (a->nipv6 == SG_CLIENT_V6_ADDRS) {
				api_error(reply, 400, "ip", "at most %d IPv6 addresses per client",
					  SG_CLIENT_V6_ADDRS);
				goto bad;
			}
			memcpy(a->ipv6[a->nipv6++], buf, 16);
		} else {
			api_error(reply, 400, "ip", "\"%s\" is not an IPv4 or IPv6 address (or \"any\")", text);
			goto bad;
		}
	}
	json_decref(v);
	return 0;
bad:
	json_decref(v);
	return -EINVAL;
}

/* The limits in a body; shared by authorize and update. */
static int read_limits(struct api_call *call, struct api_reply *reply, struct gateway_limits *l)
{
	int64_t quota = 0, rate_up = 0, rate_down = 0, minutes = 0, until = 0, idle = 0, sid = 0;
	int rm, ru;

	if (param_int(call, reply, "quota", 0, 0, INT64_MAX, &quota) < 0 ||
	    param_int(call, reply, "rate_up", 0, 0, 100000000000LL, &rate_up) < 0 ||
	    param_int(call, reply, "rate_down", 0, 0, 100000000000LL, &rate_down) < 0 ||
	    (rm = param_int(call, reply, "minutes", 0, 1, YEAR_S / 60, &minutes)) < 0 ||
	    (ru = param_int(call, reply, "until", 0, 1, INT64_MAX / 2000000000LL, &until)) < 0 ||
	    param_int(call, reply, "idle_timeout", 0, 0, 31536000, &idle) < 0 ||
	    param_int(call, reply, "session_id", 0, 0, INT64_MAX, &sid) < 0)
		return -EINVAL;
	if (rm == 0 && ru == 0) {
		api_error(reply, 400, "until", "give minutes or until, not both");
		return -EINVAL;
	}
	if (ru == 0 && until <= time(NULL)) {
		api_error(reply, 400, "until", "until must be in the future (UTC epoch seconds)");
		return -EINVAL;
	}
	*l = (struct gateway_limits){
		.budget = (uint64_t)quota,
		.until = rm == 0 ? time(NULL) + minutes * 60 : until,
		.rate_up = (uint64_t)rate_up,
		.rate_down = (uint64_t)rate_down,
		.idle_timeout = (uint32_t)idle,
		.session_id = (uint64_t)sid,
	};
	return 0;
}

static void authorize_client(struct api_call *call, struct api_reply *reply)
{
	struct gateway_limits lim;
	struct gateway_addrs addrs;
	struct gateway_client c;
	const char *text;
	uint8_t mac[6];
	int rc;

	if (need_gateway(call, reply) || param_string(call, reply, "mac", 1, 32, &text) < 0)
		return;
	if (mac_parse(text, mac)) {
		api_error(reply, 400, "mac", "\"%s\" is not a MAC address (aa:bb:cc:dd:ee:ff, "
			  "AA-BB-CC-DD-EE-FF or aabb.ccdd.eeff)", text);
		return;
	}
	if ((rc = read_addrs(call, reply, &addrs)) < 0 || read_limits(call, reply, &lim) < 0)
		return;
	if (rc == 1 && gateway_neigh_ipv4(mac, &addrs.ipv4)) {
		api_error(reply, 400, "ip", "the gateway has no IPv4 address for %s in its neighbour "
			  "table: give ip (or \"any\")", text);
		return;
	}
	rc = gateway_authorize(call->app, mac, &addrs, &lim);
	if (rc == -EPERM) {
		api_error(reply, 409, "mac", "%s is on the allow list: it passes without a session", text);
		return;
	}
	if (rc || gateway_client_get(call->app, mac, &c)) {
		api_error(reply, 500, NULL, "writing the client into the data plane failed: %s",
			  strerror(-rc));
		return;
	}
	api_ok(reply, 201, client_json(&c));
}

static void update_client(struct api_call *call, struct api_reply *reply)
{
	struct gateway_limits lim;
	struct gateway_client c;
	uint8_t mac[6];
	int rc;

	if (need_gateway(call, reply) || path_mac(call, reply, mac) || read_limits(call, reply, &lim))
		return;
	rc = gateway_update(call->app, mac, &lim);
	if (rc == -ENOENT) {
		api_error(reply, 404, "mac", "no authorized client %s", call->params[0]);
		return;
	}
	if (rc || gateway_client_get(call->app, mac, &c)) {
		api_error(reply, 500, NULL, "updating the client failed: %s", strerror(-rc));
		return;
	}
	api_ok(reply, 200, client_json(&c));
}

static void kick_client(struct api_call *call, struct api_reply *reply)
{
	struct sg_client_cnt last;
	char text[MAC_TEXT_LEN];
	uint8_t mac[6];
	int rc;

	if (need_gateway(call, reply) || path_mac(call, reply, mac))
		return;
	mac_format(mac, text);
	rc = gateway_kick(call->app, mac, &last);
	if (rc == -ENOENT) {
		api_error(reply, 404, "mac", "no client %s in the data plane", text);
		return;
	}
	if (rc == -EPERM) {
		api_error(reply, 409, "mac", "%s is on the allow list: remove it with acl rm", text);
		return;
	}
	if (rc) {
		api_error(reply, 500, NULL, "removing the client failed: %s", strerror(-rc));
		return;
	}
	api_ok(reply, 200, json_pack("{s:s, s:I, s:I}", "kicked", text,
				     "bytes_up", (json_int_t)last.bytes_up,
				     "bytes_down", (json_int_t)last.bytes_down));
}

const struct api_route client_routes[] = {
	{ "GET", "/api/v1/clients", list_clients, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "POST", "/api/v1/clients", authorize_client, 0 },
	{ "GET", "/api/v1/clients/:mac", get_client, ROLE_OPERATOR | ROLE_AUDITOR },
	{ "PATCH", "/api/v1/clients/:mac", update_client, 0 },
	{ "DELETE", "/api/v1/clients/:mac", kick_client, ROLE_OPERATOR },
	{ 0 },
};
