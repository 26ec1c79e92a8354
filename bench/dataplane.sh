#!/bin/bash
# Data-plane benchmarks (issue 4). Needs root; traffic only inside the lab's
# namespaces (documentation ranges; dummy clients from 198.18.0.0/15).
#
# 1. Per-packet cost of each program path, bpf_prog_test_run_opts() with a repeat
#    count, at 1, 10,000 and 1,000,000 clients in the maps (bench/dataplane_prog.c).
# 2. Through a lab gateway (scripts/lab.sh, one guest): iperf3 TCP both ways and
#    64-byte UDP packets per second (counted on the receiving interface), for plain
#    forwarding, an nftables baseline (a set of 100,000 authorized addresses with
#    per-element counters) and spotgated with 100,000 authorized clients in each XDP
#    mode. Figures print as a markdown section for docs/benchmarks.md.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
T=${BENCH_SECONDS:-5}
P=sgb$$-
DIR=/run/spotgate-test/${P%-}
BPF=$DIR/bpf
GW=${P}gw
G=${P}guest1
INET=${P}inet
export LAB_PREFIX=$P LAB_DIR=$DIR/lab
DAEMON_PID=

cleanup() {
	[ -n "$DAEMON_PID" ] && kill "$DAEMON_PID" 2>/dev/null || true
	[ -f "$DIR/spotgated.log" ] && cp "$DIR/spotgated.log" build/bench-dataplane-spotgated.log
	scripts/lab.sh down >/dev/null 2>&1 || true
	mountpoint -q "$BPF" && umount -l "$BPF"
	rm -rf "$DIR"
}
trap cleanup EXIT

# the helper, built like the unit tests (needs build/*.skel.h from make)
CF="-O2 -g -std=gnu11 -Wall -Wextra -Werror -Iinclude -Iuserspace -Ibuild -Itests/unit $(pkg-config --cflags libbpf)"
cc $CF -o build/bench-dataplane bench/dataplane_prog.c userspace/dataplane/dataplane.c \
	$(pkg-config --libs libbpf) -lelf -lz

echo "== per-packet cost (ns, bpf_prog_test_run_opts, repeat 1,000,000, best of 3)"
declare -A COST
for n in 1 10000 1000000; do
	while read -r path ns; do COST[$path,$n]=$ns; done < <(build/bench-dataplane cost $n)
done
paths="xdp_pass xdp_deny_mac tc_in_authorized tc_in_authorized_ratelimit tc_out_authorized tc_in_unauth_drop tc_in_unauth_garden"

# --- the lab ------------------------------------------------------------------
mkdir -p "$BPF"
# private copies: a rebuild of build/ during the run must not pull them away
cp build/spotgated build/spotctl "$DIR/"
SPOTGATED=$DIR/spotgated
SPOTCTL=$DIR/spotctl
mount -t bpf bpf "$BPF"
scripts/lab.sh up 1 > "$DIR/lab-up.log" 2>&1 < /dev/null

ns() { ip netns exec "$@"; }
tcp() {	# bit/s received, guest -> internet ("up") or -R ("down")
	ns "$G" iperf3 -c 203.0.113.10 -t "$T" -O 1 -J "$@" |
		/usr/bin/python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]))'
}
rx_packets() {
	ip -n "$1" -j -s link show "$2" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])'
}
pps() {	# 64-byte frames (18 bytes of UDP payload) guest -> internet, counted on arrival
	local before after
	before=$(rx_packets "$INET" eth0)
	ns "$G" iperf3 -c 203.0.113.10 -u -b 0 -l 18 -t 3 > /dev/null
	after=$(rx_packets "$INET" eth0)
	echo $(( (after - before) / 3 ))
}
measure() {	# NAME: fills UP_, DOWN_, PPS_
	UP[$1]=$(tcp)
	DOWN[$1]=$(tcp -R)
	PPS[$1]=$(pps)
	printf '%-22s up %6.2f Gbit/s  down %6.2f Gbit/s  %8d pps\n' "$1" \
		"$(div "${UP[$1]}" 1000000000)" "$(div "${DOWN[$1]}" 1000000000)" "${PPS[$1]}"
}
declare -A UP DOWN PPS
div() { /usr/bin/python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }

echo "== throughput through the lab gateway (iperf3 TCP ${T}s, one flow; UDP 64-byte frames)"
measure plain

# nftables baseline: 100,000 authorized addresses in a set with per-element counters
{
	echo "table inet sgbench {"
	echo "  set authorized { type ipv4_addr; counter; elements = {"
	/usr/bin/python3 -c '
import ipaddress
base = int(ipaddress.IPv4Address("198.18.0.0"))
print(",\n".join(str(ipaddress.IPv4Address(base + i)) for i in range(99999)) + ",\n192.0.2.11")'
	echo "  } }"
	echo "  chain forward { type filter hook forward priority 0; policy drop;"
	echo "    ip saddr @authorized accept"
	echo "    ip daddr @authorized accept"
	echo "  }"
	echo "}"
} > "$DIR/nft.conf"
ns "$GW" nft -f "$DIR/nft.conf"
measure nftables
ns "$GW" nft delete table inet sgbench

# spotgated with 100,000 authorized clients, in each XDP mode
filled=0
for mode in generic native off; do
	printf '[portal]\ndir = %s/portal\n[gateway]\nbpf_root = %s/spotgate\nxdp_mode = %s\nmax_clients = 131072\n' \
		"$ROOT" "$BPF" "$mode" > "$DIR/spotgate.conf"
	mkdir -p "$DIR/state"
	ip netns exec "$GW" "$SPOTGATED" --foreground --state-dir "$DIR/state" --config "$DIR/spotgate.conf" \
		--lan lan0 --admin-listen "" --log-level warn >> "$DIR/spotgated.log" 2>&1 < /dev/null &
	DAEMON_PID=$!	# ip netns exec execs: this is spotgated itself
	for _ in $(seq 100); do [ -S "$DIR/state/spotgate.sock" ] && "$SPOTCTL" --socket "$DIR/state/spotgate.sock" status > /dev/null 2>&1 && break; sleep 0.1; done
	if ! kill -0 "$DAEMON_PID" 2>/dev/null; then
		echo "spotgated (xdp $mode) did not start; its log: build/bench-dataplane-spotgated.log" >&2
		exit 1
	fi
	if [ $filled -eq 0 ]; then
		build/bench-dataplane fill "$BPF/spotgate" 99999
		"$SPOTCTL" --socket "$DIR/state/spotgate.sock" client authorize 02:00:00:00:01:01 --ip 192.0.2.11 > /dev/null
		filled=1
	fi
	measure "spotgate-xdp-$mode"
	if ! kill "$DAEMON_PID"; then
		echo "spotgated (xdp $mode) died; its log: build/bench-dataplane-spotgated.log" >&2
		exit 1
	fi
	wait "$DAEMON_PID" || true
	DAEMON_PID=
	rm -f "$DIR/state/spotgate.sock"
done
clients=$(bpftool map show pinned "$BPF/spotgate/sg_client_cfg" -j | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["max_entries"])')

# --- report -------------------------------------------------------------------
ratio() { div "$1" "$2"; }
echo
echo "## Data plane (\`bench/dataplane.sh\`)"
echo
echo "Per-packet cost of each program path, \`bpf_prog_test_run_opts\` with repeat 1,000,000"
echo "(best of 3), with 1, 10,000 and 1,000,000 clients in the maps. Goal: the authorized path"
echo "at 1M clients at most 1.2x its cost at 1 client."
echo
echo "| path | ns at 1 | ns at 10k | ns at 1M | 1M / 1 |"
echo "|---|---|---|---|---|"
for p in $paths; do
	echo "| $p | ${COST[$p,1]} | ${COST[$p,10000]} | ${COST[$p,1000000]} | $(ratio "${COST[$p,1000000]}" "${COST[$p,1]}") |"
done
echo
echo "Through the lab gateway (veth, namespaces; iperf3 TCP ${T} s, one flow, first second"
echo "left out; 64-byte UDP frames per second counted on the internet side), as ratios of"
echo "plain forwarding in the same run. spotgate runs with 100,000 authorized clients"
echo "(maps sized $clients); nftables with a set of 100,000 addresses with per-element counters."
echo
echo "| setup | TCP up | TCP down | 64-byte UDP pps |"
echo "|---|---|---|---|"
for s in plain nftables spotgate-xdp-generic spotgate-xdp-native spotgate-xdp-off; do
	echo "| $s | $(ratio "${UP[$s]}" "${UP[plain]}") | $(ratio "${DOWN[$s]}" "${DOWN[plain]}") | $(ratio "${PPS[$s]}" "${PPS[plain]}") |"
done
echo
printf 'plain forwarding: TCP up %.1f Gbit/s, down %.1f Gbit/s, %d pps (64-byte UDP)\n' \
	"$(div "${UP[plain]}" 1000000000)" "$(div "${DOWN[plain]}" 1000000000)" "${PPS[plain]}"
