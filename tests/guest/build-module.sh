#!/usr/bin/env bash
# Builds fgprof.ko (or another module directory) for one guest kernel, in a
# build directory of its own so several kernels' objects never mix.
#   usage: build-module.sh KERNEL [SRCDIR]   -> prints the .ko path
set -euo pipefail

name=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
src=${2:-$top}
# FGPROF_BUILD_TAG keeps concurrent developers' builds apart.
out=$top/build/kmod/$name/$(basename "$src")${FGPROF_BUILD_TAG:+-$FGPROF_BUILD_TAG}

kd=$("$top/tests/guest/kernel.sh" "$name")
rm -rf "$out"
mkdir -p "$out"
# Kbuild takes no space in M= (a checkout's path may hold one): then
# the build is in a directory of its own under /tmp, the .ko copied out.
build=$out
case $out in *" "*) build=$(mktemp -d /tmp/fgprof-kmod.XXXXXX) ;; esac
if [ "$src" = "$top" ]; then
	cp -r "$top/Kbuild" "$top/kmod" "$top/include" "$build/"
else
	cp -r "$src"/. "$build/"
fi
# A warning fails the build: it is how a kernel's API change shows first.
"$top/tests/guest/kbuild.sh" "$kd" "$build" -s >"$out/build.log" 2>&1 ||
	{ cat "$out/build.log" >&2; exit 1; }
if grep -qi 'warning' "$out/build.log"; then
	cat "$out/build.log" >&2
	echo "build-module.sh: warnings building for $name" >&2
	exit 1
fi
if [ "$build" != "$out" ]; then
	cp "$build"/*.ko "$out/"
	rm -rf "$build"
fi
ls "$out"/*.ko
