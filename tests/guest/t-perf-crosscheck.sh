# fgprof against perf on the same workload in the same guest: the five
# hottest functions (self time) come out the same, in the same order.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

command -v perf >/dev/null || fail "perf is not installed (tests/deps.sh installs linux-perf)"
load
record /tmp/five.data -F 999 -- "$PROGS/five_hot" 4
fg_top=$(folded /tmp/five.data --user-only | awk '/^five_hot;/ {
	stack = $0; sub(/ [0-9]+$/, "", stack)
	n = split(stack, f, ";"); self[f[n]] += $NF
} END { for (s in self) print self[s], s }' | sort -rn | first 5 | awk '{ print $2 }' | paste -sd' ')

perf record -q -e cpu-clock -F 999 -g -o /tmp/perf.data -- "$PROGS/five_hot" 4 >/dev/null 2>&1 ||
	fail "perf record failed"
perf_top=$(perf report -i /tmp/perf.data --no-children --comm five_hot --sort sym \
	--stdio -q 2>/dev/null | awk '$2 == "[.]" { print $3 }' | first 5 | paste -sd' ')
figure top5_fgprof "$(echo "$fg_top" | tr ' ' ,)"
figure top5_perf "$(echo "$perf_top" | tr ' ' ,)"
[ "$fg_top" = "leaf_six leaf_five leaf_four leaf_three leaf_two" ] ||
	fail "fgprof's top 5: $fg_top"
[ "$fg_top" = "$perf_top" ] || fail "top 5 differ: fgprof '$fg_top', perf '$perf_top'"
unload
