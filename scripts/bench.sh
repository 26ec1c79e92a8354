#!/bin/bash
# make bench: runs every bench/*.sh in turn; each prints its figures and
# updates its section of docs/benchmarks.md.
set -eu
cd "$(dirname "$0")/.."
shopt -s nullglob
benches=(bench/*.sh)
if [ ${#benches[@]} -eq 0 ]; then
	echo "bench: no benchmarks yet"
	exit 0
fi
for b in "${benches[@]}"; do
	echo "== $b"
	"$b"
done
