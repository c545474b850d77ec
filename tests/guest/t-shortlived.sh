# Short-lived processes: the module captures each address space's
# mappings inside the process itself (FGPROF_CF_MAPS, on by default), so
# programs that exit before record reads /proc/PID/maps still get their
# own functions named. A shell runs five_hot 15 times for 0.15 s each;
# every one has exited when the recording stops.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

runs=15
# (The path quoted for sh: a checkout's may hold a space.)
loop="i=0; while [ \$i -lt $runs ]; do $(printf %q "$PROGS")/five_hot 0.15; i=\$((i + 1)); done"

# count FOLDED: "OWN UNRESOLVED TOTAL" of five_hot's samples: those naming
# main or a leaf_* function, those with a user frame left unresolved
# ("[unknown]": no mapping; "FILE+0x...": no symbols), and all of them.
# ld.so and the kernel's exec and page-fault work take a large share of
# a 0.15 s program under emulation: OWN is judged against the samples
# that could have named the program's own code, OWN + UNRESOLVED. Not
# those in execve (the user frames are the old program's, its memory
# gone), nor those in the vDSO, which fgprof does not name ("[vdso]+0x"):
# on the debug kernel, where clock_gettime is a syscall, the two were
# 739 of five_hot's 7,794 samples, and 16 were left unresolved.
count() {
	awk '/^five_hot;/ {
		t += $NF
		if ($0 ~ /;(main|leaf_[a-z]+)(;| )/) o += $NF
		else if ($0 ~ /_sys_execve|\[vdso\]/) next
		else if ($0 ~ /\[unknown\]|\+0x[0-9a-f]+(;| )/) u += $NF
	} END { print o + 0, u + 0, t + 0 }' "$1"
}

load
"$FGPROF" record -o /tmp/sl.data -a -F 999 -- sh -c "$loop" 2>/tmp/sl.err ||
	fail "record exited $?: $(cat /tmp/sl.err)"
cat /tmp/sl.err
folded /tmp/sl.data >/tmp/sl.folded
read -r mine unres total <<<"$(count /tmp/sl.folded)"
figure shortlived_samples "$total"
figure shortlived_own_pct_of_all "$(pct "$mine" "$total")"
figure shortlived_unresolved_pct "$(pct "$unres" "$total")"
at_least "$total" 50 || fail "only $total samples of five_hot"
ratio_at_least "$mine" "$((mine + unres))" 90 || {
	keep_in_log /tmp/sl.folded
	fail "$mine five_hot samples name its functions, $unres are unresolved (< 90 %; profile kept in the log dir)"
}
ratio_at_least "$((total - unres))" "$total" 90 ||
	fail "$unres of $total five_hot samples have unresolved user frames"

# The summary and the saved counters say what the module captured, and
# that its records stood in for processes /proc no longer had.
line=$(grep '^fgprof: mappings captured in-process: ' /tmp/sl.err) ||
	fail "no mappings line in record's summary"
captured=$(echo "$line" | sed -E 's/.*in-process: ([0-9]+) captures.*/\1/')
used=$(echo "$line" | sed -E 's/.*used for ([0-9]+) exited.*/\1/')
figure shortlived_captured "$captured"
figure shortlived_used_for "$used"
at_least "$captured" "$runs" || fail "$captured captures, < $runs runs"
at_least "$used" 1 || fail "no exited process used the module's mappings"
at_least "$(stat_of /tmp/sl.data maps_captured)" "$runs" ||
	fail "maps_captured in the profile < $runs"
at_least "$(stat_of /tmp/sl.data maps_records)" "$runs" ||
	fail "maps_records in the profile < $runs"
"$FGPROF" stats | any -E '^maps_drop_pool_empty [0-9]+$' ||
	fail "fgprof stats does not print the maps counters"

# The same run without the capture, for comparison only: how much the
# /proc scans alone name depends on their timing.
"$FGPROF" record -o /tmp/nm.data -a -F 999 --no-maps -- sh -c "$loop" \
	2>/tmp/nm.err || fail "record --no-maps exited $?"
cat /tmp/nm.err
grep '^fgprof: mappings captured' /tmp/nm.err && fail "maps captured with --no-maps"
folded /tmp/nm.data >/tmp/nm.folded
read -r mine unres total <<<"$(count /tmp/nm.folded)"
figure shortlived_no_maps_unresolved_pct "$(pct "$unres" "$total")"

# Every capture has run: the module unloads (a pending one would pin it).
unload
