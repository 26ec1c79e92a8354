#!/bin/bash
# make demo: the lab (guests, a gateway, an internet in network namespaces),
# spotgated in gateway mode on the lab's LAN in the foreground, a voucher to
# try, and how to talk to it all. Ctrl-C stops it and removes the lab.
set -eu
cd "$(dirname "$0")/.."

# the lab (scripts/lab.sh): guests sg-guest1..2, the gateway sg-gw, an internet;
# the daemon runs the data plane and the guest portal on the gateway's lan0
scripts/lab.sh up 2
ip netns exec sg-gw build/spotgated --foreground --lan lan0 --wan wan0 &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid; scripts/lab.sh down' INT TERM

for _ in $(seq 100); do
	[ -S var/spotgate.sock ] && break
	kill -0 $pid 2>/dev/null || { echo "demo: spotgated did not start" >&2; scripts/lab.sh down; exit 1; }
	sleep 0.05
done

# a plan and a voucher to try on the portal
ctl() { build/spotctl --socket var/spotgate.sock "$@"; }
for _ in $(seq 100); do ip netns exec sg-gw bash -c 'exec 3<>/dev/tcp/192.0.2.1/80' 2>/dev/null && break; sleep 0.05; done
ctl plan show "Demo hour" >/dev/null 2>&1 ||
	ctl plan add --name "Demo hour" --time 1h --price 2.50 --down 10M --up 2M --validity first-use:1d --portal yes >/dev/null
ctl voucher generate --plan "Demo hour" --count 1 --length 8 --charset digits --note demo >/dev/null
voucher=$(ctl --json voucher list --hide-unused no --sort created --order desc --per-page 1 |
	/usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')

cat <<MSG

spotgated is running (pid $pid) in gateway mode on the lab's lan0 (192.0.2.1):
  database      var/spotgate.db
  admin socket  var/spotgate.sock
  web admin     http://127.0.0.1:8081/admin/ inside the gateway namespace, e.g.
                ip netns exec sg-gw curl -s http://127.0.0.1:8081/admin/
                (the first admin's password is in the log above, shown once)

Try, in another terminal:
  build/spotctl status
  build/spotctl status --json
  build/spotctl help

The guest portal (docs/portal.md) on the lab's gateway, http://192.0.2.1/.
Voucher to try: $voucher
  ip netns exec sg-guest1 curl -si http://203.0.113.10/          (302 to the portal)
  ip netns exec sg-guest1 curl -s http://192.0.2.1/captive-portal/api
  or a browser in the guest: ip netns exec sg-guest1 chromium --no-sandbox \\
      --user-data-dir=\$(mktemp -d) http://203.0.113.10/     (needs a display)

Ctrl-C here stops the daemon and removes the lab (or: kill $pid).
MSG
wait $pid
