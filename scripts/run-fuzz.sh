#!/bin/bash
# Runs libFuzzer targets over their seed corpus (tests/fuzz/corpus/NAME for
# build/fuzz/fuzz_NAME). New inputs go to a scratch directory, never into the tree.
#   run-fuzz.sh short BIN...   a fixed number of runs each (FUZZ_RUNS, default 200000)
#   run-fuzz.sh long BIN...    FUZZ_SECONDS each (default 600)
set -u
cd "$(dirname "$0")/.."
mode=$1
shift
failed=0
for bin in "$@"; do
	name=$(basename "$bin")
	name=${name#fuzz_}
	scratch=$(mktemp -d)
	trap 'rm -rf "$scratch"' EXIT
	corpus=tests/fuzz/corpus/$name
	case "$mode" in
	short) limit="-runs=${FUZZ_RUNS:-200000}" ;;
	long) limit="-max_total_time=${FUZZ_SECONDS:-600}" ;;
	*) echo "usage: $0 short|long BIN..." >&2; exit 2 ;;
	esac
	if "$bin" $limit -print_final_stats=1 "$scratch" "$corpus" > "$scratch/log" 2>&1; then
		echo "fuzz $name: ok ($(grep -o 'stat::number_of_executed_units: [0-9]*' "$scratch/log" | awk '{print $2}') runs)"
	else
		echo "fuzz $name: FAILED"
		tail -40 "$scratch/log"
		failed=$((failed + 1))
	fi
	rm -rf "$scratch"
done
[ "$failed" -eq 0 ]
