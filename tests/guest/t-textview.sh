# cat /dev/fgprof while sampling runs: '#' lines with the counters, then
# "pid tid count period kstack ustack comm" lines a script can parse.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
# Ended by SIGTERM once the view is read: no race with a duration.
"$FGPROF" record -o /tmp/tv.data -F 999 -d 600 &
rec=$!
"$PROGS/hot_ab" 2
# Time in the kernel, for kernel-stack lines. A loaded host can starve
# one short run of the guest's timer ticks: try again before failing.
for try in 1 2 3; do
	"$PROGS/zero_reader" 1
	cat $DEV >/tmp/tv.txt
	awk '$5 ~ /^ffff/' /tmp/tv.txt | grep -q . && break
	echo "try $try: no kernel stack line yet; zero_reader lines:"
	awk '$7 == "zero_reader"' /tmp/tv.txt | cut -c1-160 | head -5
done
kill -TERM $rec
wait $rec || fail "record exited $? after SIGTERM"
head -5 /tmp/tv.txt
expect_match "$(head -1 /tmp/tv.txt)" "^# fgprof abi [0-9]+ state running$"
grep -Eq '^# samples [0-9]+ recorded' /tmp/tv.txt ||
	fail "no counters line"
bad=$(grep -v '^#' /tmp/tv.txt | awk '
	!($1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && $3 ~ /^[1-9][0-9]*$/ &&
	  $4 ~ /^[0-9]+$/ && $5 ~ /^(-|[0-9a-f]+(,[0-9a-f]+)*)$/ &&
	  $6 ~ /^(-|[0-9a-f]+(,[0-9a-f]+)*)$/ && NF >= 7)' | head -3)
[ -z "$bad" ] || fail "malformed lines: $bad"
awk '$7 == "hot_ab" && $5 == "-" && $6 != "-"' /tmp/tv.txt | grep -q . ||
	fail "no user-only line of hot_ab"
awk '$5 ~ /^ffff/' /tmp/tv.txt | grep -q . || fail "no kernel stack line"
unload
