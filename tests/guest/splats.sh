#!/usr/bin/env bash
# Prints the lines of a kernel log (FILE, or stdin) that match a pattern of
# dmesg-bad.txt, numbered; with --context, the first one with the lines
# around it instead. Exits 0 when there is a splat, 1 when the log is clean.
# The one reader of dmesg-bad.txt: boot.sh checks whole runs with it and
# run-tests.sh each test's share of dmesg.
#
# One kind of report is waived, with a warning and its evidence on stderr:
# a soft lockup or RCU stall raised while fgprof is not loaded (by the
# module's own "fgprof: loaded"/"fgprof: unloaded" lines; a log starts
# with it unloaded) whose report names nothing of fgprof. Under emulation
# that is the host starving the guest's vCPU (a busy host: the clock runs
# on, the vCPU does not), not a bug of ours. Any such report while fgprof
# is loaded, and every other pattern, stays a splat.
#   usage: splats.sh [--context] [FILE]
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
context=0
if [ "${1:-}" = --context ]; then
	context=1
	shift
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
cat "${1:--}" >"$log"
# One ERE a line; blank lines and # comments are not patterns (an empty
# pattern would match every line).
bad=$(grep -vE '^[[:space:]]*(#|$)' "$here/dmesg-bad.txt" |
	awk -v logf="$log" '
	{ pats[n++] = $0 }
	END {
		while ((getline l < logf) > 0)
			lines[++nr] = l
		loaded = 0
		for (i = 1; i <= nr; i++) {
			l = lines[i]
			if (l ~ /fgprof: loaded/)
				loaded = 1
			else if (l ~ /fgprof: unloaded/)
				loaded = 0
			hit = 0
			for (p = 0; p < n; p++)
				if (l ~ pats[p]) { hit = 1; break }
			if (!hit)
				continue
			if (!loaded && l ~ /soft lockup|rcu.*detected stall/ && !names_fgprof(i)) {
				print "splats.sh: warning: waived, fgprof not loaded and not in the report (the host starved the emulator): " i ": " l > "/dev/stderr"
				continue
			}
			print i
		}
	}
	# The report that starts at line i (up to its end marker, 80 lines
	# at most) mentions fgprof: a frame, or the module list.
	function names_fgprof(i,   j) {
		for (j = i; j <= nr && j < i + 80; j++) {
			if (lines[j] ~ /fgprof/)
				return 1
			if (j > i && lines[j] ~ /---\[ end trace/)
				return 0
		}
		return 0
	}')
[ -n "$bad" ] || exit 1
if [ $context -eq 1 ]; then
	first=${bad%%$'\n'*}
	sed -n "$((first > 3 ? first - 3 : 1)),$((first + 20))p" "$log"
else
	for i in $bad; do
		printf '%s:%s\n' "$i" "$(sed -n "${i}p" "$log")"
	done
fi
exit 0
