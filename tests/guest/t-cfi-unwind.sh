# Issue #10: user code built without frame pointers unwinds by the
# .eh_frame tables the tool loads into the module. A 20-deep chain split
# between a program and its library (-O2 -fomit-frame-pointer): with
# --user-unwind=tables >= 99 % of the samples in the hot leaf reach main,
# with frame pointers they do not; a comparator called by Debian's libc
# qsort reaches main through libc's frames; and the chains agree with
# perf --call-graph dwarf on the same program.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

NOFP=$PROGS/nofp
CHAIN="main;c01;c02;c03;c04;c05;c06;c07;c08;c09;c10;l11;l12;l13;l14;l15;l16;l17;l18;l19;l20"

# main_pct FILE LEAF: "reaching/all" samples whose leaf is LEAF.
leaf_and_main() {
	local all reach
	folded "$1" --user-only >/tmp/cfi.folded
	all=$(leaf_samples "^$2\$" '' </tmp/cfi.folded)
	reach=$(leaf_samples "^$2\$" ';main;' </tmp/cfi.folded)
	echo "$reach $all"
}

# ns_per_sample FILE: the handler's average time per sample.
ns_per_sample() {
	awk -v a="$(stat_of "$1" handler_ns)" -v b="$(stat_of "$1" samples)" \
		'BEGIN { printf "%d", b ? a / b : 0 }'
}

load

# Tables: every sample of the hot leaf reaches main through all 20 frames.
# The workloads sleep 2 s first: the tool loads a process's tables at its
# first scans, and compiling libc's takes about a second under emulation;
# samples before that walk by frame pointers (README).
record /tmp/cfi-tables.data -F 999 --user-unwind=tables -- "$NOFP/chain" 3 2 \
	2>/tmp/cfi-tables.err
cat /tmp/cfi-tables.err
any 'user unwinding by tables: [1-9]' </tmp/cfi-tables.err ||
	fail "no tables loaded"
read -r reach all <<<"$(leaf_and_main /tmp/cfi-tables.data l20)"
exact=$(leaf_samples '^l20$' ";$CHAIN\$" </tmp/cfi.folded)
figure cfi_tables_reach_main "$reach/$all ($(pct "$reach" "$all") %)"
figure cfi_tables_exact_chain "$exact/$all"
figure cfi_tables_ns_per_sample "$(ns_per_sample /tmp/cfi-tables.data)"
[ "$all" -gt 1000 ] || fail "only $all samples in l20"
if ! ratio_at_least "$reach" "$all" 99 || ! ratio_at_least "$exact" "$all" 99; then
	sort -t' ' -k2 -rn /tmp/cfi.folded | first 5
	fail "tables: $reach of $all l20 samples reach main, $exact by the exact chain"
fi
at_least "$(stat_of /tmp/cfi-tables.data user_frames_cfi)" "$((20 * all))" ||
	fail "user_frames_cfi below 20 per sample"
tables_top=$(awk '{ c = $NF; s = $0; sub(/ [0-9]+$/, "", s)
	if (sub(/.*;main;/, "main;", s)) n[s] += c }
	END { for (s in n) print n[s], s }' /tmp/cfi.folded | sort -rn | first 1 |
	awk '{ print $2 }')

# The tables compiled by one run are read back by the next from the
# build-id cache: every table of the second run, none of the first.
cached_tables() {
	sed -nE 's/.*tables: ([0-9]+) tables \([0-9]+ bytes, ([0-9]+) compiled by an earlier run.*/\1 \2/p' "$1"
}
rm -rf /tmp/cfi-cache
for run in 1 2; do
	FGPROF_CFI_CACHE=/tmp/cfi-cache "$FGPROF" record -o /tmp/cfi-cache.data \
		-F 99 --user-unwind=tables -- "$NOFP/chain" 0.3 0 2>/tmp/cfi-cache.$run ||
		fail "record with a table cache exited $?: $(cat /tmp/cfi-cache.$run)"
done
read -r n1 c1 <<<"$(cached_tables /tmp/cfi-cache.1)"
read -r n2 c2 <<<"$(cached_tables /tmp/cfi-cache.2)"
figure cfi_cache_tables "first run ${n1:-?} compiled ${c1:-?} cached; second ${n2:-?} cached ${c2:-?}"
at_least "${n1:-0}" 2 || fail "the first run loaded ${n1:-no} tables: $(cat /tmp/cfi-cache.1)"
expect_eq "${c1:-x}" 0 "tables read from an empty cache"
expect_eq "${c2:-x}" "$n2" "tables of the second run read from the cache"
ls /tmp/cfi-cache/*.cfi >/dev/null || fail "nothing stored in the cache"

# Frame pointers only: the same program's stacks end early.
record /tmp/cfi-fp.data -F 999 --user-unwind=fp -- "$NOFP/chain" 3 2
read -r reach all <<<"$(leaf_and_main /tmp/cfi-fp.data l20)"
figure cfi_fp_reach_main "$reach/$all ($(pct "$reach" "$all") %)"
figure cfi_fp_ns_per_sample "$(ns_per_sample /tmp/cfi-fp.data)"
[ "$all" -gt 1000 ] || fail "fp: only $all samples in l20"
ratio_at_least "$reach" "$all" 50 && fail "fp: $reach of $all l20 samples reach main: the workload has frame pointers?"
[ "$(stat_of /tmp/cfi-fp.data user_frames_cfi)" = 0 ] ||
	fail "frames by table with --user-unwind=fp"

# Debian's libc without frame pointers: qsort calling back into the program.
record /tmp/cfi-qsort.data -F 999 --user-unwind=tables -- "$NOFP/qsort_cb" 3 2
read -r reach all <<<"$(leaf_and_main /tmp/cfi-qsort.data compare)"
via=$(leaf_samples '^compare$' ';main;sort_once;.*qsort.*;compare$' </tmp/cfi.folded)
figure cfi_qsort_reach_main "$reach/$all ($(pct "$reach" "$all") %), $via through qsort"
[ "$all" -gt 500 ] || fail "qsort: only $all samples in compare"
if ! ratio_at_least "$via" "$all" 99; then
	sort -t' ' -k2 -rn /tmp/cfi.folded | first 5
	fail "qsort: $via of $all compare samples reach main through qsort"
fi

# perf --call-graph dwarf on the same program: its most frequent
# main..leaf chain is fgprof's, and that is the whole 20-deep chain.
command -v perf >/dev/null || fail "perf is not installed"
perf record -q -e cpu-clock -F 999 --call-graph dwarf -o /tmp/cfi-perf.data \
	-- "$NOFP/chain" 3 >/dev/null 2>&1 || fail "perf record failed"
perf script -i /tmp/cfi-perf.data -F comm,ip,sym --comm chain 2>/dev/null |
	awk '
	/^[^ \t]/ { if (n) flush(); n = 0; next }
	NF >= 2 { f[++n] = $2 }
	NF == 0 { if (n) flush(); n = 0 }
	function flush(   s, i, m) {
		m = 0
		for (i = 1; i <= n; i++) if (f[i] == "main") m = i
		if (!m) { chains["(no main)"]++; return }
		s = "main"
		for (i = m - 1; i >= 1; i--) s = s ";" f[i]
		chains[s]++
	}
	END { if (n) flush(); for (s in chains) print chains[s], s }' |
	sort -rn >/tmp/cfi-perf.chains
first 3 </tmp/cfi-perf.chains
perf_top=$(first 1 </tmp/cfi-perf.chains | awk '{ print $2 }')
figure cfi_perf_top_chain_matches "$([ "$perf_top" = "$tables_top" ] && echo yes || echo no)"
[ "$tables_top" = "$CHAIN" ] || fail "fgprof's top chain: $tables_top"
[ "$perf_top" = "$tables_top" ] ||
	fail "top chains differ: perf '$perf_top', fgprof '$tables_top'"
unload
