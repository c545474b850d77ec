# The sample handler's own cost, from the module's counters: handler_ns
# over handled samples (mean) and handler_ns_max, for kernel-only,
# user-only and both stacks at depth limits 10, 50 and 127, on a workload
# whose user stacks are 140 deep and which spends part of its time in
# read(2) from /dev/zero (kernel stacks under it). Configurations
# alternate, REPS runs each. Then one look at where the CPU goes while
# fgprof samples at 4999 Hz, from perf sampling alongside it.
# Runs inside the guest (bench/run.sh).
set -euo pipefail
: "${FGPROF_KO:?}"
FGPROF=$PWD/user/fgprof
WL=$PWD/tests/progs/deep_tree
SECS=${SECS:-4} REPS=${REPS:-3} HZ=${HZ:-999}
DEPTHS=${DEPTHS:-10 50 127}
out=${FGPROF_OUT:-/tmp}
cd /tmp

opts() {	# opts MODE DEPTH: fgprof record's options for a configuration
	case $1 in
	kernel) echo "--kernel-only --kernel-depth $2" ;;
	user) echo "--user-only --user-depth $2" ;;
	both) echo "--kernel-depth $2 --user-depth $2" ;;
	esac
}
# One line per run: samples handled, mean and max ns in the handler, and
# the mean frames kept per sample (kernel, user), weighted by count.
measure() {	# measure MODE DEPTH
	# shellcheck disable=SC2046
	"$FGPROF" record -q -a -e cpu-clock -F "$HZ" $(opts "$1" "$2") -o /tmp/h.data -- \
		"$WL" -p 2 -s "$SECS" -d 140 -b 8 -l 300 -k >/dev/null
	awk '$1 == "stat" { s[$2] = $3 }
		$1 == "stack" { nf[$2] = split($5, a, ",") }
		$1 == "sample" { c = $5; n += c; kf += c * nf[$7]; uf += c * nf[$8] }
		END {
			h = s["samples"] - s["drop_nested"]
			printf "%d %.0f %d %.1f %.1f\n", h, h ? s["handler_ns"] / h : 0,
				s["handler_ns_max"], n ? kf / n : 0, n ? uf / n : 0
		}' /tmp/h.data
}

insmod "$FGPROF_KO"
declare -A runs
for _ in $(seq "$REPS"); do
	for d in $DEPTHS; do
		for m in kernel user both; do
			runs[$m@$d]+="$(measure "$m" "$d");"
		done
	done
done

# perf beside fgprof: a handler in hard irq cannot itself be sampled by
# another hrtimer event, so what shows is the cost around it (interrupt
# entry and exit, hrtimer) and anything fgprof does with interrupts on.
"$WL" -p 2 -s 30 -d 140 -b 8 -l 300 -k >/dev/null &
wl=$!
sleep 1
"$FGPROF" record -q -a -e cpu-clock -F 4999 -d 8 -o /tmp/p.data &
fgp=$!
sleep 2
perf record -q -a -e cpu-clock -F 999 -o /tmp/perf.data -- sleep 4 2>/dev/null
wait "$fgp"
kill "$wl" 2>/dev/null || true
wait "$wl" 2>/dev/null || true
# Reported before rmmod: the module's symbols leave /proc/kallsyms with it.
perf report -i /tmp/perf.data --stdio --sort dso,sym 2>/dev/null |
	grep -v '^#' | grep . | head -n 15 >/tmp/perf.top || true
perf report -i /tmp/perf.data --stdio --sort dso,sym 2>/dev/null |
	grep '\[fgprof\]' | head -n 10 >/tmp/perf.fgprof || true
rmmod fgprof

{
	echo "# deep_tree -p 2 -d 140 -k (user stacks 140 deep, reads of /dev/zero);" \
		"cpu-clock ${HZ} Hz -a, ${SECS} s x ${REPS} runs each, interleaved; $(uname -r), QEMU TCG"
	echo "# ns = handler_ns / handled samples (median run, range over runs);" \
		"max = largest handler_ns_max; frames = mean kept per sample"
	# Each sample reads the clock twice for handler_ns: with hpet (TCG
	# marks the TSC unstable) each read is an emulated MMIO access.
	echo "# clocksource: $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	printf '%-8s %6s %9s %8s %14s %9s %8s %8s\n' "stacks" "depth" "samples" \
		"ns/smp" "range" "max ns" "k-frames" "u-frames"
	for d in $DEPTHS; do
		for m in kernel user both; do
			echo "${runs[$m@$d]}" | tr ';' '\n' | grep . | sort -k2,2g |
				awk -v m="$m" -v d="$d" '{ s[NR] = $1; ns[NR] = $2; if ($3 > mx) mx = $3
					kf[NR] = $4; uf[NR] = $5 }
				END { k = int((NR + 1) / 2)
					printf "%-8s %6d %9d %8d %14s %9d %8.1f %8.1f\n", m, d, s[k], ns[k],
						sprintf("%d-%d", ns[1], ns[NR]), mx, kf[k], uf[k] }'
		done
	done
	echo
	echo "# perf record -a -F 999 (no -g) for 4 s while fgprof samples both stacks at 4999 Hz:"
	echo "# the 15 hottest symbols, then every [fgprof] one"
	sed 's/^/#   /' /tmp/perf.top
	if [ -s /tmp/perf.fgprof ]; then
		sed 's/^/#   /' /tmp/perf.fgprof
	else
		echo "#   (no sample landed in a [fgprof] symbol)"
	fi
} | tee "$out/result.txt"
