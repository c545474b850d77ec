# Losses under load: 999 Hz on every CPU for SECS seconds while 2
# processes run a workload of many distinct stacks (2^14 call paths, 30
# frames deep). fgprof with its default tables (on this guest: 32k stacks,
# 1 Mi frames, 32k keys per CPU, kmod/session.c), then perf record -g;
# for each, samples taken and samples lost, by reason. Runs inside the
# guest (bench/run.sh).
set -euo pipefail
: "${FGPROF_KO:?}"
FGPROF=$PWD/user/fgprof
WL=$PWD/tests/progs/deep_tree
SECS=${SECS:-60} HZ=${HZ:-999}
out=${FGPROF_OUT:-/tmp}
cd /tmp

# The workload outlives each recording so every second is under load.
load() { "$WL" -p 2 -s $((SECS + 40)) -d 30 -b 14 -l 500 >/dev/null & wl=$!; sleep 2; }

insmod "$FGPROF_KO"
# One line of counters per fgprof run: the profile file's stat lines
# (the module's counters at the stop) are read straight from the file.
fg_run() {	# fg_run LABEL [RECORD-OPTIONS...]
	local label=$1
	shift
	load
	"$FGPROF" record -q -a -e cpu-clock -F "$HZ" -d "$SECS" "$@" -o /tmp/l.data
	kill "$wl" 2>/dev/null || true; wait "$wl" 2>/dev/null || true
	awk -v l="$label" '$1 == "stat" { s[$2] = $3 }
		$1 == "stack" { stacks++ }
		END {
			drop = s["drop_stacks_full"] + s["drop_counts_full"] + s["drop_nested"]
			printf "%-24s %9d %9d %8d %8d %8d %8d %8d %8d %8d\n", l,
				s["samples"], s["recorded"] + s["idle"] + s["filtered"], drop,
				s["drop_stacks_full"], s["drop_counts_full"], s["drop_nested"],
				s["user_truncated"], s["user_read_faults"], stacks
		}' /tmp/l.data >>/tmp/fg.rows
	grep '^stat ' /tmp/l.data | sed "s/^/# $label: /" >>/tmp/fg.stats
}
: >/tmp/fg.rows
: >/tmp/fg.stats
fg_run "fgprof (default tables)"
rmmod fgprof

load
perf record -q -a -g -e cpu-clock -F "$HZ" -o /tmp/perf.data -- sleep "$SECS" 2>/tmp/perf.err || true
kill "$wl" 2>/dev/null || true; wait "$wl" 2>/dev/null || true
perf report --stats -i /tmp/perf.data >/tmp/perf.stats 2>&1 || true
pstat() { awk -v k="$1" '$1 == k && $2 == "events:" { n = $3 } END { print n + 0 }' /tmp/perf.stats; }
# A LOST record stands for many samples: sum what each says it lost (the
# raw dump is slow, so only when there is any).
lost=0
if (($(pstat LOST) + $(pstat LOST_SAMPLES))); then
	lost=$(perf report -D -i /tmp/perf.data 2>/dev/null |
		awk '/PERF_RECORD_LOST/ { for (i = 1; i < NF; i++) if ($i == "lost") n += $(i + 1) } END { print n + 0 }')
fi

{
	echo "# ${HZ} Hz x $(nproc) CPUs for ${SECS} s (expected ~$((HZ * $(nproc) * SECS)) samples);" \
		"deep_tree -p 2 -d 30 -b 14 (16384 paths); $(uname -r), QEMU TCG"
	echo "# handled = recorded + idle + filtered; lost = stacks-full + counts-full + nested;"
	echo "# truncated and read faults are walks cut short, the sample is kept"
	printf '%-24s %9s %9s %8s %8s %8s %8s %8s %8s %8s\n' "profiler" "samples" "handled" \
		"lost" "stk-full" "cnt-full" "nested" "u-trunc" "u-fault" "stacks"
	cat /tmp/fg.rows
	printf '%-24s %9d %9s %8d   (records: LOST %d, LOST_SAMPLES %d, THROTTLE %d)\n' \
		"perf record -g" "$(pstat SAMPLE)" "-" \
		"$lost" "$(pstat LOST)" \
		"$(pstat LOST_SAMPLES)" "$(pstat THROTTLE)"
	grep -i 'lost\|throttl' /tmp/perf.err | sed 's/^/# perf: /' || true
	echo "# every counter of the fgprof runs:"
	cat /tmp/fg.stats
} | tee "$out/result.txt"
