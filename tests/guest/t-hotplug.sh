# CPU hotplug while sampling: the event follows CPU 1 off and back on, and
# samples keep coming from it afterwards.
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
	[ "$(cpus_sampling)" = 2 ] || fail "round $round: $(cpus_sampling) CPUs sampling with CPU 1 back"
done
taskset -c 1 "$PROGS/hot_ab" 1
kill -TERM $rec
wait $rec || fail "record exited $? after SIGTERM"
[ "$(stat_of /tmp/hp.data cpu_event_errors)" = 0 ] || fail "CPU event errors"
folded /tmp/hp.data | any '^hot_ab;' || fail "no samples from CPU 1 after it came back"
unload
