# Scope: a pid filter keeps one of two busy processes; user-only and
# kernel-only stacks; the idle task left out unless asked for.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
"$PROGS/hot_ab" 600 &	# killed below: no race with a slow guest
keep=$!
"$PROGS/five_hot" 600 &
other=$!
sleep 0.5
record /tmp/pid.data -F 499 -d 2 -p $keep
folded /tmp/pid.data --pid >/tmp/pid.folded
grep -q "^hot_ab-$keep;" /tmp/pid.folded || fail "the selected process is missing"
grep -v "^hot_ab-$keep;" /tmp/pid.folded && fail "samples of other processes with -p $keep"
[ "$(stat_of /tmp/pid.data filtered)" -gt 0 ] || fail "nothing counted as filtered"

record /tmp/user.data -F 499 -d 1 --user-only
folded /tmp/user.data >/tmp/user.folded
grep -q '_\[k\]' /tmp/user.folded && fail "kernel frames with --user-only"
grep -q '^five_hot;.*main' /tmp/user.folded || fail "no user stacks with --user-only"

record /tmp/kern.data -F 499 -d 1 --kernel-only
folded /tmp/kern.data >/tmp/kern.folded
grep -q '_\[k\]' /tmp/kern.folded || fail "no kernel frames with --kernel-only"
grep -q ';main' /tmp/kern.folded && fail "user frames with --kernel-only"

kill $keep $other 2>/dev/null || true	# they may be done already
wait

# Nothing busy now: idle samples are counted but not kept, unless asked.
record /tmp/quiet.data -F 499 -d 1
folded /tmp/quiet.data | any '^swapper' && fail "idle samples kept by default"
[ "$(stat_of /tmp/quiet.data idle)" -gt 0 ] || fail "idle samples not counted"
record /tmp/idle.data -F 499 -d 1 --idle
folded /tmp/idle.data | any '^swapper' || fail "no idle samples with --idle"
unload
