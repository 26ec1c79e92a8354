#!/bin/bash
# make demo: start spotgated with the embedded default configuration in the
# foreground and say how to talk to it. Ctrl-C stops it.
set -eu
cd "$(dirname "$0")/.."

build/spotgated --foreground &
pid=$!
trap 'kill -TERM $pid 2>/dev/null; wait $pid' INT TERM

for _ in $(seq 100); do
	[ -S var/spotgate.sock ] && break
	kill -0 $pid 2>/dev/null || { echo "demo: spotgated did not start" >&2; exit 1; }
	sleep 0.05
done

cat <<MSG

spotgated is running (pid $pid) with the embedded default configuration:
  database      var/spotgate.db
  admin socket  var/spotgate.sock

Try, in another terminal:
  build/spotctl status
  build/spotctl status --json
  build/spotctl help

Ctrl-C here stops the daemon (or: kill $pid).
MSG
wait $pid
