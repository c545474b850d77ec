# What the table sizes cost the handler: handler_ns per handled sample
# with the old defaults (8k stacks, 64 Ki frames, 8k keys per CPU) and
# with this guest's defaults (32k, 1 Mi, 32k: kmod/session.c), on two
# workloads: few distinct stacks (2^4 paths) and many (2^14, which
# overflow the small tables). Configurations alternate, REPS runs each.
# Runs inside the guest (bench/run.sh).
set -euo pipefail
: "${FGPROF_KO:?}"
FGPROF=$PWD/user/fgprof
WL=$PWD/tests/progs/deep_tree
SECS=${SECS:-5} REPS=${REPS:-3} HZ=${HZ:-999}
out=${FGPROF_OUT:-/tmp}
cd /tmp

small=(--stack-slots 8192 --stack-frames 65536 --count-slots 8192)
# One line per run: handled samples, mean handler ns, lost (tables full).
measure() {	# measure TABLES PATHS-LOG2
	local t=()

	[ "$1" = default ] || t=("${small[@]}")
	"$FGPROF" record -q -a -e cpu-clock -F "$HZ" "${t[@]}" -o /tmp/t.data -- \
		"$WL" -p 2 -s "$SECS" -d 30 -b "$2" -l 500 >/dev/null
	awk '$1 == "stat" { s[$2] = $3 }
		END {
			h = s["samples"] - s["drop_nested"]
			printf "%d %.0f %d\n", h, h ? s["handler_ns"] / h : 0,
				s["drop_stacks_full"] + s["drop_counts_full"]
		}' /tmp/t.data
}

insmod "$FGPROF_KO"
declare -A runs
configs=(small@4 default@4 small@14 default@14)
for _ in $(seq "$REPS"); do
	for c in "${configs[@]}"; do
		runs[$c]+="$(measure "${c%@*}" "${c#*@}");"
	done
done
rmmod fgprof

{
	echo "# deep_tree -p 2 -d 30, cpu-clock ${HZ} Hz -a, ${SECS} s x ${REPS} runs each, interleaved;" \
		"$(uname -r), QEMU TCG"
	echo "# ns = handler_ns / handled samples (median run, range); lost = dropped, tables full (median run)"
	printf '%-34s %6s %9s %8s %14s %9s\n' "tables" "paths" "samples" "ns/smp" "range" "lost"
	for c in "${configs[@]}"; do
		case ${c%@*} in
		small) name="8k stacks, 64 Ki frames, 8k keys" ;;
		default) name="defaults (32k, 1 Mi, 32k here)" ;;
		esac
		echo "${runs[$c]}" | tr ';' '\n' | grep . | sort -k2 -g |
			awk -v name="$name" -v p=$((1 << ${c#*@})) '{ h[NR] = $1; ns[NR] = $2; l[NR] = $3 }
			END { k = int((NR + 1) / 2)
				printf "%-34s %6d %9d %8d %14s %9d\n", name, p, h[k], ns[k],
					sprintf("%d-%d", ns[1], ns[NR]), l[k] }'
	done
} | tee "$out/result.txt"
