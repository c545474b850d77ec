#!/usr/bin/env bash
# The README's pictures: docs/flamegraph.png and docs/heatmap.png, taken by
# headless Chromium from what `make demo` wrote (build/demo/demo.svg and
# demo-heatmap.html), so they show a real recording, not a mock-up.
#   usage: make demo && scripts/doc-screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."

shot() {	# shot PNG PAGE HEIGHT
	local profile
	profile=$(mktemp -d)
	chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--disable-sync --no-first-run --user-data-dir="$profile" \
		--hide-scrollbars --screenshot="$1" --window-size="1200,$3" \
		"file://$PWD/$2" 2>/dev/null
	rm -rf "$profile"
	test -s "$1"
}

for f in build/demo/demo.svg build/demo/demo-heatmap.html; do
	test -f "$f" || { echo "no $f: run make demo first" >&2; exit 1; }
done
shot docs/flamegraph.png build/demo/demo.svg 540
shot docs/heatmap.png build/demo/demo-heatmap.html 640
ls -l docs/flamegraph.png docs/heatmap.png
