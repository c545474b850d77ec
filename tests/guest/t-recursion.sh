# A 100-deep recursion: every sample in leaf() unwinds through exactly 100
# recurse() frames to main().
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
record /tmp/rec.data -F 999 -- "$PROGS/recurse" 3 100
folded /tmp/rec.data --user-only | grep '^recurse;' >/tmp/rec.folded ||
	fail "no samples of recurse"
total=$(leaf_samples '^leaf$' '' </tmp/rec.folded)
exact=$(awk '{
	stack = $0; sub(/ [0-9]+$/, "", stack)
	n = split(stack, f, ";")
	if (f[n] != "leaf") next
	depth = 0
	for (i = 2; i <= n; i++) depth += f[i] == "recurse"	# f[1] is the comm
	if (depth == 100 && stack ~ /;main;recurse;/) s += $NF
} END { print s + 0 }' </tmp/rec.folded)
figure recursion_exact_depth "$exact/$total"
[ "$total" -gt 500 ] || fail "only $total samples in leaf()"
if [ "$exact" -ne "$total" ]; then
	awk '{ stack = $0; sub(/ [0-9]+$/, "", stack); n = split(stack, f, ";")
		d = 0; for (i = 2; i <= n; i++) d += f[i] == "recurse"
		print "depth", d, "leaf", f[n], "root", f[2], f[3], "count", $NF }' \
		/tmp/rec.folded | sort | uniq -c | sort -rn | first 5
	fail "$exact of $total leaf() samples have 100 recurse frames under main"
fi
[ "$(stat_of /tmp/rec.data user_truncated)" = 0 ] || fail "user stacks truncated at depth 127"
unload
