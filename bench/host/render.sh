# The user side's speed, on the host: time and peak memory to symbolize
# and render about 1 M samples of ~100 k distinct stacks, fgprof (folded,
# SVG) against perf's own tools (perf script; perf report) on the same
# samples. perf records the workload here (cpu-clock, call graphs); the
# same samples become an fgprof profile through bench/perf2fgprof, so both
# tools read exactly the same stacks. Run by bench/run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
make -s tool progs bench/perf2fgprof
FGPROF=$PWD/user/fgprof
P2F=$PWD/bench/perf2fgprof
WL=$PWD/tests/progs/deep_tree
WANT=${WANT:-1000000} PERIOD=${PERIOD:-20000} REPS=${REPS:-3}
# perf's reports take 10-60 s each here: fewer runs keep make bench short.
PERF_REPS=${PERF_REPS:-1}
dir=$PWD/build/bench/render
out=${FGPROF_OUT:-$dir}
rm -rf "$dir"
mkdir -p "$dir" "$out"
cd "$dir"

# 2^13 call paths 30 deep, sampled anywhere along them (short leaves):
# about 100 k distinct stacks in 1 M samples.
wl_args=(-p 2 -d 30 -b 13 -l 100 -m "$dir/maps.txt")
record() {	# record SECONDS FILE
	perf record -q -g -e cpu-clock -c "$PERIOD" -o "$2" -- \
		"$WL" "${wl_args[@]}" -s "$1" >/dev/null 2>&1
}
nsamples() { perf report --stats -i "$1" 2>/dev/null | awk '$1 == "SAMPLE" { n = $3 } END { print n + 0 }'; }
# The host is shared: the samples/s a short probe gets sets the length.
record 3 probe.data
secs=$(awk -v n="$(nsamples probe.data)" -v w="$WANT" 'BEGIN { s = n ? 3 * w * 1.05 / n : 60; printf "%d", s < 5 ? 5 : s }')
record "$secs" perf.data
rm -f probe.data
perf script -F comm,pid,tid,ip,dso -i perf.data 2>/dev/null |
	"$P2F" maps.txt fg.data "$PERIOD" 2>perf2fgprof.err
n=$(nsamples perf.data)
stacks=$(grep -c '^stack ' fg.data)
"$FGPROF" report -q -i fg.data -o base.folded
lines=$(wc -l <base.folded)

# One timed command: "SECONDS MAX-RSS-KB" (GNU time), its output dropped.
timed() { /usr/bin/time -f '%e %M' -o time.txt "$@" >/dev/null 2>&1; cat time.txt; }
run() {	# run TOOL: one of the compared commands
	case $1 in
	fg_folded) timed "$FGPROF" report -q -i fg.data --format folded -o out.folded ;;
	fg_svg) timed "$FGPROF" report -q -i fg.data --format svg -o out.svg ;;
	perf_script) timed perf script -i perf.data ;;
	perf_report) timed perf report -i perf.data --stdio ;;
	perf_folded) timed perf report -i perf.data --stdio --no-children -g folded ;;
	esac
}
tools=(fg_folded fg_svg perf_script perf_report perf_folded)
declare -A runs
for i in $(seq "$REPS"); do
	for t in "${tools[@]}"; do
		[[ $t != perf_* ]] || ((i <= PERF_REPS)) || continue
		runs[$t]+="$(run $t);"
	done
done

# Where fgprof's time goes, when it is over the 1 s target.
perf record -q -g -F 999 -o self.data -- "$FGPROF" report -q -i fg.data --format svg -o /dev/null 2>/dev/null
perf report -i self.data --stdio --no-children --sort sym -g none --percent-limit 2 2>/dev/null |
	grep -v '^#' | grep . | head -n 12 >self.top || true

{
	echo "# $n samples (perf record -g -e cpu-clock -c $PERIOD, ${secs} s, deep_tree ${wl_args[*]:0:8}),"
	echo "# $stacks distinct stacks (kernel and user parts apart), $lines folded lines;" \
		"$(uname -r) host, $(nproc) CPUs, shared; ${REPS} runs of fgprof's, ${PERF_REPS} of perf's, interleaved"
	echo "# files: perf.data $(du -k perf.data | cut -f1) KiB, fgprof profile $(du -k fg.data | cut -f1) KiB;" \
		"s/1M = median seconds scaled to 1,000,000 samples"
	printf '%-44s %9s %14s %9s %11s\n' "command" "seconds" "range" "s/1M" "max RSS MiB"
	for t in "${tools[@]}"; do
		case $t in
		fg_folded) name="fgprof report --format folded" ;;
		fg_svg) name="fgprof report --format svg" ;;
		perf_script) name="perf script" ;;
		perf_report) name="perf report --stdio" ;;
		perf_folded) name="perf report --stdio --no-children -g folded" ;;
		esac
		echo "${runs[$t]}" | tr ';' '\n' | grep . | sort -g |
			awk -v name="$name" -v n="$n" '{ s[NR] = $1; if ($2 > m) m = $2 }
			END { k = int((NR + 1) / 2)
				printf "%-44s %9.2f %14s %9.2f %11.1f\n", name, s[k],
					sprintf("%.2f-%.2f", s[1], s[NR]), n ? s[k] * 1e6 / n : 0, m / 1024 }'
	done
	echo "# fgprof report --format svg, perf record -g on the host: hottest functions (self)"
	sed 's/^/#   /' self.top
} | tee "$out/result.txt"
# The recordings are hundreds of MB: keep only the table.
rm -f perf.data perf.data.old self.data fg.data out.folded out.svg base.folded
