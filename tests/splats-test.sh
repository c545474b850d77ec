#!/usr/bin/env bash
# tests/guest/splats.sh on made-up kernel logs: what fails a guest run and
# what is only a warning (a soft lockup or RCU stall of a starved emulator
# while fgprof is not loaded). One "ok - " / "not ok - " line each.
set -uo pipefail
cd "$(dirname "$0")/.."
err=$(mktemp)
trap 'rm -f "$err"' EXIT

check() {	# check NAME WANT-STATUS LOG-TEXT
	local st
	printf '%b' "$3" | tests/guest/splats.sh >/dev/null 2>"$err"
	st=$?
	if [ "$st" -eq "$2" ]; then
		echo "ok - $1"
	else
		echo "not ok - $1 (exit $st, want $2)"
	fi
}

lockup='[ 9.0] watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [sh:12]\n[ 9.1] Modules linked in: 9p overlay\n[ 9.2] RIP: 0010:clear_page_rep+0x7/0x20\n[ 9.3] ---[ end trace 0 ]---\n'
stall='[ 9.0] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:\n[ 9.1] rcu: 0-...!: (1 GPs behind)\n'
check "a clean log passes" 1 '[ 1.0] fgprof: loaded, abi 6\n[ 2.0] fgprof: unloaded\n'
check "a soft lockup while fgprof is not loaded is a warning" 1 "$lockup"
if grep -q 'warning: waived' "$err"; then
	echo "ok - the waived lockup is printed as a warning"
else
	echo "not ok - the waived lockup is printed as a warning"
fi
check "an RCU stall while fgprof is not loaded is a warning" 1 "$stall"
check "a soft lockup while fgprof is loaded fails" 0 "[ 1.0] fgprof: loaded, abi 6\n$lockup"
check "after an unload it is a warning again" 1 "[ 1.0] fgprof: loaded, abi 6\n[ 2.0] fgprof: unloaded\n$lockup"
check "a lockup whose report names fgprof fails" 0 \
	'[ 9.0] watchdog: BUG: soft lockup - CPU#0 stuck for 22s!\n[ 9.1]  fg_overflow+0x10/0x90 [fgprof]\n'
check "a WARNING fails whatever is loaded" 0 '[ 9.0] WARNING: CPU: 0 PID: 1 at kernel/foo.c:1\n'
check "a KASAN report fails" 0 '[ 9.0] BUG: KASAN: use-after-free in foo\n'
