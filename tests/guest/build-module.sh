#!/usr/bin/env bash
# Builds fgprof.ko (or another module directory) for one guest kernel, in a
# build directory of its own so several kernels' objects never mix.
#   usage: build-module.sh KERNEL [SRCDIR]   -> prints the .ko path
set -euo pipefail

name=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
src=${2:-$top}
cache=${FGPROF_CACHE:-/var/cache/fgprof}
kdir=$cache/kernels/$name/kdir
# FGPROF_BUILD_TAG keeps concurrent developers' builds apart.
out=$top/build/kmod/$name/$(basename "$src")${FGPROF_BUILD_TAG:+-$FGPROF_BUILD_TAG}

"$top/tests/guest/kernel.sh" "$name" >&2
rm -rf "$out"
mkdir -p "$out"
if [ "$src" = "$top" ]; then
	cp -r "$top/Kbuild" "$top/kmod" "$top/include" "$out/"
else
	cp -r "$src"/. "$out/"
fi
make -s -C "$kdir" M="$out" modules >&2
ls "$out"/*.ko
