# cat /dev/fgprof while sampling runs: '#' lines with the counters, then
# "pid tid kind count period kstack ustack wkstack wustack comm" lines a
# script can parse.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
# Ended by SIGTERM once the view is read: no race with a duration.
"$FGPROF" record -o /tmp/tv.data -F 999 -d 600 &
rec=$!
# Not before sampling runs: on the debug kernel record takes seconds to
# start, and hot_ab was over before (no line of it in the view).
wait_sampling "$(nproc)"
"$PROGS/hot_ab" 2
# Time in the kernel, for kernel-stack lines. A loaded host can starve
# one short run of the guest's timer ticks: try again before failing.
for try in 1 2 3; do
	"$PROGS/zero_reader" 1
	cat $DEV >/tmp/tv.txt
	awk '$6 ~ /^ffff/' /tmp/tv.txt | any . && break
	echo "try $try: no kernel stack line yet; zero_reader lines:"
	awk '$10 == "zero_reader"' /tmp/tv.txt | cut -c1-160 | first 5
done
kill -TERM $rec
wait $rec || fail "record exited $? after SIGTERM"
head -5 /tmp/tv.txt
expect_match "$(head -1 /tmp/tv.txt)" "^# fgprof abi [0-9]+ state running$"
grep -Eq '^# samples [0-9]+ recorded' /tmp/tv.txt ||
	fail "no counters line"
bad=$(grep -v '^#' /tmp/tv.txt | awk '
	function stack(s) { return s ~ /^(-|[0-9a-f]+(,[0-9a-f]+)*)$/ }
	!($1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && $3 == "on" &&
	  $4 ~ /^[1-9][0-9]*$/ && $5 ~ /^[0-9]+$/ && stack($6) && stack($7) &&
	  $8 == "-" && $9 == "-" && NF >= 10)' | first 3)
[ -z "$bad" ] || fail "malformed lines: $bad"
awk '$10 == "hot_ab" && $6 == "-" && $7 != "-"' /tmp/tv.txt | any . || {
	keep_in_log /tmp/tv.txt
	fail "no user-only line of hot_ab (view kept in the log dir)"
}
awk '$6 ~ /^ffff/' /tmp/tv.txt | any . || fail "no kernel stack line"
unload
