#!/usr/bin/env bash
# make bench: the benchmarks, each in one boot of the Debian 6.1 guest so
# every ratio compares runs on the same machine state. Each bench/guest/*.sh
# prints its table; copies land in bench/results/NAME.txt.
#   usage: bench/run.sh [NAME...]   (default: every bench/guest/*.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

tests/deps.sh
make -s tool progs
ko=$(tests/guest/build-module.sh 6.1)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=($(cd bench/guest && ls *.sh | sed 's/\.sh$//'))
mkdir -p bench/results
for n in "${names[@]}"; do
	out=$PWD/build/bench/$n
	rm -rf "$out"
	tests/guest/boot.sh --kernel 6.1 --timeout 1800 --out "$out" -- \
		env FGPROF_KO="$ko" bash "bench/guest/$n.sh"
	cp "$out/result.txt" "bench/results/$n.txt"
	echo "== bench/results/$n.txt"
	cat "bench/results/$n.txt"
done
