# Known proportions: hot_a() burns 3x the CPU of hot_b(). The measured split
# must be 75/25 within 3 points, and at least 99% of the samples taken in
# the program's own code must unwind to main().
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
# 5 s, longer on a slow guest: as many samples for the split's 3 points.
record /tmp/split.data -F 999 -- "$PROGS/hot_ab" "$(scaled 5)"
folded /tmp/split.data >/tmp/split.folded
grep '^hot_ab;' /tmp/split.folded >/tmp/mine || fail "no hot_ab samples"
a=$(samples_matching ';hot_a;' </tmp/mine)
b=$(samples_matching ';hot_b;' </tmp/mine)
share=$(pct "$a" $((a + b)))
figure cpu_split_hot_a_pct "$share"
within "$share" 75 3 || fail "hot_a share $share%, want 75 +- 3 ($a vs $b samples)"

# Samples whose innermost user frame is in the program's own functions.
folded /tmp/split.data --user-only | grep '^hot_ab;' >/tmp/mine-user
own=$(leaf_samples '^(spin|hot_a|hot_b|main)$' '' </tmp/mine-user)
own_main=$(leaf_samples '^(spin|hot_a|hot_b|main)$' ';main(;|$)' </tmp/mine-user)
all=$(samples_matching '' </tmp/mine)
all_main=$(samples_matching ';main(;| )' </tmp/mine)
figure unwind_to_main_own_code_pct "$(pct "$own_main" "$own")"
figure unwind_to_main_all_samples_pct "$(pct "$all_main" "$all")"
ratio_at_least "$own_main" "$own" 99 ||
	fail "only $own_main of $own samples in hot_ab's code reach main"
# What one sample costs in the handler (TCG: emulated, so only a ratio).
figure handler_ns_mean "$(( $(stat_of /tmp/split.data handler_ns) / $(stat_of /tmp/split.data samples) ))"
figure handler_ns_max "$(stat_of /tmp/split.data handler_ns_max)"
unload
