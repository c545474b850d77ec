# Helpers for the guest tests that record with the tool and read its
# folded output ("frame;frame;... COUNT" lines). Sourced after lib.sh.

# record OUT ARGS...: fgprof record -o OUT ARGS..., failing the test on error.
record() {
	local out=$1
	shift
	"$FGPROF" record -o "$out" "$@" || fail "fgprof record $* exited $?"
}

# folded FILE [REPORT-ARGS...]: the profile as folded lines.
folded() {
	local in=$1
	shift
	"$FGPROF" report -q -i "$in" "$@" || fail "fgprof report -i $in $* exited $?"
}

# samples_matching REGEX < folded: the summed count of lines matching REGEX.
samples_matching() {
	awk -v re="$1" '$0 ~ re { n += $NF } END { print n + 0 }'
}

# stat_of FILE NAME: one counter of a recorded profile.
stat_of() {
	"$FGPROF" report -q -i "$1" --stats | awk -v k="$2" '$1 == k { print $2 }'
}

# pct PART WHOLE: PART as a percentage of WHOLE, one decimal.
pct() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b ? 100 * a / b : 0 }'
}

# within VALUE TARGET TOLERANCE: |VALUE - TARGET| <= TOLERANCE.
within() {
	awk -v v="$1" -v t="$2" -v d="$3" 'BEGIN { exit !(v - t <= d && t - v <= d) }'
}

# at_least VALUE MIN
at_least() {
	awk -v v="$1" -v m="$2" 'BEGIN { exit !(v >= m) }'
}

# ratio_at_least PART WHOLE PCT: WHOLE > 0 and PART >= PCT% of WHOLE, exactly.
ratio_at_least() {
	awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { exit !(b > 0 && 100 * a >= p * b) }'
}

# figure NAME VALUE: a measured figure, kept in the run's figures file.
figure() {
	echo "$(uname -r) $1 $2" | tee -a "${FGPROF_OUT:-/tmp}/figures"
}

# own_ns FILE NAME: offcpu_sleep's own measure of NAME's time, from its
# output in FILE: the truth the profile's off-CPU time is judged by (on
# a busy host its sleeps end late, past their nominal 2.0 and 0.9 s).
own_ns() {
	awk -v k="$2_ns" '$1 == k { print $2; n++ } END { exit n != 1 }' "$1" ||
		fail "no $2_ns line in $1: $(cat "$1")"
}

# within_pct VALUE TARGET PCT: VALUE is within PCT % of TARGET.
within_pct() {
	within "$1" "$2" "$(awk -v t="$2" -v p="$3" 'BEGIN { print t * p / 100 }')"
}

# leaf_samples LEAF-REGEX STACK-REGEX < folded: samples whose innermost
# frame matches LEAF-REGEX and whose whole stack matches STACK-REGEX.
leaf_samples() {
	awk -v leaf="$1" -v re="$2" '{
		stack = $0; sub(/ [0-9]+$/, "", stack)
		n = split(stack, f, ";")
		if (f[n] ~ leaf && stack ~ re) s += $NF
	} END { print s + 0 }'
}

# cpus_sampling: how many CPUs have a live event now.
cpus_sampling() {
	"$FGPROF" stats | awk '$1 == "nr_cpus_sampling" { print $2 }'
}

# wait_sampling N: a recording started in the background (or a CPU just
# back online) has its events on N CPUs within 20 s (times the guest's
# slowness, lib.sh's TIME_SCALE), else the test fails. Timed, not counted: one
# cpus_sampling takes 5 s on the debug kernel with a workload running
# (it was 100 tries 0.1 s apart, each try's command adding its own time).
wait_sampling() {
	local end=$((SECONDS + $(scaled 20)))

	until [ "$(cpus_sampling)" = "$1" ]; do
		[ "$SECONDS" -lt "$end" ] ||
			fail "sampling on $(cpus_sampling) CPUs, expected $1"
		sleep 0.1
	done
}
