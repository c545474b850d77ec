# shellcheck shell=bash
# How fast this guest (or host) runs now, sourced by the guest's
# run-tests.sh and by tests/run.sh for the host's unit tests (and run
# alone to calibrate: bash tests/speed.sh [N [PAUSE]] prints N probes'
# times in ms, PAUSE s apart).
# A shared machine's guest runs at whatever share of a core it gets:
# tests that judge a time or a rate scale their bounds by the factor
# measured here (lib.sh's TIME_SCALE, unit.h's speed_scale) rather than
# assume a quiet host.

# A fixed amount of CPU work: a bash loop, so that no exec and no 9p
# read (cold on a first run) is part of what is timed.
SPEED_LOOPS=10000
# Its time in ms in a 6.1 guest (TCG) with a host core to itself, on
# this project's 2-core test machine (Dec 2026). That machine was never
# quiet (load average 7-8: other guests and builds), so measured thus:
# 20000 loops back to back in a guest took 859 ms (median of 54; best
# 361) while the qemu process got 0.37 of a core (its CPU time over 40
# s): 859 x 0.37 = 320 ms with a whole core; half of it for 10000.
SPEED_REFERENCE_MS=160
# On the host itself (no emulation), 100000 loops: 0.16 s of CPU time
# for 200000 (user+sys, /usr/bin/time, best of 5), which is what they
# take with a core to themselves.
SPEED_HOST_LOOPS=100000
SPEED_HOST_REFERENCE_MS=80
# A guest more than this many times slower is not one the tests can
# judge anything of; the factor stops here.
SPEED_MAX=10

# speed_probe_ms [LOOPS]: one probe's wall-clock time in ms.
speed_probe_ms() {
	local t0=$EPOCHREALTIME t1 i=0 n=${1:-$SPEED_LOOPS}

	while ((i < n)); do ((i++)); done
	t1=$EPOCHREALTIME
	echo $(((${t1/./} - ${t0/./}) / 1000))
}

# speed_measure [host]: sets SPEED_MS (the median of three probes: one
# preempted probe does not decide), SPEED_REF_MS (the guest's reference
# or, with "host", the host's) and SPEED_SCALE, that time over the
# reference rounded up past 20 % (a quiet machine's jitter is not a
# slower one), from 1 to SPEED_MAX.
speed_measure() {
	local a b c n=$SPEED_LOOPS

	SPEED_REF_MS=$SPEED_REFERENCE_MS
	if [[ ${1:-} == host ]]; then
		n=$SPEED_HOST_LOOPS SPEED_REF_MS=$SPEED_HOST_REFERENCE_MS
	fi
	a=$(speed_probe_ms "$n") b=$(speed_probe_ms "$n") c=$(speed_probe_ms "$n")
	SPEED_MS=$(printf '%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p)
	SPEED_SCALE=$(((SPEED_MS - SPEED_REF_MS / 5 + SPEED_REF_MS - 1) /
		       SPEED_REF_MS))
	((SPEED_SCALE >= 1)) || SPEED_SCALE=1
	((SPEED_SCALE <= SPEED_MAX)) || SPEED_SCALE=$SPEED_MAX
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	for _ in $(seq "${1:-30}"); do
		speed_probe_ms
		sleep "${2:-2}"
	done
fi
