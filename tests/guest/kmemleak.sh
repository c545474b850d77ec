#!/usr/bin/env bash
# Runs inside the guest after the tests (run-tests.sh): asks kmemleak for a
# scan and fails when a suspected leak was allocated by fgprof.  Only the
# debug kernel (6.1-debug) has kmemleak; elsewhere this prints why it did
# nothing and succeeds.  Leaks of the kernel's own (none of fgprof's frames
# in the allocation's backtrace) are printed as notes, not failures: they
# are not ours to fix and would make the run fail for no fault of fgprof.
#   usage: kmemleak.sh
set -uo pipefail

f=/sys/kernel/debug/kmemleak
if [ ! -e "$f" ]; then
	echo "kmemleak.sh: no $f (kernel without kmemleak): nothing to check"
	exit 0
fi
# An object is reported only when it is older than 5 s and was found
# unreferenced by a scan; two scans, as kmemleak's documentation advises,
# let objects in flight during the first one settle.
sleep 6
echo scan >"$f" || exit 1
echo scan >"$f" || exit 1
report=$(cat "$f")
if [ -z "$report" ]; then
	echo "kmemleak.sh: no suspected leak"
	exit 0
fi
# One record per "unreferenced object" line.  fgprof's: a backtrace frame
# in the module, by name while it is loaded, as a bare module address
# (0xffffffffa.../0xffffffffc...) once it was unloaded: no other module is
# loaded in the debug guest, everything else is built in.
ours=$(printf '%s\n' "$report" | awk '
	/^unreferenced object/ { if (rec != "" && hit) printf "%s", rec; rec = ""; hit = 0 }
	{ rec = rec $0 "\n" }
	/\[fgprof\]|\] 0xffffffff[a-f][0-9a-f]+$/ { hit = 1 }
	END { if (rec != "" && hit) printf "%s", rec }')
n_all=$(printf '%s\n' "$report" | grep -c '^unreferenced object')
if [ -n "$ours" ]; then
	n_ours=$(printf '%s\n' "$ours" | grep -c '^unreferenced object')
	echo "kmemleak.sh: $n_ours of $n_all suspected leaks were allocated by fgprof:"
	printf '%s\n' "$ours"
	exit 1
fi
echo "kmemleak.sh: $n_all suspected leaks, none allocated by fgprof (notes):"
printf '%s\n' "$report" | sed -n 1,60p
exit 0
