# Kernel stacks of tracepoint events, whose registers perf makes up where
# the event fires (perf_fetch_caller_regs: flags 0, sp the frame address
# of perf's caller): fgprof walks them as perf_callchain_kernel does, so
# pingpong's sched:sched_switch stacks have the same innermost kernel
# frames in fgprof's profile as in perf's, on the same workload.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

command -v perf >/dev/null || fail "perf is not installed (tests/deps.sh installs linux-perf)"

# innermost FOLDED-LINES: "COUNT F1;F2;F3" for the 3 innermost kernel
# frames of each of pingpong's stacks (innermost first, _[k] dropped),
# summed, most common first.
innermost() {
	awk '/^pingpong;/ {
		stack = $0; sub(/ [0-9]+$/, "", stack)
		n = split(stack, f, ";"); k = ""; m = 0
		for (i = n; i >= 1 && m < 3; i--)
			if (f[i] ~ /_\[k\]$/) {
				sub(/_\[k\]$/, "", f[i]); k = k (m ? ";" : "") f[i]; m++
			}
		if (m == 3) c[k] += $NF
	} END { for (k in c) print c[k], k }' | sort -rn
}

load
record /tmp/tp.data -e sched:sched_switch -- "$PROGS/pingpong" 2 >/dev/null
folded /tmp/tp.data | innermost >/tmp/tp.fg
perf record -q -e sched:sched_switch -g -o /tmp/tp.perf -- "$PROGS/pingpong" 2 \
	>/dev/null 2>&1 || fail "perf record failed"
# perf script: a sample's header, then one "ADDR SYM+OFF (DSO)" line per
# frame, innermost first; folded here the way fgprof folds.
perf script -i /tmp/tp.perf -F comm,ip,sym 2>/dev/null | awk '
	/^[^ \t]/ { if (comm != "") print comm stack " 1"; comm = $1; stack = ""; next }
	NF >= 2 { stack = ";" $2 "_[k]" stack }
	END { if (comm != "") print comm stack " 1" }' | innermost >/tmp/tp.perf.fg
head -3 /tmp/tp.fg
head -3 /tmp/tp.perf.fg
fg_top=$(awk 'NR == 1 { print $2 }' /tmp/tp.fg)
perf_top=$(awk 'NR == 1 { print $2 }' /tmp/tp.perf.fg)
figure tracepoint_top_frames_fgprof "$fg_top"
figure tracepoint_top_frames_perf "$perf_top"
[ -n "$fg_top" ] || fail "no pingpong stack with 3 kernel frames in fgprof's profile"
[ -n "$perf_top" ] || fail "no pingpong stack with 3 kernel frames in perf's"
expect_eq "$fg_top" "$perf_top" "innermost kernel frames of sched_switch"
# And as common: the dominant stack's share within 10 points of perf's.
share() { awk '{ t += $1 } NR == 1 { top = $1 } END { printf "%.0f", t ? 100 * top / t : 0 }' "$1"; }
figure tracepoint_top_share "$(share /tmp/tp.fg)/$(share /tmp/tp.perf.fg)"
within "$(share /tmp/tp.fg)" "$(share /tmp/tp.perf.fg)" 10 ||
	fail "the dominant stack: $(share /tmp/tp.fg) % in fgprof, $(share /tmp/tp.perf.fg) % in perf"
unload
