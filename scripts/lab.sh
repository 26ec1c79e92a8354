#!/bin/bash
# The lab: guests, a gateway and an "internet" in network namespaces.
#
#   scripts/lab.sh up [GUESTS]   build it (default 2 guests); clears leftovers first
#   scripts/lab.sh down          remove everything it made
#   scripts/lab.sh status        what is there
#
#   sg-guest1..N ──eth0── [sg-sw: bridge br0] ──lan0── sg-gw ──wan0──── sg-inet
#   192.0.2.10+K              (the guests' switch)   192.0.2.1      198.51.100.1  198.51.100.2
#   2001:db8:1::10+K                                 2001:db8:1::1                203.0.113.10 (HTTP, iperf3)
#                                                                                 203.0.113.53 (DNS)
# LAB_PREFIX (default "sg-") names the namespaces, so tests run their own lab
# beside the demo's; LAB_DIR keeps pid files and logs.
set -eu

P=${LAB_PREFIX:-sg-}
DIR=${LAB_DIR:-/run/spotgate-lab/${P%-}}
ROOT=$(cd "$(dirname "$0")/.." && pwd)

GW=${P}gw
SW=${P}sw
INET=${P}inet

LAN_NET=192.0.2
LAN_V6=2001:db8:1
WAN_NET=198.51.100
INET_NET=203.0.113

ns() { ip netns exec "$@"; }

guest_mac() { printf '02:00:00:00:01:%02x' "$1"; }

down() {
	if [ -d "$DIR" ]; then
		for pidfile in "$DIR"/*.pid; do
			[ -e "$pidfile" ] || continue
			kill "$(cat "$pidfile")" 2>/dev/null || true
		done
	fi
	for n in $(ip netns list | awk '{print $1}' | grep "^${P}" || true); do
		# anything still running inside goes with the namespace
		for pid in $(ip netns pids "$n" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
		ip netns del "$n" 2>/dev/null || true
	done
	rm -rf "$DIR" /etc/netns/"${P}"guest*
}

up() {
	local guests=${1:-2}

	down
	mkdir -p "$DIR"
	for n in "$GW" "$SW" "$INET"; do
		ip netns add "$n"
		ns "$n" ip link set lo up
	done

	# the guests' switch
	ns "$SW" ip link add br0 type bridge
	ns "$SW" ip link set br0 up

	# gateway LAN side
	ip link add lan0 netns "$GW" type veth peer name gw netns "$SW"
	ns "$SW" ip link set gw master br0 up
	ns "$GW" ip link set lan0 address 02:00:00:00:00:01
	ns "$GW" ip addr add "$LAN_NET.1/24" dev lan0
	ns "$GW" ip -6 addr add "$LAN_V6::1/64" dev lan0 nodad
	ns "$GW" ip link set lan0 up

	# gateway WAN side and the internet
	ip link add wan0 netns "$GW" type veth peer name eth0 netns "$INET"
	ns "$GW" ip addr add "$WAN_NET.1/24" dev wan0
	ns "$GW" ip link set wan0 up
	ns "$INET" ip addr add "$WAN_NET.2/24" dev eth0
	ns "$INET" ip link set eth0 up
	ns "$INET" ip addr add "$INET_NET.10/32" dev lo
	ns "$INET" ip addr add "$INET_NET.20/32" dev lo
	ns "$INET" ip addr add "$INET_NET.53/32" dev lo
	ns "$INET" ip route add "$LAN_NET.0/24" via "$WAN_NET.1"
	ns "$GW" ip route add "$INET_NET.0/24" via "$WAN_NET.2"
	ns "$GW" sysctl -qw net.ipv4.ip_forward=1
	ns "$GW" sysctl -qw net.ipv6.conf.all.forwarding=1

	for k in $(seq 1 "$guests"); do
		local g=${P}guest$k
		ip netns add "$g"
		ns "$g" ip link set lo up
		ip link add eth0 netns "$g" type veth peer name "g$k" netns "$SW"
		ns "$SW" ip link set "g$k" master br0 up
		ns "$g" ip link set eth0 address "$(guest_mac "$k")"
		ns "$g" ip addr add "$LAN_NET.$((10 + k))/24" dev eth0
		ns "$g" ip -6 addr add "$LAN_V6::$((10 + k))/64" dev eth0 nodad
		ns "$g" ip link set eth0 up
		ns "$g" ip route add default via "$LAN_NET.1"
		ns "$g" ip -6 route add default via "$LAN_V6::1"
		# guests resolve through the gateway's dnsmasq
		mkdir -p "/etc/netns/$g"
		echo "nameserver $LAN_NET.1" > "/etc/netns/$g/resolv.conf"
	done

	# the internet: a web server, an iperf3 server and a DNS server for test domains
	mkdir -p "$DIR/www"
	echo "<html><body><h1>Welcome to the internet</h1></body></html>" > "$DIR/www/index.html"
	ns "$INET" /usr/bin/python3 -m http.server 80 --bind "$INET_NET.10" --directory "$DIR/www" \
		> "$DIR/http.log" 2>&1 &
	echo $! > "$DIR/http.pid"
	ns "$INET" iperf3 -s -B "$INET_NET.10" -D -I "$DIR/iperf3.pid" --logfile "$DIR/iperf3.log"
	ns "$INET" /usr/sbin/dnsmasq --keep-in-foreground --no-resolv --no-hosts --port 53 \
		--listen-address "$INET_NET.53" --bind-interfaces --pid-file="$DIR/dns-inet.pid.tmp" \
		--address=/www.example.com/"$INET_NET.10" \
		--address=/garden.example/"$INET_NET.20" \
		--host-record=edge.garden.example,"$INET_NET.20" \
		--cname=cdn.garden.example,edge.garden.example \
		--log-facility="$DIR/dns-inet.log" &
	echo $! > "$DIR/dns-inet.pid"

	# the gateway's DHCP and DNS for the guests (option 114: RFC 8908 API)
	ns "$GW" /usr/sbin/dnsmasq --keep-in-foreground --no-resolv --no-hosts \
		--interface lan0 --bind-interfaces --except-interface lo \
		--server "$INET_NET.53" \
		--dhcp-range "$LAN_NET.100,$LAN_NET.199,255.255.255.0,1h" \
		--dhcp-option=option:router,"$LAN_NET.1" \
		--dhcp-option=114,"http://$LAN_NET.1/captive-portal/api" \
		--dhcp-leasefile="$DIR/leases" --pid-file="$DIR/dns-gw.pid.tmp" \
		--log-facility="$DIR/dns-gw.log" &
	echo $! > "$DIR/dns-gw.pid"

	wait_for "$INET" "$INET_NET.10" 80
	wait_for "$INET" "$INET_NET.10" 5201
	echo "lab up: ${guests} guest(s) ${P}guest1..${guests}, gateway $GW (lan0 $LAN_NET.1, wan0 $WAN_NET.1), internet $INET"
}

# waits until something listens on ADDRESS:PORT inside a namespace
wait_for() {
	for _ in $(seq 100); do
		if ns "$1" bash -c "exec 3<>/dev/tcp/$2/$3" 2>/dev/null; then
			return 0
		fi
		sleep 0.05
	done
	echo "lab: nothing listens on $2:$3 in $1" >&2
	return 1
}

status() {
	ip netns list | grep "^${P}" || echo "no lab namespaces with prefix ${P}"
}

case "${1:-}" in
up) up "${2:-2}" ;;
down) down ;;
status) status ;;
*)
	echo "usage: $0 up [GUESTS] | down | status" >&2
	exit 2
	;;
esac
