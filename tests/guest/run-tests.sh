#!/usr/bin/env bash
# Runs inside the guest (through tests/guest/boot.sh): every guest test
# against the module given, one "ok - NAME" / "not ok - NAME" line each
# in $FGPROF_OUT/results. A test fails on a non-zero exit, on a timeout,
# or when dmesg gained a splat while it ran.
#   usage: run-tests.sh FGPROF_KO [TEST...]
set -uo pipefail

export FGPROF_KO=$(realpath "$1")
shift
cd "$(dirname "$0")/../.."
kernel=$(uname -r)
results=${FGPROF_OUT:-/tmp}/results
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(tests/guest/t-*.sh)
: >"$results"

for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	name=${name#t-}
	before=$(dmesg | wc -l)
	SECONDS=0
	# A test may ask for more than 600 s with a "# timeout: SECS" line
	# (t-dkms.sh: a module build under emulation).
	limit=$(sed -n 's/^# timeout: \([0-9][0-9]*\)$/\1/p' "$t" | head -n 1)
	# A slow kernel (boot.sh's FGPROF_TIMEOUT_SCALE) scales it.
	limit=$((${limit:-600} * ${FGPROF_TIMEOUT_SCALE:-1}))
	timeout "$limit" bash "$t" >/tmp/test.log 2>&1
	status=$?
	secs=$SECONDS
	# The module must not outlive its test: the next one loads afresh.
	grep -q '^fgprof ' /proc/modules && rmmod fgprof 2>/dev/null
	splat=$(dmesg | tail -n +"$((before + 1))" | tests/guest/splats.sh)
	if [ $status -eq 0 ] && [ -z "$splat" ]; then
		echo "ok - $kernel: $name (${secs}s)" | tee -a "$results"
	else
		echo "not ok - $kernel: $name (exit $status${splat:+, dmesg splat})" | tee -a "$results"
		sed 's/^/    /' /tmp/test.log
		[ -z "$splat" ] || printf '    dmesg: %s\n' "$splat"
	fi
done

# A kernel with kmemleak (6.1-debug): leaks of all the tests, once at the
# end (a scan takes long under emulation, and unloaded objects stay leaked).
if [ -e /sys/kernel/debug/kmemleak ]; then
	if tests/guest/kmemleak.sh >/tmp/test.log 2>&1; then
		echo "ok - $kernel: kmemleak finds no leak of fgprof's" | tee -a "$results"
	else
		echo "not ok - $kernel: kmemleak finds no leak of fgprof's" | tee -a "$results"
	fi
	sed 's/^/    /' /tmp/test.log
fi
