#!/bin/bash
# fgprof's pages in a real browser: Debian's chromium, headless, driven
# over the DevTools protocol by svgdrive.py (the SVG flame graph: hover,
# click to zoom, Ctrl-F search typed into the prompt, Esc),
# heatmapdrive.py (the heat map page: click a first and a last cell, read
# the flame graph of that range), speedscopedrive.py (the speedscope
# export in speedscope's own page, from npm: its Sandwich table). Host
# only, no guest; a few seconds.
# One "ok - " / "not ok - " line per check (tests/run.sh counts them);
# pages and screenshots in build/test-logs/browser/.
set -uo pipefail
cd "$(dirname "$0")/../.."

failed=0
check() {	# check STATUS NAME
	if [ "$1" -eq 0 ]; then
		echo "ok - browser $2"
	else
		echo "not ok - browser $2"
		failed=$((failed + 1))
	fi
}

# tests/deps.sh installs it: a required test never skips silently.
chromium=$(command -v chromium) || {
	check 1 "chromium is installed (tests/deps.sh)"
	exit 1
}
if ! make -s tool tests/browser/heatmap-profile; then
	check 1 "build the tool and tests/browser/heatmap-profile"
	exit 1
fi

out=build/test-logs/browser
mkdir -p "$out"
# A screenshot or answer left by an earlier run must not pass for new.
rm -f "$out"/*.png "$out"/*.json
# Each driver's whole run, chromium's start and cleanup included; on
# SIGTERM it still kills chromium.
drive() { timeout -k 5 60 python3 "$@" --chromium "$chromium"; }

# checks PART JSON PNG: the checks on what a driver saw, one line each.
checks() {
	python3 - "$@" <<'PY'
import json, sys
part, path = sys.argv[1], sys.argv[2]
try:
    with open(path) as f:
        seen = json.load(f)
except (OSError, ValueError):
    print("not ok - browser %s: the driver ran (see above)" % part)
    sys.exit(1)

def png_size(path):
    """A PNG's width and height, or None."""
    try:
        head = open(path, "rb").read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")

def names(sel):
    return [f["title"].rsplit(" (", 1)[0] for f in sel["frames"]]

def titles(sel):
    return [f["title"] for f in sel["frames"]]

if part == "speedscope":
    # heatmap-profile --off-cpu: blocked time; sample 0 (hot_a, 100 ms)
    # woken by do_one_initcall <- synth_hot_b <- synth_main; synth_main
    # also at another line (40 ms) besides hot_b's 60 ms.
    rows = {}
    for r in seen["rows"]:
        rows.setdefault(r["name"], []).append(r)
    one = lambda n: rows.get(n, [None])[0] if len(rows.get(n, [])) == 1 else None
    schema_errors = sys.argv[4:]
    checks = [
        ("the file is valid against speedscope's schema",
         not schema_errors),
        ("the profile is named by its measure",
         seen["title"] == "off-CPU time - speedscope"),
        ("one Sandwich row per function: synth_main once, all 200 ms",
         one("synth_main") is not None and
         one("synth_main")["total"].startswith("200.00ms")),
        ("the waker after --: synth_main_[w] holds the woken 100 ms",
         one("--") is not None and one("--")["total"].startswith("100.00ms")
         and one("synth_main_[w]") is not None
         and one("synth_main_[w]")["self"].startswith("100.00ms")),
    ]
elif part == "svg":
    # B's shares: parse 60 of 100; lex 50 + gc 15 match.
    checks = [
        ("title", seen["title"] == "Differential Flame Graph"),
        ("hover details", seen["details"].startswith("parse (A 40, B 60 samples;")),
        ("click zooms to the full width", seen["width_zoomed"] == 1180
         and seen["width_before"] < 1180),
        ("Reset Zoom shown", seen["unzoom_shown"]),
        ("siblings hidden", seen["hidden_frames"] == 2),
        ("Ctrl-F prompts", seen["dialog"] == "prompt"),
        ("matched share", seen["matched"] == "Matched: 65.0%"),
        ("matches highlighted", seen["highlighted"] == 2),
        ("Esc resets the search", seen["matched_after_esc"]),
        ("Esc resets the zoom", seen["width_after_reset"] == seen["width_before"]),
        ("screenshot saved", png_size(sys.argv[3]) == (1220, 900)),
    ]
else:
    # synth.h: 0.05 .. 0.45 s synth_hot_a (5), 0.55 .. 0.75 s synth_hot_b
    # (3), in each of 2 s; 50 rows per second, so 20 ms per cell.
    a, b = seen["first"], seen["second"]
    left, top, cw, ch = seen["geometry"][:4]
    xt = [t for t in seen["axes"] if "xt" in t["cls"].split()]
    yt = {t["text"]: t for t in seen["axes"] if "yt" in t["cls"].split()}
    checks = [
        ("title", seen["title"] == "Subsecond Heatmap"),
        ("hover shows the cell", seen["hover"] == "second 0, +40 ms: 1 samples"),
        # A selection names what the flame graph shows: from its first
        # cell's start to its last cell's end.
        ("a first click selects one cell", a["info_first"].startswith(
            "From 0.000 s to 0.020 s (click a last cell to widen): 0 samples")),
        ("a last click selects the range", a["info"].startswith(
            "From 0.000 s to 0.500 s: 5 samples.")),
        ("the map takes the window's width (1220 px)",
         seen["map"][0] >= 1000 and seen["map"][0] <= 1220),
        ("seconds across: 0 s, 1 s, 2 s at the columns' edges",
         [t["text"] for t in xt] == ["0 s", "1 s", "2 s"] and
         all(abs(t["x"] - (left + i * cw)) <= 1 for i, t in enumerate(xt))),
        ("ms within the second down: 0 ms at the top, 500 ms at row 25",
         "0 ms" in yt and "500 ms" in yt and "1000 ms" in yt and
         abs(yt["500 ms"]["y"] - (top + 25 * ch)) <= 1 and
         abs(yt["0 ms"]["y"] - top) <= 1 and
         all(t["right"] <= left for t in yt.values())),
        ("first half second: synth_hot_a, all of it",
         "synth_hot_a (5 samples, 100.00%)" in titles(a)
         and "all (5 samples, 100.00%)" in titles(a)),
        ("first half second: no synth_hot_b",
         not any("synth_hot_b" in n or n.endswith("_[k]") for n in names(a))),
        ("the flame graph is drawn on the page",
         len(a["frames"]) >= 4 and all(f["shown"] for f in a["frames"])),
        ("screenshot saved", png_size(sys.argv[3]) == (1220, 900)),
        ("second half second: synth_hot_b, no synth_hot_a",
         "synth_hot_b (3 samples, 100.00%)" in titles(b)
         and "synth_hot_a" not in names(b)),
        ("Esc clears the selection", seen["info_after_esc"] ==
         "No cells selected." and seen["frames_after_esc"] == 0),
    ]
failed = 0
for name, ok in checks:
    print("%s - browser %s: %s" % ("ok" if ok else "not ok", part, name))
    failed += not ok
if failed:
    print(json.dumps(seen), file=sys.stderr)
sys.exit(1 if failed else 0)
PY
}

# The SVG: a differential flame graph of two folded inputs.
printf '%s\n' 'app;main;parse;lex 30' 'app;main;parse 10' 'app;main;eval 45' \
	'app;main;eval;gc 15' >"$out/a.folded"
printf '%s\n' 'app;main;parse;lex 50' 'app;main;parse 10' 'app;main;eval 25' \
	'app;main;eval;gc 15' >"$out/b.folded"
if user/fgprof diff -q "$out/a.folded" "$out/b.folded" -o "$out/diff.svg"; then
	drive tests/browser/svgdrive.py "$out/diff.svg" --click parse \
		--search 'lex|gc' --screenshot "$out/diff.png" >"$out/svg.json"
	checks svg "$out/svg.json" "$out/diff.png" || failed=$((failed + 1))
else
	check 1 "svg: fgprof diff writes the SVG"
fi

# The heat map page, made by the tool from the unit tests' synthetic
# profile (its frames symbolized from heatmap-profile itself, its kernel
# frames from the kallsyms fixture). Cells are COL,ROW: the first half
# second is rows 0-24 of column 0, the second half rows 25-49.
if tests/browser/heatmap-profile "$out/heatmap.data" &&
   user/fgprof report -q -i "$out/heatmap.data" --format heatmap \
	--kallsyms tests/unit/data/kallsyms -o "$out/heatmap.html"; then
	drive tests/browser/heatmapdrive.py "$out/heatmap.html" \
		--hover 0,2 --range 0,0:0,24 --range2 0,25:0,49 \
		--screenshot "$out/heatmap.png" >"$out/heatmap.json"
	checks heatmap "$out/heatmap.json" "$out/heatmap.png" ||
		failed=$((failed + 1))
else
	check 1 "heatmap: fgprof report --format heatmap writes the page"
fi

# The speedscope export read by speedscope itself (npm's release,
# fetched once by tests/speedscope.sh; its file-format-schema.json checked
# with python3-jsonschema), from an off-CPU variant of the same profile.
if ! release=$(tests/speedscope.sh); then
	check 1 "speedscope: tests/speedscope.sh fetches speedscope from npm"
elif tests/browser/heatmap-profile "$out/offcpu.data" --off-cpu &&
   user/fgprof report -q -i "$out/offcpu.data" --format speedscope \
	--kallsyms tests/unit/data/kallsyms -o "$out/offcpu.speedscope.json"; then
	mapfile -t schema < <(python3 - "$release/file-format-schema.json" \
		"$out/offcpu.speedscope.json" <<'PY'
import json, sys
import jsonschema
schema, doc = (json.load(open(p)) for p in sys.argv[1:3])
for e in jsonschema.Draft7Validator(schema).iter_errors(doc):
    print("%s: %s" % ("/".join(map(str, e.path)), e.message))
PY
	)
	drive tests/browser/speedscopedrive.py "$out/offcpu.speedscope.json" \
		--release "$release" --screenshot "$out/speedscope.png" \
		>"$out/speedscope.json"
	checks speedscope "$out/speedscope.json" "$out/speedscope.png" \
		"${schema[@]}" || failed=$((failed + 1))
else
	check 1 "speedscope: fgprof report --format speedscope writes the file"
fi

[ "$failed" -eq 0 ]
