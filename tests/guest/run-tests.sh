#!/usr/bin/env bash
# Runs inside the guest (through tests/guest/boot.sh): every guest test
# against the module given, one "ok - NAME" / "not ok - NAME" line each
# in $FGPROF_OUT/results. A test fails on a non-zero exit, on a timeout,
# or when dmesg gained a splat while it ran.
#   usage: run-tests.sh FGPROF_KO [TEST...]
# Before each test the guest's speed is measured (tests/speed.sh) and passed on
# as FGPROF_SPEED_SCALE; the test's time limit grows by it, and the host's
# watchdog (boot.sh) is told that limit in $FGPROF_OUT/.deadline.
set -uo pipefail

export FGPROF_KO=$(realpath "$1")
shift
cd "$(dirname "$0")/../.."
kernel=$(uname -r)
out=${FGPROF_OUT:-/tmp}
results=$out/results
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(tests/guest/t-*.sh)
: >"$results"
. tests/speed.sh
kscale=${FGPROF_TIMEOUT_SCALE:-1}

# allow SECS: the host's watchdog (boot.sh) lets the guest run SECS more
# from now (its clock: the file's mtime), whatever its whole-run cap.
allow() {
	echo "$1" >"$out/.deadline"
}

speed_measure
echo "# guest speed: probe $SPEED_MS ms (quiet: $SPEED_REFERENCE_MS ms), scale $SPEED_SCALE; kernel scale $kscale"
echo "$kernel guest_speed_scale $SPEED_SCALE (probe $SPEED_MS ms, quiet $SPEED_REFERENCE_MS ms)" >>"$out/figures"

# Cold caches, warmed before any test times something: the host's page
# cache for the module, the tool and what a first symbolization reads
# over 9p (libc's debug info: 4-6 s cold with another guest busy).
allow $((300 * kscale * SPEED_SCALE))
(
	bin=$(mktemp -d /tmp/warm.XXXXXX)
	insmod "$FGPROF_KO" &&
		user/fgprof record -q -o "$bin/warm.data" -F 499 -- tests/progs/hot_ab 1 &&
		user/fgprof report -q -i "$bin/warm.data" >/dev/null
	rmmod fgprof
	rm -rf "$bin"
) >/dev/null 2>&1

for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	name=${name#t-}
	before=$(dmesg | wc -l)
	# A test may ask for more than 600 s with a "# timeout: SECS" line
	# (t-dkms.sh: a module build under emulation).
	limit=$(sed -n 's/^# timeout: \([0-9][0-9]*\)$/\1/p' "$t" | head -n 1)
	# A slow kernel (boot.sh's FGPROF_TIMEOUT_SCALE) and a slow guest
	# now (tests/speed.sh: a busy host) scale it; the test scales its own
	# bounds of time and rate by the same (lib.sh's TIME_SCALE).
	speed_measure
	export FGPROF_SPEED_SCALE=$SPEED_SCALE
	echo "# $name: guest speed probe $SPEED_MS ms, scale $SPEED_SCALE"
	limit=$((${limit:-600} * kscale * SPEED_SCALE))
	# The runner's own work after the test (rmmod, dmesg) too.
	allow $((limit + 120 * kscale * SPEED_SCALE))
	SECONDS=0
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
	allow $((600 * kscale * SPEED_SCALE))
	if tests/guest/kmemleak.sh >/tmp/test.log 2>&1; then
		echo "ok - $kernel: kmemleak finds no leak of fgprof's" | tee -a "$results"
	else
		echo "not ok - $kernel: kmemleak finds no leak of fgprof's" | tee -a "$results"
	fi
	sed 's/^/    /' /tmp/test.log
fi
# What is left: init's dmesg copy and power-off.
allow $((120 * kscale * SPEED_SCALE))
