# Event choice: software events work; a hardware event on a machine without
# a PMU (this guest) fails at configuration with a message naming the
# fallback, and nothing is silently switched.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
for ev in cycles instructions cycles:pp; do
	if out=$("$FGPROF" record -e $ev -o /tmp/hw.data -d 1 2>&1); then
		fail "-e $ev succeeded without a PMU"
	fi
	expect_match "$out" "cpu-clock"
	[ ! -e /tmp/hw.data ] || fail "-e $ev wrote a profile"
done
# LBR call stacks: refused at configuration, saying why and what to use.
if out=$("$FGPROF" record --lbr -e cycles -o /tmp/lbr.data -d 1 2>&1); then
	fail "--lbr succeeded on a machine without LBR"
fi
expect_match "$out" "LBR"
expect_match "$out" "without --lbr"
[ "$("$FGPROF" stats | awk '$1 == "state" { print $2 }')" = 0 ] ||
	fail "a refused event left a session behind"

record /tmp/tc.data -e task-clock -c 1000000 -- "$PROGS/hot_ab" 1
folded /tmp/tc.data | any '^hot_ab;' || fail "no samples with task-clock"
record /tmp/pf.data -e page-faults -c 1 -- "$PROGS/zero_reader" 1
folded /tmp/pf.data | any 'zero_reader;.*_\[k\]' || fail "no page-fault samples"
unload
