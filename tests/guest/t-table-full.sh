# Tiny tables and many distinct stacks: the overflow is dropped and counted,
# never written over another entry, and what was kept adds up exactly.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
record /tmp/full.data -F 999 --stack-slots 16 --count-slots 16 \
	-- "$PROGS/many_stacks" 3 200
"$FGPROF" report -q -i /tmp/full.data --stats >/tmp/full.stats
get() { awk -v k="$1" '$1 == k { print $2 }' /tmp/full.stats; }
samples=$(get samples) recorded=$(get recorded)
dropped=$(( $(get drop_stacks_full) + $(get drop_counts_full) ))
figure table_full_dropped "$dropped/$samples"
[ "$dropped" -gt 0 ] || fail "no drops with 16-slot tables"
[ "$(get stack_slots_used)" -le $((16 * $(nproc))) ] || fail "more stacks than slots"
# Every sample is accounted for, and the kept counts sum to 'recorded'.
[ "$samples" -eq $((recorded + $(get filtered) + $(get idle) + dropped + $(get drop_nested))) ] ||
	fail "samples $samples != recorded + filtered + idle + drops"
[ "$(get profile_samples)" -eq "$recorded" ] ||
	fail "profile holds $(get profile_samples) samples, module recorded $recorded"
# No entry was overwritten: every kept user stack is a real one of the
# program (burn, then 'level' frames only, down to main; or, deeper than
# the 127 frames a stack keeps, its innermost ones after "[truncated]").
folded /tmp/full.data --user-only | grep '^many_stacks;.*;burn ' >/tmp/full.folded || true
bad=$(awk '{ stack = $0; sub(/ [0-9]+$/, "", stack)
	if (stack !~ /;main;(level;)+burn$/ &&
	    stack !~ /^many_stacks;\[truncated\];(level;)+burn$/) print }' \
	/tmp/full.folded | first 3)
[ -z "$bad" ] || fail "stacks that many_stacks cannot have: $bad"
unload
