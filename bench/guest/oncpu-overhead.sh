# On-CPU sampling's cost: a fixed amount of CPU-bound work (4 processes,
# call chains 60 frames deep, frame pointers) timed with no profiler, with
# `fgprof record -a` and with `perf record -g -a`, both on cpu-clock at
# 99, 999 and 4999 Hz, in alternation (none, fg, perf at each rate, then
# again) so drift in the emulated machine hits every configuration alike.
# Runs inside the guest (bench/run.sh).
set -euo pipefail
: "${FGPROF_KO:?}"
FGPROF=$PWD/user/fgprof
WL=$PWD/tests/progs/deep_tree
REPS=${REPS:-7} TARGET=${TARGET:-3}	# runs per configuration, seconds per run
RATES=${RATES:-99 999 4999}
out=${FGPROF_OUT:-/tmp}
cd /tmp

wl_args=(-p 4 -d 60 -b 8)
elapsed() {	# elapsed CMD...: the workload's own wall time under CMD
	"$@" "$WL" "${wl_args[@]}" -n "$units" 2>/dev/null |
		awk '/^elapsed/ { print $2 }'
}
# Both profilers sample every CPU: fgprof follows only the command's own
# process, not its forked children, so -a for it and hence for perf.
none() { "$@"; }
fgp() { "$FGPROF" record -q -a -e cpu-clock -F "$hz" -o /tmp/b.data -- "$@"; }
perf_g() { perf record -q -a -g -e cpu-clock -F "$hz" -o /tmp/perf.data -- "$@"; }

insmod "$FGPROF_KO"
# Calibrate the work so an unprofiled run takes about TARGET seconds: the
# emulator's speed differs from machine to machine.
# The faster of two runs: the other guests and builds on the host only slow it.
units=2000
t=$( (elapsed none; elapsed none) | sort -g | head -n 1)
units=$(awk -v u="$units" -v t="$t" -v T="$TARGET" 'BEGIN { printf "%d", u * T / t }')

declare -A runs
configs=(none)
for hz in $RATES; do configs+=("fgp@$hz" "perf_g@$hz"); done
for _ in $(seq "$REPS"); do
	for c in "${configs[@]}"; do
		m=${c%@*} hz=${c#*@}
		runs[$c]+="$(elapsed "$m") "
	done
done
rmmod fgprof

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
least() { tr ' ' '\n' | grep . | sort -g | head -n 1; }
spread() { tr ' ' '\n' | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.3f-%.3f", lo, hi }'; }
slow() { awk -v b="$base" -v v="$1" 'BEGIN { printf "%.2f", 100 * (v - b) / b }'; }
base=$(echo "${runs[none]}" | median)
base_min=$(echo "${runs[none]}" | least)
# Slowdown of the fastest runs too: the host is shared, and interference
# from outside only ever adds time, so minimums are the less noisy pair.
slow_min() { awk -v b="$base_min" -v v="$1" 'BEGIN { printf "%.2f", 100 * (v - b) / b }'; }
{
	echo "# CPU-bound, 4 processes, stacks 60 deep, ${units} units each (~${TARGET} s);" \
		"${REPS} runs per configuration, interleaved; $(uname -r), $(nproc) vCPUs (QEMU TCG)"
	echo "# slowdown = median elapsed / median unprofiled - 1; range = fastest-slowest run;"
	echo "# min slowdown = fastest / fastest unprofiled - 1"
	printf '%-32s %10s %16s %10s %10s\n' "profiler" "elapsed s" "range" "slowdown" "min slowdn"
	printf '%-32s %10.3f %16s %9.2f%% %9.2f%%\n' "no profiler" "$base" \
		"$(echo "${runs[none]}" | spread)" 0 0
	for hz in $RATES; do
		for m in fgp perf_g; do
			c=$m@$hz
			med=$(echo "${runs[$c]}" | median)
			case $m in
			fgp) name="fgprof record -a -F $hz" ;;
			perf_g) name="perf record -g -a -F $hz" ;;
			esac
			printf '%-32s %10.3f %16s %9.2f%% %9.2f%%\n' "$name" "$med" \
				"$(echo "${runs[$c]}" | spread)" "$(slow "$med")" \
				"$(slow_min "$(echo "${runs[$c]}" | least)")"
		done
	done
	echo
	printf '%-8s %10s %10s %12s %10s %10s %12s\n' "rate Hz" "fgprof" "perf" "fgprof/perf" \
		"fg (min)" "perf (min)" "ratio (min)"
	for hz in $RATES; do
		f=$(slow "$(echo "${runs[fgp@$hz]}" | median)")
		p=$(slow "$(echo "${runs[perf_g@$hz]}" | median)")
		fm=$(slow_min "$(echo "${runs[fgp@$hz]}" | least)")
		pm=$(slow_min "$(echo "${runs[perf_g@$hz]}" | least)")
		awk -v h="$hz" -v f="$f" -v p="$p" -v fm="$fm" -v pm="$pm" 'BEGIN {
			printf "%-8s %9.2f%% %9.2f%% %12s %9.2f%% %9.2f%% %12s\n", h, f, p,
				(p > 0 ? sprintf("%.2f", f / p) : "n/a"), fm, pm,
				(pm > 0 ? sprintf("%.2f", fm / pm) : "n/a") }'
	done
} | tee "$out/result.txt"
