# Sourced by the guest tests (tests/guest/t-*.sh), which run as root inside
# the guest with the repository as the current directory and FGPROF_KO
# naming the module built for the guest's kernel.
set -euo pipefail

: "${FGPROF_KO:?FGPROF_KO must name the fgprof.ko built for this kernel}"
FGPROF=$PWD/user/fgprof
PROGS=$PWD/tests/progs
DEV=/dev/fgprof
# The guest's HOME is on the read-only host root: the table cache goes
# where a user's would be writable (the guest's /tmp lives for one boot).
export XDG_CACHE_HOME=${XDG_CACHE_HOME:-/tmp/.cache}

# any GREP-ARGS: some line of stdin matches. Unlike grep -q it reads all
# of stdin, so under pipefail the writer is never killed by SIGPIPE and
# the pipeline cannot fail although the line was there.
any() {
	grep "$@" >/dev/null
}

# first N: the first N lines of stdin, read to the end (head would cut
# the writer off, and pipefail would report that as a failure).
first() {
	awk -v n="$1" 'NR <= n'
}

# private_copies PROG...: run fgprof, the module and these test programs
# from private copies in the guest's /tmp. The guest sees the host's tree
# live, and a rebuild there (another developer's make) would make an exec
# fail halfway through a long test.
private_copies() {
	local bin p

	bin=$(mktemp -d /tmp/bin.XXXXXX)
	cp "$FGPROF" "$FGPROF_KO" "$bin"/
	for p in "$@"; do
		cp "$PROGS/$p" "$bin"/
	done
	FGPROF=$bin/fgprof PROGS=$bin FGPROF_KO=$bin/$(basename "$FGPROF_KO")
}

# TIME_SCALE: how many times longer than on a quiet host with Debian's
# kernel things take in this guest now: the kernel's factor (boot.sh's
# FGPROF_TIMEOUT_SCALE; 6.1-debug: KASAN, lockdep) times the speed
# measured before the test (run-tests.sh's FGPROF_SPEED_SCALE: a busy
# host). Every bound a test sets on time or on how much gets done per
# wall-clock second scales by it; what it checks of the data does not.
TIME_SCALE=$((${FGPROF_TIMEOUT_SCALE:-1} * ${FGPROF_SPEED_SCALE:-1}))

# scaled SECS: SECS times TIME_SCALE.
scaled() {
	echo $(($1 * TIME_SCALE))
}

# slow_guest: things take longer than on a quiet host with Debian's
# kernel. Tests whose counts depend on how much gets done per wall-clock
# second use it to loosen those counts.
slow_guest() {
	[ "$TIME_SCALE" -gt 1 ]
}

# keep_in_log FILE...: copies to the run's log directory on the host
# (boot.sh's out dir), for a failure to be read after the guest is gone.
keep_in_log() {
	cp "$@" "${FGPROF_OUT:-/tmp}/" 2>/dev/null || true
}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

loaded() {
	grep -q '^fgprof ' /proc/modules
}

load() {
	insmod "$FGPROF_KO" "$@" || fail "insmod $FGPROF_KO $*"
	[ -c $DEV ] || fail "$DEV missing after insmod"
}

unload() {
	rmmod fgprof || fail "rmmod fgprof"
	[ ! -e $DEV ] || fail "$DEV still there after rmmod"
}

# expect_match TEXT REGEX: TEXT must match the extended regex.
expect_match() {
	printf '%s\n' "$1" | grep -Eq -- "$2" || fail "expected /$2/ in: $1"
}

expect_eq() {
	[ "$1" = "$2" ] || fail "expected '$2', got '$1'${3:+ ($3)}"
}
