#!/bin/bash
# The SVG flame graph in a real browser: Debian's chromium, headless,
# driven over the DevTools protocol by svgdrive.py (hover, click to zoom,
# Ctrl-F search typed into the prompt, Esc, screenshot). Host only, no
# guest; about a second. Skipped when chromium is not installed (it is
# not in tests/deps.sh: ~300 MB for one test). Screenshot in
# build/browser/.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v chromium >/dev/null; then
	echo "skip: chromium not installed (apt-get install chromium)"
	exit 0
fi
[[ -x user/fgprof ]] || make -s tool

out=build/browser
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%s\n' 'app;main;parse;lex 30' 'app;main;parse 10' 'app;main;eval 45' \
	'app;main;eval;gc 15' >"$tmp/a.folded"
printf '%s\n' 'app;main;parse;lex 50' 'app;main;parse 10' 'app;main;eval 25' \
	'app;main;eval;gc 15' >"$tmp/b.folded"
user/fgprof diff -q "$tmp/a.folded" "$tmp/b.folded" -o "$out/diff.svg"

python3 tests/browser/svgdrive.py "$out/diff.svg" --click parse \
	--search 'lex|gc' --screenshot "$out/diff.png" >"$tmp/seen.json"

# B's shares: parse 60 of 100; lex 50 + gc 15 match.
python3 - "$tmp/seen.json" <<'PY'
import json, sys
seen = json.load(open(sys.argv[1]))
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
]
failed = 0
for name, ok in checks:
    print("%s - %s" % ("ok" if ok else "not ok", name))
    failed += not ok
if failed:
    print(json.dumps(seen), file=sys.stderr)
print("%d passed, %d failed" % (len(checks) - failed, failed))
sys.exit(1 if failed else 0)
PY
