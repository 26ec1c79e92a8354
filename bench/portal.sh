#!/bin/bash
# The guest portal under load, in a lab of its own (scripts/lab.sh with
# LAB_PREFIX=sgbench-): wrk runs in a guest namespace against the portal on
# the gateway's LAN address, as a phone's browser would reach it.
#   - voucher logins per second: POST /login with a voucher; each is a login
#     committed to SQLite (the device's previous session stopped, a new one
#     opened) and then a data-plane map update (gateway_authorize)
#   - status page requests per second: GET /status of a logged-in device
# Goals (issue 5): >= 2,000 logins/s, >= 20,000 status pages/s. Prints a
# markdown table. Needs root (namespaces, BPF).
set -euo pipefail
cd "$(dirname "$0")/.."

export LAB_PREFIX=sgbench-
DURATION=${DURATION:-10s}
dir=$(mktemp -d)
pid=""
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	scripts/lab.sh down >/dev/null 2>&1 || true
	rm -rf "$dir"
}
trap cleanup EXIT

scripts/lab.sh up 1 >/dev/null 2>&1 </dev/null
ip netns exec sgbench-gw tc qdisc del dev lan0 clsact 2>/dev/null || true
printf '[portal]\nlogin = voucher\n[general]\nlog_level = warn\n' >"$dir/spotgate.ini"
ip netns exec sgbench-gw build/spotgated --foreground --config "$dir/spotgate.ini" --state-dir "$dir" \
	--lan lan0 --wan wan0 --radius-auth "" --radius-acct "" --admin-listen "" >"$dir/log" 2>&1 &
pid=$!
for _ in $(seq 200); do
	ip netns exec sgbench-gw bash -c 'exec 3<>/dev/tcp/192.0.2.1/80' 2>/dev/null && break
	sleep 0.05
done
ctl() { build/spotctl --socket "$dir/spotgate.sock" "$@"; }
ctl plan add --name "Day pass" --time 1d --price 5.00 --validity first-use:1d --devices 1 >/dev/null
ctl voucher generate --plan "Day pass" --count 1 --length 10 --charset digits >/dev/null
code=$(ctl --json voucher list | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')

guest() { ip netns exec sgbench-guest1 "$@"; }
csrf=$(guest curl -s http://192.0.2.1/ | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
cat >"$dir/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "csrf=$csrf&method=voucher&code=$code"
done = function(summary, latency, requests)
  io.stderr:write(string.format("status_errors=%d\n", summary.errors.status))
end
LUA

# requests/s from wrk's summary
rps() { awk '/^Requests\/sec:/ {printf "%d", $2}'; }
login_out=$(guest wrk -t2 -c16 -d"$DURATION" -s "$dir/login.lua" http://192.0.2.1/login 2>&1)
logins=$(echo "$login_out" | rps)
login_p99=$(echo "$login_out" | awk '/Latency/ {print $2}')
login_errors=$(echo "$login_out" | sed -n 's/^status_errors=//p')
sessions=$(sqlite3 "$dir/spotgate.db" "SELECT count(*) FROM sessions")
status_out=$(guest wrk -t2 -c64 -d"$DURATION" http://192.0.2.1/status 2>&1)
status=$(echo "$status_out" | rps)
status_lat=$(echo "$status_out" | awk '/Latency/ {print $2}')
guest curl -s http://192.0.2.1/status | grep -q 'id="plan">Day pass<' || { echo "portal: the status page is not the logged-in one" >&2; exit 1; }

echo "| what | per second | mean latency | goal | goal reached |"
echo "|---|---|---|---|---|"
printf '| voucher logins (committed, map updated; %s sessions written, %s errors) | %s | %s | 2,000 | %s |\n' \
	"$sessions" "${login_errors:-0}" "$logins" "$login_p99" "$([ "$logins" -ge 2000 ] && echo yes || echo no)"
printf '| status page of a logged-in device | %s | %s | 20,000 | %s |\n' \
	"$status" "$status_lat" "$([ "$status" -ge 20000 ] && echo yes || echo no)"
