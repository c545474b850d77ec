# The timeline: one record per recorded sample (none dropped here), with
# times inside the recording, drained while it runs.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
record /tmp/tl.data -F 999 --timeline=1024 -- "$PROGS/hot_ab" 3
recorded=$(stat_of /tmp/tl.data recorded)
records=$(stat_of /tmp/tl.data timeline_records)
lost=$(stat_of /tmp/tl.data drop_timeline_full)
in_file=$(grep -c '^tl ' /tmp/tl.data)
figure timeline_records "$records/$recorded (lost $lost)"
[ "$records" -eq "$recorded" ] || fail "timeline $records records for $recorded samples"
[ "$in_file" -eq "$records" ] || fail "file holds $in_file of $records timeline records"
# 1024 slots per CPU hold ~1 s at 999 Hz: only periodic draining keeps up.
[ "$lost" = 0 ] || fail "$lost timeline records dropped"
start=$(awk '$1 == "start" { print $3 }' /tmp/tl.data)
dur=$(awk '$1 == "duration_ns" { print $2 }' /tmp/tl.data)
awk -v s="$start" -v d="$dur" '$1 == "tl" && ($2 < s || $2 > s + d + 1e9) { bad++ }
	END { exit bad > 0 }' /tmp/tl.data || fail "timeline times outside the recording"
unload
