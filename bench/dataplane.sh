#!/bin/bash
# Data-plane benchmarks (issue 4). Needs root; traffic only inside the lab's
# namespaces this script makes (documentation ranges; dummy clients from 198.18.0.0/15).
#
# 1. Per-packet cost of each program path, bpf_prog_test_run_opts() with a repeat
#    count, at 1, 10,000 and 1,000,000 clients in the maps (bench/dataplane_prog.c).
# 2. Through a lab gateway (scripts/lab.sh, two guests), nine setups: plain forwarding,
#    a tc program that does nothing (the hook's own cost), an nftables baseline (a set
#    of 100,000 authorized addresses with per-element counters) and spotgated with
#    100,000 authorized clients in each XDP mode (generic, off, native), its tc
#    programs on tcx, once more with XDP off on clsact (the tc hook of kernels
#    before 6.6), and with XDP off and forward = bpf (clients' traffic routed by the tc
#    programs, past the stack, uploads on lan0 and downloads on wan0: docs/config.md);
#    spotgated always knows wan0 as its WAN interface. A ninth, no-hop, forwards
#    nothing: the TCP flows end at the gateway and the UDP flood dies at its route
#    lookup, the most any gateway could reach. Each setup is measured in turn within
#    a round and the rounds repeat, so a change in the machine's load hits all setups alike; every
#    ratio is against plain forwarding of the same round, reported as the median and
#    the spread (min-max) over the rounds. Per setup and round:
#      TCP up and down: one iperf3 client per guest at once (one flow each; iperf3 3.12
#        runs a test in one thread), first second left out, received bits summed;
#      the same with MTU-sized packets: the senders' links (the guests', the
#        internet's) with segmentation offloads off, so the gateway handles every
#        1,500-byte packet on its own, as a gateway does whose traffic does not
#        coalesce; on veth a superpacket of ~64 KB otherwise costs the gateway once
#        what 45 wire packets cost it apart;
#      64-byte UDP: one bench/udp_flood per guest, each pinned to its own core
#        (sendmmsg, 18-byte payloads, 16 flows each) to an address the internet
#        namespace drops silently; counted as the gateway's wan0 TX packets.
#    Next to each figure, the CPU time the path took (senders, receivers, ksoftirqd:
#    on veth a packet's whole way runs in softirq in the sender's context), so the
#    report also gives throughput per busy core, which holds up better when other jobs
#    take CPU away from the benchmark.
#    Then, outside the measured rounds, one UDP and one TCP-up run per XDP mode with
#    BPF run-time statistics on: the programs' own ns per run in the lab.
#
# Environment: BENCH_SETUPS (the setups to measure, plain and nftables among them;
# all nine), BENCH_ROUNDS (5), BENCH_SECONDS (5, per measurement), BENCH_COST (1; 0
# skips part 1), BENCH_BPF_STATS (1; 0 skips the statistics runs), SPOTGATE_BUILD
# (build: where spotgated, spotctl and the skeletons are).
# Prints a markdown section for docs/benchmarks.md at the end; the raw figures stay in
# $SPOTGATE_BUILD/bench-dataplane-results.tsv.
set -eu
cd "$(dirname "$0")/.."
ROOT=$PWD
T=${BENCH_SECONDS:-5}
ROUNDS=${BENCH_ROUNDS:-5}
DO_COST=${BENCH_COST:-1}
BUILD=${SPOTGATE_BUILD:-build}
DO_STATS=${BENCH_BPF_STATS:-1}
CLIENTS=100000
SETUPS=${BENCH_SETUPS:-"plain tcx-noop nftables spotgate-xdp-generic spotgate-xdp-off spotgate-xdp-native spotgate-xdp-off-clsact spotgate-xdp-off-fwd no-hop"}
P=sgb$$-
RUNS=/run/spotgate-test
DIR=$RUNS/${P%-}
BPF=$DIR/bpf
GW=${P}gw
G1=${P}guest1	# two guests (clients): one TCP flow and one UDP sender each, one per core
G2=${P}guest2
INET=${P}inet
SINK=203.0.113.99	# routed to the internet namespace, which neither owns nor forwards it
export LAB_PREFIX=$P LAB_DIR=$DIR/lab
DAEMON_PID=
FLOOD_PIDS=
STATS_PID=

# (background jobs call ip netns exec itself, which execs: then $! is the program)
ns() { ip netns exec "$@"; }
py() { /usr/bin/python3 "$@"; }

cleanup() {
	for pid in $FLOOD_PIDS $DAEMON_PID $STATS_PID; do kill "$pid" 2>/dev/null || true; done
	[ -f "$DIR/spotgated.log" ] && cp "$DIR/spotgated.log" "$BUILD"/bench-dataplane-spotgated.log
	[ -f "$DIR/results.tsv" ] && cp "$DIR/results.tsv" "$BUILD"/bench-dataplane-results.tsv
	scripts/lab.sh down > /dev/null 2>&1 || true
	mountpoint -q "$BPF" && umount -l "$BPF"
	rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Leftovers of earlier runs that died without cleaning up (their pid is gone).
for d in $(ip netns list | awk '{print $1}' | sed -n 's/^\(sgb[0-9][0-9]*\)-.*/\1/p' | sort -u) \
	 $(cd "$RUNS" 2>/dev/null && ls -d sgb[0-9]* 2>/dev/null); do
	kill -0 "${d#sgb}" 2>/dev/null && continue
	LAB_PREFIX=$d- LAB_DIR=$RUNS/$d/lab scripts/lab.sh down > /dev/null 2>&1 || true
	mountpoint -q "$RUNS/$d/bpf" && umount -l "$RUNS/$d/bpf"
	rm -rf "${RUNS:?}/$d"
done

# the helpers, built like the unit tests (needs $BUILD/*.skel.h from make)
CF="-O2 -g -std=gnu11 -Wall -Wextra -Werror -Iinclude -Iuserspace -I$BUILD -Itests/unit $(pkg-config --cflags libbpf)"
cc $CF -o "$BUILD"/bench-dataplane bench/dataplane_prog.c userspace/dataplane/*.c \
	$(pkg-config --libs libbpf) -lelf -lz
cc -O2 -std=gnu11 -Wall -Wextra -Werror -o "$BUILD"/udp-flood bench/udp_flood.c
${CLANG:-clang} -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -Wall -Werror \
	-c bench/tc_noop.bpf.c -o "$BUILD"/bench-tc-noop.bpf.o

load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(load)
echo "load average at start: $LOAD_START"

declare -A COST
paths="xdp_pass xdp_deny_mac tc_in_authorized tc_in_authorized_ratelimit tc_out_authorized tc_in_unauth_drop tc_in_unauth_garden"
if [ "$DO_COST" = 1 ]; then
	echo "== per-packet cost (ns, bpf_prog_test_run_opts, repeat 1,000,000, best of 3)"
	for n in 1 10000 1000000; do
		while read -r path ns; do COST[$path,$n]=$ns; done < <("$BUILD"/bench-dataplane cost $n)
	done
fi

# --- the lab ------------------------------------------------------------------
mkdir -p "$BPF"
# private copies: a rebuild of $BUILD/ during the run must not pull them away
cp "$BUILD"/spotgated "$BUILD"/spotctl "$BUILD"/udp-flood "$BUILD"/bench-tc-noop.bpf.o "$DIR/"
SPOTGATED=$DIR/spotgated
SPOTCTL=$DIR/spotctl
FLOOD=$DIR/udp-flood
mount -t bpf bpf "$BPF"
scripts/lab.sh up 2 > "$DIR/lab-up.log" 2>&1 < /dev/null
# a second iperf3 server: one per client, so the two TCP flows are two processes
ns "$INET" iperf3 -s -B 203.0.113.10 -p 5202 -D -I "$DIR/iperf3-5202.pid" --logfile "$DIR/iperf3-5202.log"
# and two in the gateway itself, for the flows that end there (the no-hop setup)
for port in 5211 5212; do
	ns "$GW" iperf3 -s -B 192.0.2.1 -p $port -D -I "$DIR/iperf3-$port.pid" --logfile "$DIR/iperf3-$port.log"
done
for _ in $(seq 100); do
	ns "$INET" bash -c 'exec 3<>/dev/tcp/203.0.113.10/5202' 2> /dev/null &&
		ns "$GW" bash -c 'exec 3<>/dev/tcp/192.0.2.1/5211 && exec 4<>/dev/tcp/192.0.2.1/5212' 2> /dev/null && break
	sleep 0.05
done
# the UDP sink: no socket, no ICMP, so nothing comes back through the gateway
if ns "$INET" ip -o addr | grep -qw "$SINK"; then
	echo "$SINK is an address of $INET: UDP would be answered" >&2
	exit 1
fi
[ "$(ns "$INET" sysctl -n net.ipv4.ip_forward)" = 0 ]
# The UDP flood is one-way, so nothing confirms the gateway's next hop: its neighbour
# entry would go stale now and then, and while it is, every packet takes the slow
# neighbour path (about 4 % here), in whichever setup happens to be running. Fixed.
nh=$(ns "$GW" ip route get "$SINK" | sed -n 's/.* via \([^ ]*\) .*/\1/p')
nh_dev=$(ns "$INET" ip -o addr show to "$nh" | awk '{print $2}')
nh_mac=$(ns "$INET" cat "/sys/class/net/$nh_dev/address")
ns "$GW" ip neigh replace "$nh" lladdr "$nh_mac" nud permanent dev wan0

# results: round setup metric value
: > "$DIR/results.tsv"
rec() { printf '%s\t%s\t%s\t%s\n' "$@" >> "$DIR/results.tsv"; }

# CPU time: on veth a packet's whole way (sender, gateway, receiver) runs in softirq
# in the context of whoever sent it, so the senders' and receivers' own CPU time plus
# ksoftirqd's is what the path costs. Dividing throughput by it gives a figure that
# holds when other jobs take CPU away from the benchmark (the machine is shared).
KSOFTIRQD=$(pgrep '^ksoftirqd/' | tr '\n' ' ')
ksoftirqd_ns() { for p in $KSOFTIRQD; do read -r n _ < "/proc/$p/schedstat"; echo "$n"; done | awk '{s += $1} END {printf "%.0f\n", s}'; }
now_ns() { date +%s%N; }

# on|off: the senders build TCP superpackets, or send wire-sized packets (the gateway
# sends on lan0 only in the no-hop setup, where it is the downloads' sender)
segmentation() {
	for n in "$G1" "$G2" "$INET"; do ns "$n" ethtool -K eth0 tso "$1" gso "$1" > /dev/null; done
	ns "$GW" ethtool -K lan0 tso "$1" gso "$1" > /dev/null
}

# Where the flows go and where the UDP packets are counted: through the gateway to
# the internet namespace, counted leaving wan0 (every setup but no-hop); or into the
# gateway itself, counted arriving on lan0
through_gateway() { TCP_DST=203.0.113.10 TCP_PORTS="5201 5202" UDP_COUNTER=wan0/statistics/tx_packets; }
into_gateway() { TCP_DST=192.0.2.1 TCP_PORTS="5211 5212" UDP_COUNTER=lan0/statistics/rx_packets; }
through_gateway

tcp() {	# [-R]: "bit/s cores": bits received per second over both flows and the CPU
	# cores busy meanwhile (iperf3 clients and servers, ksoftirqd)
	local a=$DIR/tcp-1.json b=$DIR/tcp-2.json pa pb k0 k1 t0 t1 p1 p2
	read -r p1 p2 <<< "$TCP_PORTS"
	k0=$(ksoftirqd_ns) t0=$(now_ns)
	ip netns exec "$G1" iperf3 -c "$TCP_DST" -p "$p1" -t "$T" -O 1 -J "$@" > "$a" & pa=$!
	ip netns exec "$G2" iperf3 -c "$TCP_DST" -p "$p2" -t "$T" -O 1 -J "$@" > "$b" & pb=$!
	wait "$pa" && wait "$pb" || { echo "iperf3 failed:" >&2; cat "$a" "$b" >&2; exit 1; }
	k1=$(ksoftirqd_ns) t1=$(now_ns)
	py - "$(( k1 - k0 ))" "$(( t1 - t0 ))" "$a" "$b" <<-'EOF'
		import json, sys
		bps, cores = 0, int(sys.argv[1]) / int(sys.argv[2])
		for f in sys.argv[3:]:
		    end = json.load(open(f))["end"]
		    bps += end["sum_received"]["bits_per_second"]
		    cores += (end["cpu_utilization_percent"]["host_total"] +
		              end["cpu_utilization_percent"]["remote_total"]) / 100
		print(int(bps), f"{cores:.3f}")
	EOF
}

# "packets ns-timestamp" of the gateway's UDP counter, read in one go
udp_count() { ns "$GW" sh -c "read -r n < /sys/class/net/$UDP_COUNTER; echo \"\$n \$(date +%s%N)\""; }
# "user+nice system softirq idle+iowait total" in ticks over all CPUs (the whole machine)
cpu_ticks() { awk '/^cpu /{print $2+$3, $4, $8, $5+$6, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
# ICMP messages the internet namespace sent (the UDP sink must stay silent)
icmp_out() { ns "$INET" awk '/^Icmp:/ { if (!k) { for (i = 2; i <= NF; i++) if ($i == "OutMsgs") k = i } else print $k }' /proc/net/snmp; }

udp() {	# ROUND SETUP: 64-byte UDP packets per second leaving wan0, one sender per core;
	# sets PPS and CORES (busy meanwhile: the senders, ksoftirqd)
	local c0 t0 c1 t1 u0 s0 q0 i0 a0 u1 s1 q1 i1 a1 cpu icmp0 k0 k1
	FLOOD_PIDS=
	icmp0=$(icmp_out)
	for cpu in 0 1; do
		ip netns exec "${P}guest$((cpu + 1))" taskset -c "$cpu" "$FLOOD" "$SINK" $((9000 + 16 * cpu)) 16 $((T + 2)) \
			> "$DIR/flood-$cpu.out" & FLOOD_PIDS="$FLOOD_PIDS $!"
	done
	sleep 1
	read -r c0 t0 < <(udp_count)
	read -r u0 s0 q0 i0 a0 < <(cpu_ticks)
	k0=$(ksoftirqd_ns)
	sleep "$T"
	read -r c1 t1 < <(udp_count)
	read -r u1 s1 q1 i1 a1 < <(cpu_ticks)
	k1=$(ksoftirqd_ns)
	for pid in $FLOOD_PIDS; do wait "$pid" || { echo "udp_flood failed" >&2; exit 1; }; done
	FLOOD_PIDS=
	if [ "$(icmp_out)" != "$icmp0" ]; then
		echo "the UDP sink answered with ICMP: the gateway forwarded that too" >&2
		exit 1
	fi
	PPS=$(( (c1 - c0) * 1000000000 / (t1 - t0) ))
	CORES=$(cat "$DIR"/flood-*.out | awk -v k=$(( k1 - k0 )) -v t=$(( t1 - t0 )) \
		'{c += $4 / $6} END {printf "%.3f\n", c + k / t}')
	rec "$1" "$2" pps "$PPS"
	rec "$1" "$2" pps_cores "$CORES"
	# where the machine's time went meanwhile (without IRQ time accounting the
	# softirq share is sampled at the tick)
	rec "$1" "$2" cpu_softirq "$(div $((q1 - q0)) $((a1 - a0)))"
	rec "$1" "$2" cpu_system "$(div $((s1 - s0)) $((a1 - a0)))"
	rec "$1" "$2" cpu_user "$(div $((u1 - u0)) $((a1 - a0)))"
	rec "$1" "$2" cpu_idle "$(div $((i1 - i0)) $((a1 - a0)))"
}
div() { py -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.3f}')" "$1" "$2"; }

prog_stats() {	# "name run_cnt run_time_ns" for each program attached to lan0: XDP
	# and clsact from bpftool net, tcx from spotgated's pinned links (bpftool 7.1's net
	# show does not know tcx)
	{ ns "$GW" bpftool net show dev lan0 -j
	  for l in "$BPF"/spotgate/tcx_*; do [ -e "$l" ] && bpftool link show pinned "$l" -j; done
	} | py -c '
import json, subprocess, sys
ids = []
def walk(o):
    if isinstance(o, dict):
        i = o.get("prog_id", o.get("id"))	# tc entries: prog_id; xdp entries: id
        if isinstance(i, int):
            ids.append(i)
        for v in o.values(): walk(v)
    elif isinstance(o, list):
        for v in o: walk(v)
text, pos, dec = sys.stdin.read(), 0, json.JSONDecoder()
while text[pos:].strip():	# one JSON document per command
    doc, pos = dec.raw_decode(text, len(text) - len(text[pos:].lstrip()))
    walk(doc)
for i in sorted(set(ids)):
    p = json.loads(subprocess.check_output(["bpftool", "prog", "show", "id", str(i), "-j"]))
    print(p["name"], p.get("run_cnt", 0), p.get("run_time_ns", 0))'
}

# --- the setups ---------------------------------------------------------------

# nftables baseline: the set (with per-element counters) is loaded once; the forward
# chain that uses it is hooked in for the nftables setup only.
{
	echo "table inet sgbench {"
	echo "  set authorized { type ipv4_addr; counter; elements = {"
	py -c '
import ipaddress
base = int(ipaddress.IPv4Address("198.18.0.0"))
print(",\n".join(str(ipaddress.IPv4Address(base + i)) for i in range('$((CLIENTS - 2))')) + ",\n192.0.2.11,\n192.0.2.12")'
	echo "  } }"
	echo "}"
} > "$DIR/nft-set.conf"
ns "$GW" nft -f "$DIR/nft-set.conf"
cat > "$DIR/nft-chain.conf" <<-'EOF'
	table inet sgbench {
	  chain forward { type filter hook forward priority 0; policy drop;
	    ip saddr @authorized accept
	    ip daddr @authorized accept
	  }
	}
EOF

detach_all() {	# whatever a spotgated left on lan0 and wan0 (a restart keeps programs attached)
	ns "$GW" ip link set dev lan0 xdpgeneric off 2> /dev/null || true
	ns "$GW" ip link set dev lan0 xdpdrv off 2> /dev/null || true
	ns "$GW" tc qdisc del dev lan0 clsact 2> /dev/null || true
	ns "$GW" tc qdisc del dev wan0 clsact 2> /dev/null || true
	rm -f "$BPF"/spotgate/tcx_*	# its tcx links, now that nothing else holds them
}

FILLED=0
DAEMON_TICKS=0
DAEMON_NS=0
daemon_ticks() { awk '{print $14 + $15}' "/proc/$DAEMON_PID/stat"; }
start_daemon() {	# XDP_MODE [TC_HOOK [FORWARD]]
	printf '[portal]\ndir = %s/portal\n[gateway]\nbpf_root = %s/spotgate\nwan = wan0\nxdp_mode = %s\ntc_hook = %s\nforward = %s\nmax_clients = 131072\n' \
		"$ROOT" "$BPF" "$1" "${2:-auto}" "${3:-stack}" > "$DIR/spotgate.conf"
	mkdir -p "$DIR/state"
	rm -f "$DIR/state/spotgate.sock"
	if [ $FILLED -eq 0 ]; then	# the maps stay pinned: filled once for every run,
		# before the daemon, which learns at start which counter slot is whose;
		# the two guests then get slots 99,998 and 99,999, and a third client the
		# last: neighbours, whose counters shared a cache line when they were 96
		# bytes (include/spotgate/maps.h), the costlier place for two busy guests
		"$BUILD"/bench-dataplane fill "$BPF/spotgate" $((CLIENTS - 3)) 131072
	fi
	ip netns exec "$GW" "$SPOTGATED" --foreground --state-dir "$DIR/state" --config "$DIR/spotgate.conf" \
		--lan lan0 --admin-listen "" --log-level warn >> "$DIR/spotgated.log" 2>&1 < /dev/null &
	DAEMON_PID=$!	# ip netns exec execs: this is spotgated itself
	for _ in $(seq 100); do
		[ -S "$DIR/state/spotgate.sock" ] &&
			"$SPOTCTL" --socket "$DIR/state/spotgate.sock" status > /dev/null 2>&1 && break
		sleep 0.1
	done
	if ! kill -0 "$DAEMON_PID" 2> /dev/null; then
		echo "spotgated (xdp $1) did not start; its log: $BUILD/bench-dataplane-spotgated.log" >&2
		exit 1
	fi
	if [ $FILLED -eq 0 ]; then
		for k in 1 2 3; do
			"$SPOTCTL" --socket "$DIR/state/spotgate.sock" client authorize \
				"02:00:00:00:01:0$k" --ip "192.0.2.1$k" > /dev/null
		done
		FILLED=1
	fi
	DAEMON_T0=$(date +%s%N)
	DAEMON_C0=$(daemon_ticks)
}
stop_daemon() {
	DAEMON_TICKS=$((DAEMON_TICKS + $(daemon_ticks) - DAEMON_C0))
	DAEMON_NS=$((DAEMON_NS + $(date +%s%N) - DAEMON_T0))
	if ! kill "$DAEMON_PID"; then
		echo "spotgated died; its log: $BUILD/bench-dataplane-spotgated.log" >&2
		exit 1
	fi
	wait "$DAEMON_PID" || true
	DAEMON_PID=
	detach_all
}

enter() {	# SETUP
	case $1 in
	plain) ;;
	tcx-noop) ns "$GW" "$BUILD"/bench-dataplane noop "$DIR/bench-tc-noop.bpf.o" lan0 "$BPF" ;;
	nftables) ns "$GW" nft -f "$DIR/nft-chain.conf" ;;
	no-hop)	# the flows end in the gateway; the UDP flood is dropped at its route lookup
		into_gateway
		ns "$GW" ip route add blackhole "$SINK/32" ;;
	spotgate-xdp-off-clsact) start_daemon off clsact ;;
	spotgate-xdp-off-fwd) start_daemon off auto bpf ;;
	spotgate-xdp-*) start_daemon "${1#spotgate-xdp-}" ;;
	esac
}
leave() {
	case $1 in
	plain) ;;
	tcx-noop) rm "$BPF"/noop_ingress "$BPF"/noop_egress ;;
	nftables) ns "$GW" nft delete chain inet sgbench forward ;;
	no-hop)
		through_gateway
		ns "$GW" ip route del blackhole "$SINK/32" ;;
	spotgate-xdp-*)
		# run counts grow only while BPF run-time statistics are on, which costs two
		# clock reads per program run: then someone else has them on, and every
		# spotgate figure of this run is too low
		if [ "$(prog_stats | awk '{s += $2} END {print s + 0}')" != 0 ]; then
			echo "warning: BPF run-time statistics are on (kernel.bpf_stats_enabled or a BPF_ENABLE_STATS fd): spotgate figures are too low" >&2
			rec "$ROUND" "$1" stats_were_on 1
		fi
		stop_daemon ;;
	esac
}

# --- the measured rounds --------------------------------------------------------
echo "== through the lab gateway: $ROUNDS rounds of ${SETUPS// /, }; ${T}s per measurement"
for r in $(seq "$ROUNDS"); do
	ROUND=$r
	for s in $SETUPS; do
		enter "$s"
		x=$(tcp); read -r up upc <<< "$x"
		x=$(tcp -R); read -r down downc <<< "$x"
		rec "$r" "$s" up "$up"
		rec "$r" "$s" up_cores "$upc"
		rec "$r" "$s" down "$down"
		rec "$r" "$s" down_cores "$downc"
		segmentation off
		x=$(tcp); read -r up1 up1c <<< "$x"
		x=$(tcp -R); read -r down1 down1c <<< "$x"
		segmentation on
		rec "$r" "$s" up_mtu "$up1"
		rec "$r" "$s" up_mtu_cores "$up1c"
		rec "$r" "$s" down_mtu "$down1"
		rec "$r" "$s" down_mtu_cores "$down1c"
		udp "$r" "$s"
		leave "$s"
		printf 'round %d  %-20s up %5.2f Gbit/s (%4.2f cores)  down %5.2f Gbit/s (%4.2f)  MTU-sized up %5.2f down %5.2f  %7d pps (%4.2f)  load %s\n' \
			"$r" "$s" "$(div "$up" 1e9)" "$upc" "$(div "$down" 1e9)" "$downc" "$(div "$up1" 1e9)" \
			"$(div "$down1" 1e9)" "$PPS" "$CORES" "$(load)"
	done
done
LOAD_END=$(load)
echo "load average at end: $LOAD_END"
DAEMON_CPU=0	# no spotgate setup measured
[ "$DAEMON_NS" = 0 ] ||
	DAEMON_CPU=$(div "$DAEMON_TICKS" "$(py -c "import os,sys; print(int(sys.argv[1]) / 1e9 * os.sysconf('SC_CLK_TCK'))" "$DAEMON_NS")")

# --- the programs' own cost in the lab (not part of the rounds) --------------------
# Run-time statistics add two clock reads per program run, so they are on only here:
# through BPF_ENABLE_STATS, which holds them on while its fd is open and leaves the
# kernel.bpf_stats_enabled sysctl (a machine-wide setting) alone.
stats_on() {
	/usr/bin/python3 -c '
import ctypes, signal, struct, sys
libc = ctypes.CDLL(None, use_errno=True)
attr = ctypes.create_string_buffer(struct.pack("I", 0), 16)	# BPF_STATS_RUN_TIME
if libc.syscall(321, 32, attr, 4) < 0:				# __NR_bpf (x86-64), BPF_ENABLE_STATS
    sys.exit("BPF_ENABLE_STATS: errno %d" % ctypes.get_errno())
print("on", flush=True)
signal.pause()' > "$DIR/stats-on" &
	STATS_PID=$!
	for _ in $(seq 50); do [ -s "$DIR/stats-on" ] && return; kill -0 "$STATS_PID" || exit 1; sleep 0.1; done
	exit 1
}
stats_off() { kill "$STATS_PID"; wait "$STATS_PID" || true; STATS_PID=; rm -f "$DIR/stats-on"; }
guest_tx_bytes() { cat <(ns "$G1" cat /sys/class/net/eth0/statistics/tx_bytes) \
	<(ns "$G2" cat /sys/class/net/eth0/statistics/tx_bytes) | awk '{s += $1} END {printf "%.0f\n", s}'; }
if [ "$DO_STATS" = 1 ]; then
	echo "== the programs' own time per run in the lab (BPF run-time statistics)"
	for mode in generic off native; do
		start_daemon "$mode"
		stats_on
		for what in udp tcp-up; do
			prog_stats | sort > "$DIR/stats0"
			b0=$(guest_tx_bytes)
			if [ "$what" = udp ]; then udp stats "spotgate-xdp-$mode"; else tcp > /dev/null; fi
			b1=$(guest_tx_bytes)
			prog_stats | sort > "$DIR/stats1"
			join "$DIR/stats0" "$DIR/stats1" | while read -r name c0 n0 c1 n1; do
				[ "$c1" -gt "$c0" ] || continue
				rec stats "spotgate-xdp-$mode" "ns_$what,$name" "$(div $((n1 - n0)) $((c1 - c0)))"
				rec stats "spotgate-xdp-$mode" "bytes_$what,$name" "$(div $((b1 - b0)) $((c1 - c0)))"
			done
		done
		stats_off
		stop_daemon
	done
fi

# --- report -------------------------------------------------------------------
echo
echo "## Data plane (\`bench/dataplane.sh\`)"
echo
if [ "$DO_COST" = 1 ]; then
	echo "Per-packet cost of each program path, \`bpf_prog_test_run_opts\` with repeat 1,000,000"
	echo "(best of 3), with 1, 10,000 and 1,000,000 clients in the maps. Goal: the authorized path"
	echo "at 1M clients at most 1.2x its cost at 1 client."
	echo
	echo "| path | ns at 1 | ns at 10k | ns at 1M | 1M / 1 |"
	echo "|---|---|---|---|---|"
	for p in $paths; do
		echo "| $p | ${COST[$p,1]} | ${COST[$p,10000]} | ${COST[$p,1000000]} | $(div "${COST[$p,1000000]}" "${COST[$p,1]}" | cut -c1-4) |"
	done
	echo
fi
py - "$DIR/results.tsv" "$ROUNDS" "$T" "$LOAD_START" "$LOAD_END" "$DAEMON_CPU" "$(nproc)" <<-'EOF'
	import collections, random, statistics, sys

	path, rounds, secs, load0, load1, daemon_cpu, ncpu = sys.argv[1:]
	v = collections.defaultdict(dict)	# (setup, metric) -> {round: value}, measured rounds
	st = {}					# (setup, metric) -> value, bpf_stats runs
	for line in open(path):
	    r, s, m, x = line.rstrip("\n").split("\t")
	    if r == "stats":
	        st[s, m] = float(x)
	    else:
	        v[s, m][r] = float(x)
	setups = [s for s in ["plain", "tcx-noop", "nftables", "spotgate-xdp-generic", "spotgate-xdp-off",
	          "spotgate-xdp-native", "spotgate-xdp-off-clsact", "spotgate-xdp-off-fwd", "no-hop"] if (s, "pps") in v]
	spotgate = [s for s in setups if s.startswith("spotgate")]
	label = {"plain": "plain forwarding", "tcx-noop": "tc hook (tcx), a program that passes everything",
	         "nftables": "nftables, 100,000-address set",
	         "spotgate-xdp-generic": "spotgate, XDP generic", "spotgate-xdp-off": "spotgate, XDP off",
	         "spotgate-xdp-native": "spotgate, XDP native",
	         "spotgate-xdp-off-clsact": "spotgate, XDP off, tc on clsact (kernels before 6.6)",
	         "spotgate-xdp-off-fwd": "spotgate, XDP off, forward = bpf",
	         "no-hop": "no hop: the flows end at the gateway"}
	metrics = [("up", "TCP up"), ("down", "TCP down"), ("up_mtu", "TCP up, MTU-sized"),
	           ("down_mtu", "TCP down, MTU-sized"), ("pps", "64-byte UDP pps")]
	rule = "|---|" + "---|" * len(metrics)
	med = statistics.median

	def value(s, m, r, per_core):
	    return v[s, m][r] / v[s, m + "_cores"][r] if per_core else v[s, m][r]

	def per_round(s, m, per_core=False):	# round -> ratio to plain forwarding of that round
	    return {r: value(s, m, r, per_core) / value("plain", m, r, per_core)
	            for r in sorted(v["plain", m]) if r in v[s, m]}

	def ratios(s, m, per_core=False):
	    return list(per_round(s, m, per_core).values())

	def cell(s, m, per_core=False):
	    x = ratios(s, m, per_core)
	    return f"{med(x):.2f} ({min(x):.2f}-{max(x):.2f})"

	def absolute(m, per_core=False):
	    x = [value("plain", m, r, per_core) for r in v["plain", m]]
	    unit, div = ("kpps", 1e3) if m == "pps" else ("Gbit/s", 1e9)
	    if per_core:
	        unit += " per core"
	    return f"{med(x) / div:.1f} {unit} ({min(x) / div:.1f}-{max(x) / div:.1f})"

	print(f"Through the lab gateway (veth, namespaces, {ncpu} cores), two guests: {rounds} rounds, each")
	print(f"measuring every setup in turn ({secs} s per measurement). Each figure is the ratio to")
	print("plain forwarding of the same round: median over the rounds (min-max). TCP: one iperf3")
	print("flow per guest at once, first second left out; MTU-sized: the same with the senders'")
	print("links' segmentation offloads off (TSO, GSO), so the gateway sees every")
	print("1,500-byte packet on its own. UDP: one `bench/udp_flood` per guest,")
	print("each on its own core, 64-byte frames, counted leaving the gateway's WAN interface.")
	print("spotgate runs with 100,000 authorized clients (maps sized 131,072), the two guests on")
	print("neighbouring counter slots (99,998 and 99,999); nftables with a set")
	print("of 100,000 addresses with per-element counters (`ip saddr/daddr @authorized accept`,")
	print("policy drop). spotgate's tc programs go on through tcx, except in the clsact row (the")
	print("tc hook kernels before 6.6 have). Every spotgate row but the last leaves routing to")
	print("the kernel (forward = stack); in the last, the tc programs route the guests' packets")
	print("themselves (forward = bpf): uploads from lan0 out of wan0, downloads from wan0 into")
	print("lan0, past the gateway's IP stack. The tc hook row is a program that")
	print("passes everything (bench/tc_noop.bpf.c), on tcx at the gateway's LAN side: what the")
	print("hook alone costs any tc-based gateway.")
	print("In the no-hop row nothing is forwarded: the TCP flows end at the gateway itself (iperf3")
	print("servers in its namespace) and the UDP flood is dropped at its route lookup (a")
	print("blackhole route) and counted arriving on lan0. A gateway's work lies between the")
	print("guests' link and that point, so no gateway can be faster than this row by more than")
	print("the noise: it is the headroom any setup has over plain forwarding.")
	print("The gateway's next hop is a permanent neighbour in every setup (the flood is one-way).")
	print(f"Load average {load0} at the start, {load1} at the end.")
	print()
	if any(m == "stats_were_on" for (_, m) in v):
	    print("**Warning: BPF run-time statistics were on during the rounds (someone else held")
	    print("them on): each program run paid two clock reads more, so every BPF figure here is")
	    print("too high and every spotgate ratio too low.**")
	    print()
	print("| setup | " + " | ".join(name for _, name in metrics) + " |")
	print(rule)
	print("| plain forwarding (absolute) | " + " | ".join(absolute(m) for m, _ in metrics) + " |")
	for s in setups[1:]:
	    print(f"| {label[s]} | " + " | ".join(cell(s, m) for m, _ in metrics) + " |")
	print()
	def met(s, m, per_core):
	    r, n = med(ratios(s, m, per_core)), med(ratios("nftables", m, per_core))
	    return "met" if r >= 0.95 and r > n else "not met"

	# How far a median can be trusted: the rounds resampled with replacement (a fixed
	# seed, so a report can be made again from its results), 5th-95th percentile of
	# the resampled medians. Against nftables, the difference within each round.
	rng = random.Random(4)

	def interval(x, n=2000):
	    meds = sorted(med(rng.choices(x, k=len(x))) for _ in range(n))
	    return f"{med(x):+.3f} ({meds[n // 20]:+.3f} to {meds[n - n // 20 - 1]:+.3f})"

	if spotgate and "nftables" in setups:
	    print("Goal, spotgate >= 0.95x plain forwarding and above nftables, on the medians")
	    print("(throughput / per busy core):")
	    for s in spotgate:
	        print(f"- {label[s]}: " + ", ".join(f"{name} {met(s, m, False)} / {met(s, m, True)}"
	                                            for m, name in metrics))
	    print()
	    print("How sure these medians are (throughput): each setup's median ratio less 0.95, and")
	    print("its median difference to nftables within a round, with the 5th-95th percentile of")
	    print("the median over the rounds resampled (bootstrap); an interval above zero is a goal")
	    print("met with that confidence:")
	    print()
	    print("| setup | " + " | ".join(f"{name}: - 0.95 | {name}: - nftables" for _, name in metrics) + " |")
	    print("|---|" + "---|---|" * len(metrics))
	    for s in spotgate:
	        cells = []
	        for m, _ in metrics:
	            x, n = per_round(s, m), per_round("nftables", m)
	            cells.append(interval([x[r] - 0.95 for r in x]))
	            cells.append(interval([x[r] - n[r] for r in x if r in n]))
	        print(f"| {label[s]} | " + " | ".join(cells) + " |")
	    print()
	if "no-hop" in setups:
	    print("The headroom: the no-hop row less plain forwarding within a round (the most any")
	    print("gateway could be above plain forwarding, so above nftables where nftables costs")
	    print("nothing measurable), median with the 5th-95th percentile of the bootstrap:")
	    print()
	    print("| " + " | ".join(name for _, name in metrics) + " |")
	    print("|" + "---|" * len(metrics))
	    print("| " + " | ".join(interval([x - 1 for x in ratios("no-hop", m)]) for m, _ in metrics) + " |")
	    print()
	print("The same per busy core: throughput divided by the CPU time of the senders, the")
	print("receivers and ksoftirqd (on veth a packet's whole way runs in softirq in the sender's")
	print("context), which holds up better when other jobs take CPU away from the benchmark:")
	print()
	print("| setup | " + " | ".join(name + " per core" for _, name in metrics) + " |")
	print(rule)
	print("| plain forwarding (absolute) | " + " | ".join(absolute(m, True) for m, _ in metrics) + " |")
	for s in setups[1:]:
	    print(f"| {label[s]} | " + " | ".join(cell(s, m, True) for m, _ in metrics) + " |")
	print()
	if spotgate:
	    print(f"spotgated itself (its 1 s poll of the 100,000 clients' counters) used {float(daemon_cpu) * 100:.1f} %")
	    print("of one core while the spotgate setups ran.")
	    print()
	print("Where the machine's time went during the UDP runs (all cores, medians over the rounds,")
	print("other sessions' jobs included):")
	print()
	print("| setup | softirq | system | user | idle |")
	print("|---|---|---|---|---|")
	for s in setups:
	    c = [med(v[s, "cpu_" + k].values()) * 100 for k in ("softirq", "system", "user", "idle")]
	    print(f"| {label[s]} | " + " | ".join(f"{x:.0f} %" for x in c) + " |")
	if st:
	    print()
	    print("The programs' own time per run in the lab (BPF run-time statistics, one run of")
	    print("each outside the rounds), and for TCP up the bytes the guest sent per run of the")
	    print("programs that see them (about 64 KB: once per GRO superpacket; about 1.5 KB: once per")
	    print("wire-sized packet):")
	    print()
	    print("| XDP mode | program | ns per run, UDP | ns per run, TCP up | bytes per run, TCP up |")
	    print("|---|---|---|---|---|")
	    fmt = lambda x: "-" if x is None else f"{x:.0f}"
	    for s in spotgate:
	        for n in sorted({m.split(",")[1] for (t, m) in st if t == s and "," in m}):
	            b = None if "egress" in n else st.get((s, "bytes_tcp-up," + n))
	            print(f"| {s[len('spotgate-xdp-'):]} | {n} | {fmt(st.get((s, 'ns_udp,' + n)))} | "
	                  f"{fmt(st.get((s, 'ns_tcp-up,' + n)))} | {fmt(b)} |")
EOF
