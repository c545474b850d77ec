#!/bin/bash
# `make -C KDIR M=MODDIR modules` for one guest kernel's cache dir (from
# kernel.sh): on the host, or, when the cache names a chroot (latest:
# its kbuild tools need a newer libc than the host's), inside that
# chroot, with the headers at their /usr/src path there and MODDIR
# bound at /build.
#   tests/guest/kbuild.sh CACHEDIR MODDIR [MAKE-OPTION...]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
kd=$1 mod=$2
shift 2
if [[ -f $kd/chroot ]]; then
	exec "$here/chroot.sh" --run "$(<"$kd/chroot")" --bind "$mod" -- \
		make -C "/usr/src/linux-headers-$(<"$kd/abi")" M=/build "$@" modules
fi
exec make -C "$kd/kdir" M="$mod" "$@" modules
