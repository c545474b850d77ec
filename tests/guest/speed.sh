# shellcheck shell=bash
# How fast this guest runs now, sourced by run-tests.sh (and run alone
# to calibrate: bash tests/guest/speed.sh [N [PAUSE]] prints N probes'
# times in ms, PAUSE s apart).
# A shared machine's guest runs at whatever share of a core it gets:
# tests that judge a time or a rate scale their bounds by the factor
# measured here (lib.sh's TIME_SCALE) rather than assume a quiet host.

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
# A guest more than this many times slower is not one the tests can
# judge anything of; the factor stops here.
SPEED_MAX=10

# speed_probe_ms: one probe's wall-clock time in ms.
speed_probe_ms() {
	local t0=$EPOCHREALTIME t1 i=0

	while ((i < SPEED_LOOPS)); do ((i++)); done
	t1=$EPOCHREALTIME
	echo $(((${t1/./} - ${t0/./}) / 1000))
}

# speed_measure: sets SPEED_MS (the median of three probes: one
# preempted probe does not decide) and SPEED_SCALE, that time over the
# reference rounded up past 20 % (a quiet guest's jitter is not a
# slower machine), from 1 to SPEED_MAX.
speed_measure() {
	local a b c

	a=$(speed_probe_ms) b=$(speed_probe_ms) c=$(speed_probe_ms)
	SPEED_MS=$(printf '%s\n' "$a" "$b" "$c" | sort -n | sed -n 2p)
	SPEED_SCALE=$(((SPEED_MS - SPEED_REFERENCE_MS / 5 + SPEED_REFERENCE_MS - 1) /
		       SPEED_REFERENCE_MS))
	((SPEED_SCALE >= 1)) || SPEED_SCALE=1
	((SPEED_SCALE <= SPEED_MAX)) || SPEED_SCALE=$SPEED_MAX
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
	for _ in $(seq "${1:-30}"); do
		speed_probe_ms
		sleep "${2:-2}"
	done
fi
