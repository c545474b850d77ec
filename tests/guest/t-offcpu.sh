# Off-CPU time by stack: known sleeps and pipe waits measured within 5 %,
# attributed to the right user and kernel stacks, with the waker's stack;
# the -m threshold; and a wall-clock profile of half compute, half sleep.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load

# offcpu_sleep: 10 x 200 ms in sleep_here(), then 3 x 300 ms in
# pipe_wait() until wake_writer() writes; it prints how long each took.
record /tmp/off.data --off-cpu --wakeups -- "$PROGS/offcpu_sleep" >/tmp/off.own
cat /tmp/off.own
expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/off.data)" ns "profile unit"
folded /tmp/off.data >/tmp/off.folded
grep -E 'sleep_here|pipe_wait' /tmp/off.folded | cut -c1-300 | first 6
sleep_ns=$(samples_matching 'sleep_here' </tmp/off.folded)
pipe_ns=$(samples_matching 'pipe_wait' </tmp/off.folded)
figure offcpu_sleep_ms "$(awk -v n="$sleep_ns" 'BEGIN { printf "%.1f", n / 1e6 }')"
figure offcpu_pipe_ms "$(awk -v n="$pipe_ns" 'BEGIN { printf "%.1f", n / 1e6 }')"
own=$(own_ns /tmp/off.own sleep_here)
within_pct "$sleep_ns" "$own" 5 ||
	fail "sleep_here blocked $sleep_ns ns, expected its own $own ns (2.0 s asked) +- 5 %"
own=$(own_ns /tmp/off.own pipe_wait)
within_pct "$pipe_ns" "$own" 5 ||
	fail "pipe_wait blocked $pipe_ns ns, expected its own $own ns (0.9 s asked) +- 5 %"
# The blocked stacks: user frames down to main, kernel frames of the wait.
ratio_at_least "$(samples_matching 'main;sleep_here;.*nanosleep.*_\[k\]' </tmp/off.folded)" "$sleep_ns" 95 ||
	fail "sleep_here's time is not under main;sleep_here;...nanosleep_[k]"
ratio_at_least "$(samples_matching 'main;pipe_wait;.*pipe_read_\[k\]' </tmp/off.folded)" "$pipe_ns" 95 ||
	fail "pipe_wait's time is not under main;pipe_wait;...pipe_read_[k]"
# The waker: the writer thread, in the kernel's pipe_write.
waked=$(samples_matching 'pipe_wait;.*;--;.*pipe_write_\[w\].*wake_writer_\[w\]' </tmp/off.folded)
figure offcpu_pipe_waker_pct "$(pct "$waked" "$pipe_ns")"
ratio_at_least "$waked" "$pipe_ns" 95 ||
	fail "pipe_wait's waker is not wake_writer via pipe_write ($waked of $pipe_ns ns)"
expect_eq "$(stat_of /tmp/off.data offcpu_clock_skew)" 0 "clock-skew intervals"

# -m 250 ms: the 200 ms sleeps go, the 300 ms pipe waits stay.
record /tmp/offm.data --off-cpu -m 250000 -- "$PROGS/offcpu_sleep" >/tmp/offm.own
folded /tmp/offm.data >/tmp/offm.folded
expect_eq "$(samples_matching 'sleep_here' </tmp/offm.folded)" 0 "sleep_here ns with -m 250000"
pipe_ns=$(samples_matching 'pipe_wait' </tmp/offm.folded)
own=$(own_ns /tmp/offm.own pipe_wait)
within_pct "$pipe_ns" "$own" 5 ||
	fail "with -m, pipe_wait blocked $pipe_ns ns, expected its own $own ns (0.9 s asked) +- 5 %"
at_least "$(stat_of /tmp/offm.data offcpu_short)" 10 ||
	fail "offcpu_short below the 10 sleeps"

# Wall clock: 1 s of compute() then 1 s of rest(), in one unit (ns).
record /tmp/wall.data --wall -c 1000000 -- "$PROGS/wall_half" 1
folded /tmp/wall.data >/tmp/wall.folded
# compute() reads the clock, in the vDSO or (where the guest's clocksource
# is the HPET) through a syscall; walked by frame pointers from there,
# compute's own frame is skipped (libc's clock_gettime keeps none), so
# its time shows as main;clock_gettime: 25 % of it on the debug kernel,
# where the syscall is slow. Both are compute's; rest() never reads it.
on=$(samples_matching 'main;(compute|clock_gettime)' </tmp/wall.folded)
off=$(samples_matching 'main;rest;.*\[off-cpu\]' </tmp/wall.folded)
share=$(pct "$on" "$((on + off))")
figure wall_compute_pct "$share"
within "$share" 50 5 || {
	keep_in_log /tmp/wall.folded /tmp/wall.data
	fail "compute is $share % of compute + rest, expected 50 +- 5 (profile kept in the log dir)"
}
# rest() sleeps: its time is off-CPU (compute() may be preempted, so it
# can have some of both).
ratio_at_least "$off" "$(samples_matching 'main;rest' </tmp/wall.folded)" 95 ||
	fail "rest's time is not marked off-CPU"
unload
