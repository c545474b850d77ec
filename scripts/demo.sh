#!/usr/bin/env bash
# make demo: load fgprof and show it answering. On a host whose kernel takes
# modules and has headers, here; otherwise inside the 6.1 guest.
#   usage: scripts/demo.sh [--inside KO]
set -euo pipefail
cd "$(dirname "$0")/.."

show() {	# show KO: the demo proper, as root on a kernel that takes modules
	insmod "$1"
	trap 'rmmod fgprof' EXIT
	echo "== fgprof status"
	user/fgprof status
	echo "== cat /dev/fgprof"
	cat /dev/fgprof
}

if [ "${1:-}" = --inside ]; then
	show "$2"
	exit
fi

if [ -e /proc/modules ] && [ -d "/lib/modules/$(uname -r)/build" ]; then
	make module tool
	show ./fgprof.ko
else
	echo "this kernel takes no modules (or has no headers): running the demo in a Debian 6.1 guest"
	tests/deps.sh
	make -s tool
	ko=$(tests/guest/build-module.sh 6.1)
	tests/guest/boot.sh --kernel 6.1 --timeout 600 -- scripts/demo.sh --inside "$ko"
fi
