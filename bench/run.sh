#!/usr/bin/env bash
# make bench: the benchmarks. bench/guest/NAME.sh run inside one boot each
# of the Debian 6.1 guest (the module needs it), so every ratio compares
# runs on the same machine state; bench/host/NAME.sh run here (the user
# side: nothing of it needs the module). Each prints its table and writes
# it to $FGPROF_OUT/result.txt; copies land in bench/results/NAME.txt.
#   usage: bench/run.sh [NAME...]   (default: every guest bench, then every host bench)
# FGPROF_QEMU_ARGS reaches qemu through tests/guest/boot.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

tests/deps.sh
make -s tool progs
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
	for f in bench/guest/*.sh bench/host/*.sh; do
		f=${f##*/}
		names+=("${f%.sh}")
	done
fi
ko=''
mkdir -p bench/results
for n in "${names[@]}"; do
	out=$PWD/build/bench/$n
	rm -rf "$out"
	if [ -f "bench/guest/$n.sh" ]; then
		[ -n "$ko" ] || ko=$(tests/guest/build-module.sh 6.1)
		tests/guest/boot.sh --kernel 6.1 --timeout 1800 --out "$out" -- \
			env FGPROF_KO="$ko" bash "bench/guest/$n.sh"
	elif [ -f "bench/host/$n.sh" ]; then
		mkdir -p "$out"
		FGPROF_OUT=$out bash "bench/host/$n.sh"
	else
		echo "bench/run.sh: no bench/guest/$n.sh or bench/host/$n.sh" >&2
		exit 2
	fi
	cp "$out/result.txt" "bench/results/$n.txt"
	echo "== bench/results/$n.txt"
	cat "bench/results/$n.txt"
done
