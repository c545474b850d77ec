#!/usr/bin/env bash
# make demo: load fgprof, record the bundled demo workloads and write what
# engineers read: hot_ab (hot_a() burns three times the CPU of hot_b()) as
# a CPU flame graph (SVG), a subsecond heat map page and a pprof file;
# offcpu_sleep (sleeps and pipe waits, woken by a writer thread) as an
# off-CPU flame graph. Prints the hottest stacks as folded text.
# On a host whose kernel takes modules and has headers, here; otherwise in
# Debian 12's 6.1 kernel in a QEMU guest. Results land in build/demo/.
#   usage: scripts/demo.sh [--inside KO OUTDIR]
set -euo pipefail
cd "$(dirname "$0")/.."

show() {	# show KO OUTDIR: the demo proper, as root on a kernel that takes modules
	local ko=$1 out=$2
	insmod "$ko"
	trap 'rmmod fgprof' EXIT
	echo "== fgprof status"
	user/fgprof status
	echo "== fgprof record -F 999 --timeline -o $out/demo.data -- tests/progs/hot_ab 3"
	user/fgprof record -F 999 --timeline -o "$out/demo.data" -- tests/progs/hot_ab 3
	user/fgprof report -i "$out/demo.data" >"$out/demo.folded"
	user/fgprof report -q -i "$out/demo.data" --format svg \
		--title "fgprof demo: hot_ab" -o "$out/demo.svg"
	user/fgprof report -q -i "$out/demo.data" --format heatmap \
		-o "$out/demo-heatmap.html"
	user/fgprof report -q -i "$out/demo.data" --format pprof \
		-o "$out/demo.pb.gz"
	echo "== fgprof record --off-cpu --wakeups -o $out/demo-offcpu.data -- tests/progs/offcpu_sleep"
	user/fgprof record --off-cpu --wakeups -o "$out/demo-offcpu.data" -- \
		tests/progs/offcpu_sleep
	user/fgprof report -q -i "$out/demo-offcpu.data" --format svg \
		--title "fgprof demo: offcpu_sleep, off-CPU time" \
		-o "$out/demo-offcpu.svg"
	echo "== flame graph: $out/demo.svg"
	echo "== off-CPU flame graph: $out/demo-offcpu.svg"
	echo "== heat map: $out/demo-heatmap.html; pprof: $out/demo.pb.gz"
	echo "== the hottest stacks (folded; all of them in $out/demo.folded)"
	sort -t' ' -k2 -nr "$out/demo.folded" | head -8
}

if [ "${1:-}" = --inside ]; then
	show "$2" "$3"
	exit
fi

out=$PWD/build/demo
mkdir -p "$out"
if [ -e /proc/modules ] && [ -d "/lib/modules/$(uname -r)/build" ]; then
	make module tool progs
	show ./fgprof.ko "$out"
else
	echo "this kernel takes no modules (or has no headers): running the demo in a Debian 6.1 guest"
	tests/deps.sh
	make -s tool progs
	ko=$(tests/guest/build-module.sh 6.1)
	tests/guest/boot.sh --kernel 6.1 --timeout 600 --out "$out/guest" -- \
		scripts/demo.sh --inside "$ko" "$out/guest"
	(cd "$out/guest" && cp demo.data demo.folded demo.svg demo-heatmap.html \
		demo.pb.gz demo-offcpu.data demo-offcpu.svg "$out/")
	echo "== flame graph: $out/demo.svg (open it in a browser)"
	echo "== off-CPU flame graph: $out/demo-offcpu.svg"
	echo "== heat map: $out/demo-heatmap.html; pprof: $out/demo.pb.gz (go tool pprof -top)"
fi
