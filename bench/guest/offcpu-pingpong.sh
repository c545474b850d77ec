# Off-CPU tracing's cost on a context-switch storm: pipe ping-pong round
# trips per second with no profiler, with fgprof --off-cpu (and with
# wakers), and with perf recording sched_switch with call graphs, in
# alternation, REPS times each. Runs inside the guest (bench/run.sh).
set -euo pipefail
: "${FGPROF_KO:?}"
FGPROF=$PWD/user/fgprof
PP=$PWD/tests/progs/pingpong
SECS=${SECS:-5} REPS=${REPS:-5}
out=${FGPROF_OUT:-/tmp}
cd /tmp

rate() {	# rate CMD...: round trips/s of one pingpong run under CMD
	"$@" "$PP" "$SECS" 2>/dev/null | awk '/round trips/ { print $NF + 0 }'
}
fg_off() { "$FGPROF" record -q --off-cpu -a -o /tmp/b.data -- "$@"; }
fg_wake() { "$FGPROF" record -q --off-cpu --wakeups -a -o /tmp/b.data -- "$@"; }
perf_sw() { perf record -q -e sched:sched_switch -g -a -o /tmp/perf.data -- "$@"; }
none() { "$@"; }

insmod "$FGPROF_KO"
declare -A runs
for r in $(seq "$REPS"); do
	for m in none fg_off fg_wake perf_sw; do
		runs[$m]+="$(rate $m) "
	done
done
rmmod fgprof

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
spread() { tr ' ' '\n' | grep . | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.0f-%.0f", lo, hi }'; }
base=$(echo "${runs[none]}" | median)
{
	echo "# pipe ping-pong, ${SECS} s x ${REPS} runs each, $(uname -r), $(nproc) vCPUs (QEMU TCG)"
	printf '%-34s %12s %16s %10s\n' "profiler" "trips/s" "range" "slowdown"
	for m in none fg_off fg_wake perf_sw; do
		med=$(echo "${runs[$m]}" | median)
		case $m in
		none) name="no profiler" ;;
		fg_off) name="fgprof record --off-cpu -a" ;;
		fg_wake) name="fgprof --off-cpu --wakeups -a" ;;
		perf_sw) name="perf record -e sched:sched_switch -g" ;;
		esac
		printf '%-34s %12.0f %16s %9.1f%%\n' "$name" "$med" \
			"$(echo "${runs[$m]}" | spread)" \
			"$(awk -v b="$base" -v v="$med" 'BEGIN { print b ? 100 * (b - v) / b : 0 }')"
	done
	fo=$(echo "${runs[fg_off]}" | median)
	ps=$(echo "${runs[perf_sw]}" | median)
	awk -v b="$base" -v f="$fo" -v p="$ps" 'BEGIN {
		if (b - p > 0) printf "fgprof/perf slowdown ratio: %.2f\n", (b - f) / (b - p) }'
} | tee "$out/result.txt"
