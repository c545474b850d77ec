# A context-switch storm (pipe ping-pong) while the module is loaded,
# sampling on- and off-CPU with wakers, stopped or killed, and unloaded,
# over and over: no splat, and every tracked interval accounted for.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

# One cycle before the storm and its clock, to warm what a first one
# reads cold over 9p (the module, the tool, every mapped file's build
# id for -a): on a busy host the first cycle took 38 s of the 45.
load
record /tmp/s.data -q --wall --wakeups -a -d 0.5
unload

# 45 s of storm, and as long as 3 cycles take up to 45 s times the
# guest's slowness (TIME_SCALE): under emulation insmod and rmmod in a
# storm take seconds each, 10-36 s on the debug kernel.
secs=45 most=$(scaled 45)
"$PROGS/pingpong" "$most" >/tmp/pingpong.out &
storm=$!
cycles=0 killed=0
SECONDS=0
while kill -0 $storm 2>/dev/null; do
	[ $SECONDS -lt $secs ] || [ $cycles -lt 3 ] || break
	t0=$SECONDS
	load
	if [ $((cycles % 2)) = 1 ]; then
		# The owner dies while sampling: its close stops and flushes.
		"$FGPROF" record -q --wall --wakeups -a -d 30 -o /tmp/k.data &
		sleep 0.5
		kill -KILL $! && wait $! 2>/dev/null || true
		killed=$((killed + 1))
	else
		record /tmp/s.data -q --wall --wakeups -a -d 0.5
		# The file's own counters: no symbolization needed.
		s() { awk -v k="$1" '$1 == "stat" && $2 == k { print $3 }' /tmp/s.data; }
		drops=$(($(s offcpu_drop_inflight_full) + $(s offcpu_drop_stacks_full) +
			 $(s offcpu_drop_counts_full) + $(s offcpu_drop_nested)))
		tracked=$(s offcpu_tracked)
		ended=$(($(s offcpu_recorded) + $(s offcpu_short) + $(s offcpu_long) +
			 $(s offcpu_clock_skew)))
		at_least "$tracked" 1 || fail "no interval tracked in a storm"
		if [ "$drops" = 0 ]; then
			expect_eq "$ended" "$tracked" "intervals ended vs tracked"
			expect_eq "$(($(s offcpu_filtered) + tracked))" \
				"$(s offcpu_switch_outs)" "switch-outs accounted"
		fi
		expect_eq "$(s inflight_used)" 0 "in-flight slots left after stop"
	fi
	unload
	echo "cycle $cycles: $((SECONDS - t0))s"
	cycles=$((cycles + 1))
done
# Ended here (SIGTERM) when its time was not needed.
kill $storm 2>/dev/null || true
status=0
wait $storm || status=$?
[ $status = 0 ] || [ $status = 143 ] || fail "pingpong exited $status"
cat /tmp/pingpong.out
figure offcpu_storm_cycles "$cycles in $SECONDS s (at most $most s)"
at_least "$cycles" 3 || fail "only $cycles load/unload cycles in $SECONDS s (at most $most s)"
at_least "$killed" 1 || fail "no cycle killed its recorder"
