#!/usr/bin/env bash
# Prints the lines of a kernel log (FILE, or stdin) that match a pattern of
# dmesg-bad.txt, numbered; with --context, the first one with the lines
# around it instead. Exits 0 when there is a splat, 1 when the log is clean.
# The one reader of dmesg-bad.txt: boot.sh checks whole runs with it and
# run-tests.sh each test's share of dmesg.
#   usage: splats.sh [--context] [FILE]
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
opts=(-n)
if [ "${1:-}" = --context ]; then
	opts=(-m 1 -B 3 -A 20)
	shift
fi
# One ERE a line; blank lines and # comments are not patterns (an empty
# pattern would match every line).
pats=$(grep -vE '^[[:space:]]*(#|$)' "$here/dmesg-bad.txt")
grep -E "${opts[@]}" -e "$pats" "${1:--}"
