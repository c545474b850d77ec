#!/bin/bash
# Prints the directory of speedscope's release (its web app, index.html,
# and file-format-schema.json), fetched once from the npm registry with
# `npm pack` (which checks the tarball against the registry's integrity
# hash) and kept in the cache. tests/browser reads fgprof's speedscope
# export with it. Pinned: a new release is a deliberate change here.
set -euo pipefail

version=1.25.0
cache=${FGPROF_CACHE:-/var/cache/fgprof}/speedscope-$version
if [ ! -f "$cache/dist/release/index.html" ]; then
	command -v npm >/dev/null || { echo "speedscope.sh: npm not installed (tests/deps.sh)" >&2; exit 1; }
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	(cd "$tmp" && npm pack --silent "speedscope@$version" >/dev/null)
	mkdir -p "$tmp/x"
	tar -xzf "$tmp/speedscope-$version.tgz" -C "$tmp/x"
	mkdir -p "$(dirname "$cache")"
	rm -rf "$cache"
	mv "$tmp/x/package" "$cache"
fi
echo "$cache/dist/release"
