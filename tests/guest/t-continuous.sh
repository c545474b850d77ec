# record --continuous: one pprof file per interval while sampling never
# pauses. The intervals' samples, read back by go tool pprof, add up to
# the whole run's recorded samples (nothing lost or counted twice at a
# boundary), each file has its interval's time and duration, the hot
# function is named, and rotation keeps --keep files; SIGTERM ends it
# with the last interval written.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

export HOME=/tmp GOCACHE=/tmp/gocache
command -v go >/dev/null || fail "go is not installed (tests/deps.sh installs golang-go)"

# start_ns FILE: a pprof file's time_nanos, from go tool pprof -raw's
# "Time: 2026-01-02 03:04:05.000000123 +0000 UTC" (its Duration line is
# cut to 4 characters, so durations come from record's own lines).
start_ns() {
	date -d "$(go tool pprof -raw "$1" 2>/dev/null |
		awk '/^Time: / { print $2, $3, $4 }')" +%s%N
}

# raw_samples FILE: the samples/count of every sample in a pprof file.
raw_samples() {
	go tool pprof -raw "$1" 2>/dev/null | awk '
		/^Samples:/ { on = 1; next }
		/^Locations/ { on = 0 }
		on && $1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+:$/ { n += $1 }
		END { print n + 0 }'
}

load
dir=/tmp/cont
rm -rf "$dir"
"$PROGS/hot_ab" "$(scaled 120)" &
hot=$!
# The first cut symbolizes what the run found, reading libc's debug
# info over 9p: done once here first, so that cold caches (4-6 s with
# another guest busy on the host) do not eat the timed run's intervals.
record /tmp/cont-warm.data -F 499 -d 0.5 -p $hot
folded /tmp/cont-warm.data >/dev/null
"$FGPROF" record --continuous --interval 1s -d 9.5 -F 499 -p $hot --out "$dir" \
	-o /tmp/cont.data 2>/tmp/cont.log || { cat /tmp/cont.log; fail "record --continuous exited $?"; }
cat /tmp/cont.log
files=$(ls "$dir" | grep -c '^fgprof-.*Z\.pb\.gz$' || true)
# 9 whole seconds and the half one ended by -d; fewer when a cut outlasts
# an interval and the next file spans the boundaries it missed: the first
# cut symbolizes everything, which even with warm caches takes seconds
# on a slow guest (most of the run on a debug kernel or a busy host).
# The run is long enough for two whole seconds after that.
least=3 least_whole=2
! slow_guest || least=2 least_whole=0
[ "$files" -ge "$least" ] && [ "$files" -le 10 ] ||
	fail "$files interval files, expected 10 ($least at least): $(ls -a $dir)"
[ -z "$(ls -a "$dir" | grep '\.tmp$' || true)" ] || fail "temporary files left"
sum=0
secs=0
whole=0
end=
for f in "$dir"/fgprof-*.pb.gz; do
	n=$(raw_samples "$f")
	t=$(start_ns "$f")
	d=$(grep -F "$(basename "$f"):" /tmp/cont.log | sed 's/.* samples in \([0-9.]*\) s.*/\1/')
	[ "$n" -gt 0 ] || fail "$f: no samples"
	sum=$((sum + n))
	secs=$(awk -v a="$secs" -v b="$d" 'BEGIN { print a + b }')
	echo "$(basename "$f"): $n samples, time $t, $d s"
	! within "$d" 1 0.1 || whole=$((whole + 1))
	# Each interval starts where the one before ended (ms printed).
	[ -z "$end" ] || within "$t" "$end" 5000000 || fail "$f starts at $t, the one before ended at $end"
	end=$(awk -v t="$t" -v d="$d" 'BEGIN { printf "%.0f", t + d * 1e9 }')
done
recorded=$(stat_of /tmp/cont.data recorded)
in_file=$(folded /tmp/cont.data | samples_matching .)
figure continuous_interval_sum "$sum/$recorded in $files files"
[ "$recorded" -gt 0 ] || fail "nothing recorded"
[ "$sum" -eq "$recorded" ] || fail "intervals hold $sum samples, the run recorded $recorded"
[ "$in_file" -eq "$recorded" ] || fail "whole-run profile holds $in_file of $recorded"
grep -q "$files interval files, $sum samples in them" /tmp/cont.log || fail "summary line missing"

# The intervals tile the run: their durations add up to its length.
run=$(awk '$1 == "duration_ns" { print $2 / 1e9 }' /tmp/cont.data)
figure continuous_durations "$secs s in files, run $run s"
within "$secs" "$run" 0.05 || fail "intervals last $secs s, the run $run s"
[ "$whole" -ge "$least_whole" ] || fail "only $whole intervals of 1 s (+-0.1)"
mid=$(ls "$dir"/fgprof-*.pb.gz | sed -n "$((files < 3 ? files : 3))p")
top=$(go tool pprof -top -sample_index=samples "$mid" 2>&1 || true)
expect_match "$top" 'hot_a'
kill "$hot" 2>/dev/null || true; wait "$hot" 2>/dev/null || true

# Rotation at --keep, and SIGTERM as the end of the last interval.
dir2=/tmp/cont2
rm -rf "$dir2"
"$PROGS/hot_ab" "$(scaled 120)" &
hot=$!
"$FGPROF" record --continuous --interval 200ms --keep 3 -p "$hot" \
	--out "$dir2" 2>/tmp/cont2.log &
rec=$!
# Until 6 intervals are out (the first cut symbolizes everything and can
# take seconds under emulation), then SIGTERM ends the one running.
wait_secs=$(scaled 60)
end=$((SECONDS + wait_secs))
while [ $SECONDS -lt $end ]; do
	[ "$(grep -c 'samples in [0-9.]* s' /tmp/cont2.log || true)" -ge 6 ] && break
	sleep 0.5
done
kill -TERM "$rec"
status=0
wait "$rec" || status=$?
cat /tmp/cont2.log
[ "$status" -eq 0 ] || fail "record exited $status after SIGTERM: $(cat /tmp/cont2.log)"
written=$(grep -c 'samples in [0-9.]* s' /tmp/cont2.log || true)
left=$(ls "$dir2" | grep -c '^fgprof-.*\.[0-9][0-9][0-9]Z\.pb\.gz$' || true)
figure continuous_rotation "$written written, $left kept"
[ "$written" -ge 6 ] || fail "only $written intervals written in $wait_secs s: $(cat /tmp/cont2.log)"
[ "$left" -eq 3 ] || fail "$left files kept, --keep 3: $(ls $dir2)"
grep -q 'interval files' /tmp/cont2.log || fail "no summary after SIGTERM"
kill "$hot" 2>/dev/null || true; wait "$hot" 2>/dev/null || true
unload
