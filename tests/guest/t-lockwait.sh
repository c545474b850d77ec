# Lock-wait profiles (record --lock-wait): mutex_contend's main thread
# blocks 100 times on a pthread mutex that another thread holds 10 ms
# (hold_lock), in wait_here(); a third thread sleeps in sleep_elsewhere().
# The lock-wait profile has the mutex waits, under main;wait_here and a
# futex kernel frame, adding up to what the program measured itself; the
# sleep is not in it, while a plain --off-cpu profile has it.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load

# Records mutex_contend; prints its "waited_ns N rounds R" line's N.
run_contend() {
	local data=$1 out
	shift
	out=$("$FGPROF" record -o "$data" "$@" -- "$PROGS/mutex_contend" 100) ||
		fail "fgprof record $* -- mutex_contend exited $?"
	echo "$out" | awk '$1 == "waited_ns" { print $2 }'
}

waited=$(run_contend /tmp/lw.data --lock-wait)
[ -n "$waited" ] || fail "mutex_contend printed no waited_ns"
figure lockwait_measured_ms "$(awk -v n="$waited" 'BEGIN { printf "%.1f", n / 1e6 }')"
# The contention happened: 100 x 10 ms held, at least half of it waited
# (the rest of each round is the pipe hand-over, far shorter).
at_least "$waited" 500000000 || fail "mutex_contend waited only $waited ns in the lock"

expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/lw.data)" ns "profile unit"
expect_eq "$(awk '$1 == "event" { print $5; exit }' /tmp/lw.data)" lock-wait "profile event"
folded /tmp/lw.data >/tmp/lw.folded
cut -c1-300 /tmp/lw.folded | first 8
total=$(samples_matching '.' </tmp/lw.folded)
at_wait=$(samples_matching ';main;wait_here;' </tmp/lw.folded)
figure lockwait_wait_here_ms "$(awk -v n="$at_wait" 'BEGIN { printf "%.1f", n / 1e6 }')"
figure lockwait_vs_measured_pct "$(pct "$at_wait" "$waited")"
# The off-CPU intervals lie inside the program's own clock reads around
# the lock call, and miss only the on-CPU part of each call (the futex
# syscall's entry and exit, a few tens of microseconds a round even under
# emulation): 85 % to 102 % of the measured time (the top for the two
# clocks' granularity).
ratio_at_least "$at_wait" "$waited" 85 ||
	fail "wait_here's lock wait is $at_wait ns, below 85 % of the $waited ns measured"
ratio_at_least "$((waited * 102 / 100))" "$at_wait" 100 ||
	fail "wait_here's lock wait is $at_wait ns, above 102 % of the $waited ns measured"
# wait_here is nearly all of it: the rest is main's pthread_join (the
# sleeper wakes within 10 ms) and thread start-up.
ratio_at_least "$at_wait" "$total" 90 ||
	fail "wait_here has $at_wait of $total lock-wait ns, below 90 %"
# Through the futex syscall, as the kernel frames show.
ratio_at_least "$(samples_matching ';main;wait_here;.*futex[a-z_]*_\[k\]' </tmp/lw.folded)" "$at_wait" 95 ||
	fail "wait_here's lock wait is not under a futex kernel frame"
expect_eq "$(samples_matching 'sleep_elsewhere' </tmp/lw.folded)" 0 "sleep_elsewhere ns in the lock-wait profile"
expect_eq "$(samples_matching 'nanosleep' </tmp/lw.folded)" 0 "nanosleep ns in the lock-wait profile"
"$FGPROF" report -q -i /tmp/lw.data --format svg -o /tmp/lw.svg ||
	fail "fgprof report --format svg exited $?"
any -F 'Lock Wait Flame Graph' /tmp/lw.svg || fail "the svg is not titled Lock Wait Flame Graph"

# The same program with plain --off-cpu: the sleep is there (the sleeper
# sleeps the whole run, about a second), and so are the mutex waits.
run_contend /tmp/off.data --off-cpu >/dev/null
folded /tmp/off.data >/tmp/off.folded
slept=$(samples_matching 'sleep_elsewhere' </tmp/off.folded)
figure lockwait_offcpu_sleep_ms "$(awk -v n="$slept" 'BEGIN { printf "%.1f", n / 1e6 }')"
at_least "$slept" 500000000 || fail "sleep_elsewhere slept only $slept ns in the --off-cpu profile"
at_least "$(samples_matching ';main;wait_here;' </tmp/off.folded)" 500000000 ||
	fail "wait_here's wait is missing from the --off-cpu profile"
unload
