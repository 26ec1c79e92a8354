#!/bin/bash
# Runs test suites and ends with one line CI reads: "N passed, N failed".
#   run-tests.sh unit BIN...            cmocka unit tests
#   run-tests.sh asan BIN...            the same binaries built with ASan+UBSan
#   run-tests.sh integration            pytest under tests/integration
#   run-tests.sh all BIN... -- ASANBIN... -- FUZZBIN...   everything, as make test does
set -u
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()

# cmocka prints "[  PASSED  ] N test(s)." and "[  FAILED  ] N test(s), listed below:"
run_cmocka() {
	local label=$1 bin=$2 out p f rc
	out=$("$bin" 2>&1)
	rc=$?
	echo "$out" | grep -E '^\[  (FAILED|  OK  |PASSED)|^\[ +ERROR|Assertion|ERROR|runtime error' | sed "s|^|$label $(basename "$bin"): |" | grep -v ' OK ' || true
	p=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	f=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# crashed or a sanitizer stopped it: show why, count it as one failure
		echo "$out" | tail -30
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures+=("$label $(basename "$bin")")
}

run_unit() {
	local label=$1
	shift
	echo "== $label tests"
	for bin in "$@"; do
		run_cmocka "$label" "$bin"
	done
}

run_fuzz() {
	echo "== fuzz targets"
	for bin in "$@"; do
		if scripts/run-fuzz.sh short "$bin"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
			failures+=("fuzz $(basename "$bin")")
		fi
	done
}

run_pytest() {
	local out summary p f e
	echo "== integration tests"
	/usr/bin/python3 -m pytest -q -p no:cacheprovider tests/integration 2>&1 | tee build/pytest.log
	summary=$(grep -E '^(=+ )?[0-9]+ (passed|failed)|no tests ran' build/pytest.log | tail -1)
	p=$(echo "$summary" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
	f=$(echo "$summary" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
	e=$(echo "$summary" | grep -oE '[0-9]+ error' | grep -oE '[0-9]+')
	p=${p:-0}
	f=$(( ${f:-0} + ${e:-0} ))
	if [ -z "$summary" ]; then
		f=$((f + 1))
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures+=("integration")
}

mode=$1
shift
mkdir -p build
case "$mode" in
unit | asan)
	run_unit "$mode" "$@"
	;;
integration)
	run_pytest
	;;
all)
	units=()
	asans=()
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do units+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	while [ $# -gt 0 ] && [ "$1" != "--" ]; do asans+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	run_unit unit "${units[@]}"
	run_unit asan "${asans[@]}"
	run_fuzz "$@"
	run_pytest
	;;
*)
	echo "usage: $0 unit|asan|integration|all ..." >&2
	exit 2
	;;
esac

echo
[ ${#failures[@]} -gt 0 ] && echo "failed suites: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
