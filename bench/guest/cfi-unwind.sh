# Issue #10: user stacks by unwind tables against frame pointers, at
# 999 Hz: the handler's mean cost per sample (handler_ns / handled
# samples, both stacks) and how many samples of the hot leaf reach main.
# Workloads: tests/progs/nofp/chain (20-deep chain, -O2
# -fomit-frame-pointer, program + library) and tests/progs/recurse (100
# deep, frame pointers: tables or fp give the same stacks). Runs inside
# the guest (bench/run.sh).
set -euo pipefail
: "${FGPROF_KO:?}"
FGPROF=$PWD/user/fgprof
PROGS=$PWD/tests/progs
SECS=${SECS:-4} REPS=${REPS:-3} HZ=${HZ:-999}
out=${FGPROF_OUT:-/tmp}
cd /tmp

# measure UNWIND LEAF CMD...: "ns/sample reach% frames-cfi frames-fp"
measure() {
	local how=$1 leaf=$2
	shift 2
	"$FGPROF" record -q -e cpu-clock -F "$HZ" --user-unwind="$how" \
		-o /tmp/c.data -- "$@" >/dev/null
	"$FGPROF" report -q -i /tmp/c.data --user-only >/tmp/c.folded
	"$FGPROF" report -q -i /tmp/c.data --stats >/tmp/c.stats
	awk -v leaf="$leaf" '
		FILENAME ~ /stats/ { s[$1] = $2; next }
		{ stack = $0; sub(/ [0-9]+$/, "", stack); n = split(stack, f, ";")
		  if (f[n] != leaf) next
		  all += $NF; if (stack ~ /;main;/) reach += $NF }
		END { h = s["samples"] - s["drop_nested"]
		  printf "%d %.1f %d %d\n", h ? s["handler_ns"] / h : 0,
			all ? 100 * reach / all : 0, s["user_frames_cfi"], s["user_frames_fp"] }' \
		/tmp/c.stats /tmp/c.folded
}

insmod "$FGPROF_KO"
declare -A runs
for _ in $(seq "$REPS"); do
	for how in fp tables; do
		runs[chain@$how]+="$(measure "$how" l20 "$PROGS/nofp/chain" "$SECS" 2);"
		runs[recurse@$how]+="$(measure "$how" leaf "$PROGS/recurse" "$SECS" 100);"
	done
done
rmmod fgprof

{
	echo "# cpu-clock ${HZ} Hz, ${SECS} s x ${REPS} runs each, interleaved; $(uname -r), QEMU TCG"
	echo "# ns = handler_ns / handled samples (median run, range); main% = samples of the"
	echo "# hot leaf whose user stack reaches main; frames: caller frames by table / by fp"
	printf '%-8s %-7s %8s %12s %7s %12s %12s\n' workload unwind "ns/smp" range "main%" \
		"cfi-frames" "fp-frames"
	for w in chain recurse; do
		for how in fp tables; do
			echo "${runs[$w@$how]}" | tr ';' '\n' | grep . | sort -k1,1g |
				awk -v w="$w" -v h="$how" '{ ns[NR] = $1; r[NR] = $2; c[NR] = $3; f[NR] = $4 }
				END { k = int((NR + 1) / 2)
					printf "%-8s %-7s %8d %12s %7.1f %12d %12d\n", w, h, ns[k],
						sprintf("%d-%d", ns[1], ns[NR]), r[k], c[k], f[k] }'
		done
	done
} | tee "$out/result.txt"
