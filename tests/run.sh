#!/usr/bin/env bash
# fgprof's test run: host unit tests and browser checks (tests/browser/),
# then the guest integration tests on each kernel asked for, then the
# harness's own self-tests. Ends with the line "N passed, N failed" and
# exits non-zero on any failure. --unit-only is the host stage alone.
#   usage: tests/run.sh [--kernels "6.1 5.10 ..."] [--no-unit] [--unit-only]
#                       [--no-selftest] [--skip "NAME ..."] [--only "NAME ..."]
#                       [--shards N] [--only-on KERNEL "NAME ..."]
# --skip leaves out guest tests (t-NAME.sh), e.g. the slow DKMS install
# on the kernel matrix, which make test covers on 6.1; --only runs just
# the guest tests named (a developer's quick check, not CI's); --only-on
# gives one kernel its own list instead of both (CI: the debug kernel's
# short suite in the same pool of guests as the matrix).
# --shards N splits each kernel's tests over N guests (default 1).
# Guests run FGPROF_GUEST_JOBS at a time (default 2: TCG is one thread,
# so a guest takes one core of the two), each job's console in its log
# dir, printed when it ends.
set -uo pipefail

cd "$(dirname "$0")/.."
kernels="6.1"
unit=1 guest=1 selftest=1 skip="" only="" shards=1
declare -A only_on=()
while [ $# -gt 0 ]; do
	case $1 in
	--kernels) kernels=$2; shift ;;
	--shards) shards=$2; shift ;;
	--no-unit) unit=0 ;;
	--unit-only) guest=0 selftest=0 ;;
	--no-selftest) selftest=0 ;;
	--skip) skip=$2; shift ;;
	--only) only=$2; shift ;;
	--only-on) only_on[$2]=$3; shift 2 ;;
	*) echo "usage: $0 [--kernels LIST] [--no-unit] [--unit-only] [--no-selftest] [--skip NAMES] [--only NAMES] [--shards N] [--only-on KERNEL NAMES]" >&2
	   exit 2 ;;
	esac
	shift
done

passed=0 failed=0
. tests/speed.sh
logdir=build/test-logs${FGPROF_BUILD_TAG:+-$FGPROF_BUILD_TAG}
mkdir -p "$logdir"

result() {	# result STATUS NAME
	if [ "$1" -eq 0 ]; then
		passed=$((passed + 1))
		echo "ok - $2"
	else
		failed=$((failed + 1))
		echo "not ok - $2"
	fi
}

# Count the "ok - " / "not ok - " lines a runner wrote.
tally() {
	local ok notok
	ok=$(grep -c '^ok - ' "$1")
	notok=$(grep -c '^not ok - ' "$1")
	passed=$((passed + ok))
	failed=$((failed + notok))
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# host_checks NAME COMMAND: a host checker's "ok - " lines, prefixed with
# NAME and counted; a crash before any line still counts as a failure.
host_checks() {
	local name=$1 status
	shift
	"$@" >"$logdir/$name.log"
	status=$?
	sed "s/^\(not \)\{0,1\}ok - /&$name: /" "$logdir/$name.log" >"$logdir/$name.tmp"
	cat "$logdir/$name.tmp"
	tally "$logdir/$name.tmp"
	[ $status -eq 0 ] || grep -q '^not ok' "$logdir/$name.tmp" ||
		result 1 "$* exited $status"
}

if ! tests/deps.sh; then
	result 1 "install dependencies (tests/deps.sh)"
	finish
fi
if ! make -s tool unit progs; then
	result 1 "build the tool, unit tests and test programs"
	finish
fi

if [ $unit -eq 1 ]; then
	scripts/checkpatch.sh >"$logdir/checkpatch.log" 2>&1
	status=$?
	result $status "kmod/ is checkpatch-clean, version checks only in compat.h"
	[ $status -eq 0 ] || sed 's/^/    /' "$logdir/checkpatch.log"
	for t in tests/unit/test_*; do
		case $t in *.c) continue ;; esac
		# The host's speed now, for the few bounds on time (unit.h's
		# speed_scale): a busy host slows a test without failing it.
		speed_measure host
		echo "# $(basename "$t"): host speed probe $SPEED_MS ms (quiet: $SPEED_REF_MS ms), scale $SPEED_SCALE"
		FGPROF_SPEED_SCALE=$SPEED_SCALE "$t" >"$logdir/$(basename "$t").log"
		status=$?
		sed "s|^\(not \)\{0,1\}ok - |&$(basename "$t"): |" "$logdir/$(basename "$t").log" \
			>"$logdir/unit.tmp"
		cat "$logdir/unit.tmp"
		tally "$logdir/unit.tmp"
		# A crash before any line is printed must still count.
		[ $status -eq 0 ] || grep -q '^not ok' "$logdir/unit.tmp" ||
			result 1 "$(basename "$t") exited $status"
	done
	# The SVG and heat map pages in headless chromium: host only, seconds.
	tests/browser/run.sh >"$logdir/browser.log"
	status=$?
	cat "$logdir/browser.log"
	tally "$logdir/browser.log"
	[ $status -eq 0 ] || grep -q '^not ok' "$logdir/browser.log" ||
		result 1 "tests/browser/run.sh exited $status"
	# What fails a guest run and what is only a warning (splats.sh).
	host_checks splats tests/splats-test.sh
	# make install/uninstall, man page, dkms.conf, the .deb packages.
	host_checks packaging tests/packaging.sh
	# README.md and docs/: links, paths, options and make targets named,
	# the manual and the man page against the tool's --help.
	host_checks docs tests/docs.py
fi

# Each test's last duration on each kernel (run-tests.sh's "(NNs)"),
# kept in the cache to balance the shards: longest first, each to the
# shard with the least time so far (60 s for a test not yet timed).
times_dir=${FGPROF_CACHE:-/var/cache/fgprof}/test-times
mkdir -p "$times_dir" 2>/dev/null || times_dir=$logdir

# shard_lists KERNEL NAME...: N lines, each one shard's test names.
shard_lists() {
	local k=$1
	shift
	local f=$times_dir/$k
	for name in "$@"; do
		awk -v n="$name" '$1 == n { t = $2 } END { print (t ? t : 60), n }' \
			"$f" 2>/dev/null || echo "60 $name"
	done | sort -rn | awk -v n="$shards" '{
		best = 0
		for (i = 1; i < n; i++) if (load[i] < load[best]) best = i
		load[best] += $1; list[best] = list[best] " " $2
	} END { for (i = 0; i < n; i++) print list[i] }'
}

# remember_times KERNEL RESULTS: fold a run's durations into the cache.
remember_times() {
	local f=$times_dir/$1
	# The first time there is no $f: cat's failure must not stop the mv.
	{
		sed -nE 's/^ok - [^:]*: ([a-z0-9-]+) \(([0-9]+)s\)$/\1 \2/p' "$2"
		cat "$f" 2>/dev/null || true
	} | awk '!seen[$1]++' >"$f.tmp" && mv "$f.tmp" "$f"
}

# guest_job KERNEL KO OUT SLOT TEST...: one guest, its console to OUT.log.
guest_job() {
	local k=$1 ko=$2 out=$3 slot=$4
	shift 4
	local list=()
	for name in "$@"; do list+=("tests/guest/t-$name.sh"); done
	rm -rf "$out"
	mkdir -p "$out"
	# FGPROF_STRESS=full (make test-stress) lengthens the reliability
	# tests; the guest's environment is otherwise fixed by its init.
	# FGPROF_GUEST_TIMEOUT caps boot and start-up: once run-tests.sh
	# runs, each test's own limit (scaled by the guest's measured
	# speed) extends it (boot.sh's .deadline), so that a busy host
	# slows the run without cutting it short.
	FGPROF_GUEST_LOCK=${FGPROF_GUEST_LOCK:-/tmp/fgprof-guest.lock}.$slot \
	tests/guest/boot.sh --kernel "$k" --out "$out" \
		--timeout "${FGPROF_GUEST_TIMEOUT:-1800}" -- \
		env FGPROF_STRESS="${FGPROF_STRESS:-}" \
		tests/guest/run-tests.sh "$ko" "${list[@]}" >"$out.log" 2>&1
	echo $? >"$out.status"
}

run_guests() {
	local k ko name list=() jobs=() j slot running=0 pids=()
	# Each kernel's module (a checkout's path may hold a space: not in
	# the job lines below, which split on spaces).
	declare -A ko_of=()
	for k in $kernels; do
		if ! ko=$(tests/guest/build-module.sh "$k"); then
			result 1 "$k: build fgprof.ko"
			continue
		fi
		ko_of[$k]=$ko
		list=()
		local want=${only_on[$k]:-$only} skip_k=$skip
		[ -z "${only_on[$k]:-}" ] || skip_k=""
		for t in tests/guest/t-*.sh; do
			name=$(basename "$t" .sh | sed 's/^t-//')
			case " $skip_k " in
			*" $name "*)
				echo "# $k: $t not run here (--skip; make test runs it on 6.1)" ;;
			*) case " ${want:-$name} " in *" $name "*) list+=("$name") ;; esac ;;
			esac
		done
		j=0
		while read -r names; do
			[ -n "$names" ] || continue
			jobs+=("$k $j $names")
			j=$((j + 1))
		done < <(shard_lists "$k" "${list[@]}")
	done
	local max=${FGPROF_GUEST_JOBS:-2}
	declare -A slot_of=()
	for spec in "${jobs[@]}"; do
		# A free slot: wait for the oldest job when all are taken.
		if [ "$running" -ge "$max" ]; then
			wait -n
			running=$((running - 1))
		fi
		for ((slot = 0; slot < max; slot++)); do
			[ -n "${slot_of[$slot]:-}" ] && kill -0 "${slot_of[$slot]}" 2>/dev/null ||
				break
		done
		read -r k j names <<<"$spec"
		ko=${ko_of[$k]}
		local out=$logdir/guest-$k
		[ "$shards" -eq 1 ] || out=$out-s$j
		echo "# $k guest $(basename "$out"): $names"
		# shellcheck disable=SC2086
		guest_job "$k" "$ko" "$out" "$slot" $names &
		slot_of[$slot]=$!
		pids+=("$!:$k:$out")
		running=$((running + 1))
	done
	wait
	local p out status
	for p in "${pids[@]}"; do
		k=${p#*:}; k=${k%%:*}; out=${p#*:*:}
		cat "$out.log"
		status=$(cat "$out.status" 2>/dev/null || echo 1)
		if [ -f "$out/results" ]; then
			tally "$out/results"
			remember_times "$k" "$out/results"
		fi
		# The boot itself: it ran to the end and dmesg of the whole run is clean.
		result "$status" "$k: guest $(basename "$out"): boot, run to completion, dmesg clean"
	done
}

if [ $guest -eq 1 ]; then
	run_guests
fi

# expect_harness_failure STATUS LOG REGEX NAME: boot.sh failed and said why.
expect_harness_failure() {
	if [ "$1" -ne 0 ] && grep -Eq "$3" "$2"; then
		result 0 "$4"
	else
		result 1 "$4"
		tail -20 "$2" | sed 's/^/    /'
	fi
}

# The harness must be able to fail: a module that WARNs, and a hung guest.
if [ $selftest -eq 1 ]; then
	k=${kernels%% *}
	if ko=$(tests/guest/build-module.sh "$k" tests/guest/warn-module); then
		tests/guest/boot.sh --kernel "$k" --out "$logdir/selftest-warn" \
			--timeout 300 -- insmod "$ko" >"$logdir/selftest-warn.log" 2>&1
		expect_harness_failure $? "$logdir/selftest-warn.log" 'WARNING' \
			"harness: a module that WARNs fails the run"
	else
		result 1 "harness: build the WARN module"
	fi
	tests/guest/boot.sh --kernel "$k" --out "$logdir/selftest-hang" \
		--timeout 45 -- sleep 100000 >"$logdir/selftest-hang.log" 2>&1
	expect_harness_failure $? "$logdir/selftest-hang.log" 'timed out' \
		"harness: a hung guest is killed and reported"
fi

finish
