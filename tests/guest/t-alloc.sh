# Allocations by uprobes (record --alloc): exact byte totals and call
# counts per call site of a program with known malloc/calloc/realloc
# sizes, the unit in the profile, a clear error for a file without an
# allocator, and a system-wide run that stops cleanly.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load

# alloc_sites: site_a 1000 x malloc(4096), site_b 3000 x malloc(100),
# site_c 500 x calloc(10, 24), site_d 200 x realloc(p, 1000) of a
# malloc(8) made in site_d_seed, site_e 100 x aligned_alloc(64, 256),
# site_f 100 x aligned_alloc(16, 128).
record /tmp/alloc.data --alloc -- "$PROGS/alloc_sites" 2>/tmp/alloc.err
cat /tmp/alloc.err
any -E '^fgprof: --alloc: [0-9]+ probes on .*libc' </tmp/alloc.err ||
	fail "no probe line naming libc"
any -E '^fgprof: allocations: .* bytes .*MiB' </tmp/alloc.err ||
	fail "the summary has no allocation line"
expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/alloc.data)" bytes "profile unit"
folded /tmp/alloc.data >/tmp/alloc.folded
grep -E "site_" /tmp/alloc.folded | cut -c1-300 | first 12
a=$(samples_matching 'main;site_a;[^;]*malloc [0-9]+$' </tmp/alloc.folded)
b=$(samples_matching 'main;site_b;[^;]*malloc [0-9]+$' </tmp/alloc.folded)
c=$(samples_matching 'main;site_c;[^;]*calloc [0-9]+$' </tmp/alloc.folded)
d=$(samples_matching 'main;site_d;[^;]*realloc [0-9]+$' </tmp/alloc.folded)
s=$(samples_matching 'main;site_d;site_d_seed;[^;]*malloc [0-9]+$' </tmp/alloc.folded)
# aligned_alloc: alignment 64 is its own; 16 glibc hands to malloc, whose
# probe counts it (the aligned_alloc probe leaves it): once either way.
e=$(samples_matching 'main;site_e;[^;]*(memalign|aligned_alloc) [0-9]+$' </tmp/alloc.folded)
f=$(samples_matching 'main;site_f;' </tmp/alloc.folded)
figure alloc_site_a_bytes "$a"
expect_eq "$a" 4096000 "site_a bytes"
expect_eq "$b" 300000 "site_b bytes"
expect_eq "$c" 120000 "site_c bytes"
expect_eq "$d" 200000 "site_d bytes (realloc)"
expect_eq "$s" 1600 "site_d_seed bytes"
expect_eq "$e" 25600 "site_e bytes (aligned_alloc 64)"
expect_eq "$f" 12800 "site_f bytes (aligned_alloc 16, via malloc)"
at_least "$(stat_of /tmp/alloc.data uprobe_bytes)" 4756000 ||
	fail "uprobe_bytes below the program's own allocations"
for k in uprobe_drop_nested uprobe_drop_stacks_full uprobe_drop_counts_full; do
	expect_eq "$(stat_of /tmp/alloc.data $k)" 0 "$k"
done

# --alloc-count: calls instead of bytes.
record /tmp/allocn.data -q --alloc --alloc-count -- "$PROGS/alloc_sites"
expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/allocn.data)" calls "profile unit"
folded /tmp/allocn.data >/tmp/allocn.folded
expect_eq "$(samples_matching 'main;site_a;[^;]*malloc [0-9]+$' </tmp/allocn.folded)" 1000 "site_a calls"
expect_eq "$(samples_matching 'main;site_b;[^;]*malloc [0-9]+$' </tmp/allocn.folded)" 3000 "site_b calls"
expect_eq "$(samples_matching 'main;site_c;[^;]*calloc [0-9]+$' </tmp/allocn.folded)" 500 "site_c calls"
expect_eq "$(samples_matching 'main;site_d;[^;]*realloc [0-9]+$' </tmp/allocn.folded)" 200 "site_d calls"

# A file without an allocator: a clear error, no recording.
if "$FGPROF" record -o /tmp/none.data --alloc="$PROGS/alloc_sites" -- true 2>/tmp/none.err; then
	fail "--alloc on a file without malloc succeeded"
fi
cat /tmp/none.err
any 'no allocator function' </tmp/none.err || fail "no clear error for a file without malloc"
[ ! -e /tmp/none.data ] || fail "a profile was written anyway"

# FGPROF_IOC_UPROBE's bad input, on a file nothing maps meanwhile.
"$PROGS/uprobe_abuse" "$PROGS/alloc_sites" || fail "uprobe_abuse"

# System-wide for a second while other processes allocate; the probes
# come off at the stop (the harness checks dmesg), the module unloads.
( for i in 1 2 3 4 5; do ls / >/dev/null; sleep 0.1; done ) &
record /tmp/allsys.data -q --alloc -a -d 1
wait
at_least "$(stat_of /tmp/allsys.data uprobe_hits)" 1 || fail "no probe hit system-wide"
"$FGPROF" stats | any -E '^uprobe_hits [0-9]+$' || fail "fgprof stats has no uprobe_hits"
unload
