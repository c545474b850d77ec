# End to end: record the demo workload (hot_a does 3x hot_b's work) with
# its timeline, render every output, and find the hot functions with the
# expected shares in each.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
record /tmp/o.data -F 999 --timeline -- "$PROGS/hot_ab" 3
folded /tmp/o.data >/tmp/o.folded
a=$(samples_matching 'main;hot_a;spin' </tmp/o.folded)
b=$(samples_matching 'main;hot_b;spin' </tmp/o.folded)
figure outputs_folded_hot_a_pct "$(pct "$a" "$((a + b))")"
within "$(pct "$a" "$((a + b))")" 75 5 || fail "folded: hot_a is not 75 +- 5 % of hot_a + hot_b"

# SVG: well-formed, with both frames.
"$FGPROF" report -q -i /tmp/o.data --format svg -o /tmp/o.svg ||
	fail "report --format svg"
xmllint --noout /tmp/o.svg || fail "the SVG is not well-formed XML"
grep -q '>hot_a<\|hot_a (' /tmp/o.svg || fail "no hot_a frame in the SVG"

# Top table: spin is the hottest self, hot_a's cumulative share ~3x hot_b's.
"$FGPROF" report -q -i /tmp/o.data --format top >/tmp/o.top || fail "report --format top"
head -4 /tmp/o.top
awk 'NR > 1 && $NF ~ /^spin/ { found = 1; exit } END { exit !found }' /tmp/o.top ||
	fail "no spin row in the top table"

# pprof, read by the real go tool.
"$FGPROF" report -q -i /tmp/o.data --format pprof -o /tmp/o.pb.gz || fail "report --format pprof"
export HOME=/tmp GOCACHE=/tmp/gocache GOFLAGS=-mod=mod
go tool pprof -top /tmp/o.pb.gz >/tmp/o.pprof 2>&1 || { cat /tmp/o.pprof; fail "go tool pprof -top"; }
grep -q ' spin$' /tmp/o.pprof || fail "pprof: no spin"
grep -q ' hot_a$' /tmp/o.pprof || fail "pprof: no hot_a"

# speedscope JSON and perf-script text.
"$FGPROF" report -q -i /tmp/o.data --format speedscope -o /tmp/o.json || fail "speedscope"
python3 -c 'import json,sys; d=json.load(open("/tmp/o.json")); assert d["profiles"] and any(f["name"]=="hot_a" for f in d["shared"]["frames"])' ||
	fail "speedscope JSON without hot_a"
"$FGPROF" report -q -i /tmp/o.data --format perf-script -o /tmp/o.perf || fail "perf-script"
grep -qE '^hot_ab +[0-9]+/[0-9]+ +\[[0-9]+\] +[0-9]+\.[0-9]+: +[0-9]+ cpu-clock:' /tmp/o.perf ||
	fail "perf-script: no 'comm pid/tid [cpu] time: period event:' header"
grep -q 'hot_a (' /tmp/o.perf || fail "perf-script: no hot_a frame"

# Heat map page, and a time range: seconds 1 to 2 hold about a
# third. Not the first: hot_ab's 3 s start when it has loaded, which on
# the debug kernel with another guest busy was half a second in (17 %).
"$FGPROF" report -q -i /tmp/o.data --format heatmap -o /tmp/o.html || fail "heatmap"
grep -q '<script' /tmp/o.html || fail "heatmap page without its script"
"$FGPROF" report -q -i /tmp/o.data --time-range 1,2 >/tmp/o1.folded || fail "--time-range 1,2"
all=$(samples_matching 'hot_' </tmp/o.folded)
second=$(samples_matching 'hot_' </tmp/o1.folded)
figure outputs_range_1_2_pct "$(pct "$second" "$all")"
within "$(pct "$second" "$all")" 33 10 || fail "seconds 1 to 2 hold $(pct "$second" "$all") % of the samples"
unload
