# CPU hotplug while sampling: the event follows CPU 1 off and back on, and
# samples keep coming from it afterwards; the same for a software event.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

cpu=/sys/devices/system/cpu/cpu1/online
[ -w $cpu ] || fail "CPU 1 cannot be hotplugged in this guest"
load
# Stopped by SIGTERM below, not by a duration: a slow guest must not end
# the recording before the hotplug rounds are done.
"$FGPROF" record -o /tmp/hp.data -F 499 -d 600 --idle &
rec=$!
wait_sampling 2
for round in 1 2 3; do
	echo 0 >$cpu
	[ "$(cpus_sampling)" = 1 ] || fail "round $round: $(cpus_sampling) CPUs sampling with CPU 1 off"
	echo 1 >$cpu
	# A CPU's event is made by a work item after it comes up (kmod/cpu_events.c).
	wait_sampling 2
done
taskset -c 1 "$PROGS/hot_ab" 1
kill -TERM $rec
wait $rec || fail "record exited $? after SIGTERM"
[ "$(stat_of /tmp/hp.data cpu_event_errors)" = 0 ] || fail "CPU event errors"
folded /tmp/hp.data | any '^hot_ab;' || fail "no samples from CPU 1 after it came back"

# A software event whose making and release flip a static key, which takes
# the CPU hotplug lock: made outside the hotplug callbacks, it follows the
# CPU too (the debug kernel's lockdep checks the locking).
"$FGPROF" record -o /tmp/hpsw.data -e context-switches -c 1 -d 600 --idle &
rec=$!
wait_sampling 2
echo 0 >$cpu
[ "$(cpus_sampling)" = 1 ] || fail "context-switches: $(cpus_sampling) CPUs sampling with CPU 1 off"
echo 1 >$cpu
wait_sampling 2
taskset -c 1 "$PROGS/pingpong" 1 >/dev/null
kill -TERM $rec
wait $rec || fail "record -e context-switches exited $? after SIGTERM"
[ "$(stat_of /tmp/hpsw.data cpu_event_errors)" = 0 ] || fail "context-switches: CPU event errors"
folded /tmp/hpsw.data | any '^pingpong;' || fail "no context switches of pingpong on CPU 1"
unload
