# Stacks weighted by something other than time: a tracepoint's field
# (bytes written), page faults, and clear errors for bad tracepoints and
# fields that leave the module untouched.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

mountpoint -q /sys/kernel/tracing ||
	mount -t tracefs nodev /sys/kernel/tracing || fail "cannot mount tracefs"
load

# 3 MiB from write_big(), 1 MiB from write_small(), 64 KiB at a time.
record /tmp/w.data -e syscalls:sys_enter_write --weight count -- "$PROGS/write_split"
expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/w.data)" count "unit"
folded /tmp/w.data >/tmp/w.folded
big=$(samples_matching 'main;write_big;write_n' </tmp/w.folded)
small=$(samples_matching 'main;write_small;write_n' </tmp/w.folded)
figure write_big_bytes "$big"
figure write_small_bytes "$small"
expect_eq "$big" $((48 * 65536)) "bytes written by write_big"
expect_eq "$small" $((16 * 65536)) "bytes written by write_small"

# Page faults, one sample per fault: 9000 vs 3000 fresh pages.
record /tmp/f.data -e page-faults -c 1 -- "$PROGS/fault_split" 3000
expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/f.data)" faults "unit"
folded /tmp/f.data >/tmp/f.folded
many=$(samples_matching 'main;touch_many;touch' </tmp/f.folded)
few=$(samples_matching 'main;touch_few;touch' </tmp/f.folded)
figure faults_many "$many"
figure faults_few "$few"
share=$(pct "$many" "$((many + few))")
within "$share" 75 3.75 || fail "touch_many has $share % of the faults, expected 75 +- 5 %"

# Bad tracepoints and fields: an error naming what exists, nothing configured.
out=$("$FGPROF" record -e nosuch:event -d 0.1 -o /tmp/x.data 2>&1) &&
	fail "unknown tracepoint accepted"
expect_match "$out" "no such tracepoint"
out=$("$FGPROF" record -e syscalls:sys_enter_write --weight bogus -d 0.1 -o /tmp/x.data 2>&1) &&
	fail "unknown field accepted"
expect_match "$out" "no such field; its fields:.* count"
out=$("$FGPROF" record -e sched:sched_switch --weight prev_comm -d 0.1 -o /tmp/x.data 2>&1) &&
	fail "array field accepted"
expect_match "$out" "is not a number"
out=$("$FGPROF" record --weight count -d 0.1 -o /tmp/x.data 2>&1) &&
	fail "--weight without a tracepoint accepted"
expect_match "$out" "needs -e SUBSYS:EVENT"
expect_match "$("$FGPROF" status)" "state: +idle"
unload
