#!/bin/bash
# A Debian chroot to build guest modules in, for a kernel whose kbuild
# tools need a newer libc than the host's (latest: sid's linux-kbuild
# wants libc6 2.43, Debian 12 has 2.36).
#
#   tests/guest/chroot.sh SUITE                  prints the chroot's dir
#   tests/guest/chroot.sh --run SUITE [--bind DIR] -- CMD...
#
# Made once with debootstrap from the host's Debian mirror (the URIs of
# /etc/apt/sources.list.d/debian.sources) and cached as
# $FGPROF_CACHE/chroots/SUITE, complete when .complete is there. Its apt
# is its own: the host's apt sources never see the suite. --run runs CMD
# in it (in a mount namespace of its own: /proc mounted, DIR bound at
# /build; all of it gone when CMD ends).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
run=0 bind=''
if [[ ${1:-} == --run ]]; then run=1; shift; fi
suite=${1:?usage: chroot.sh [--run] SUITE [--bind DIR] [-- CMD...]}
shift
if [[ ${1:-} == --bind ]]; then bind=$2; shift 2; fi
[[ ${1:-} != -- ]] || shift
dir=${FGPROF_CACHE:-/var/cache/fgprof}/chroots/$suite

log() { echo "chroot.sh[$suite]: $*" >&2; }
die() { log "error: $*"; exit 1; }

make_chroot() {
	local src=/etc/apt/sources.list.d/debian.sources mirror
	# The mirror of the host's main suite (not -security), first URI.
	mirror=$(awk 'BEGIN { RS = "" }
		/\nSuites:[^\n]* bookworm[ \n]/ || /\nSuites: bookworm$/ {
			if (match($0, /URIs: [^ \n]+/)) {
				print substr($0, RSTART + 6, RLENGTH - 6); exit
			}
		}' "$src")
	[[ -n $mirror ]] || die "no bookworm mirror in $src"
	"$here/../deps.sh"
	log "debootstrap $suite from $mirror (a few minutes, once)"
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	debootstrap --variant=minbase --include=make,libelf-dev,xz-utils \
		"$suite" "$dir.tmp" "$mirror" >"$dir.tmp.log" 2>&1 ||
		{ tail -n 20 "$dir.tmp.log" >&2; die "debootstrap failed (log: $dir.tmp.log)"; }
	# The host's apt settings for reaching its mirror (proxy, date checks).
	apt-config dump Acquire | grep -E '^Acquire::(https?|ftp|Check-|Retries)' \
		>"$dir.tmp/etc/apt/apt.conf.d/00fgprof-host" || true
	rm -f "$dir.tmp.log"
	touch "$dir.tmp/.complete"
	mv "$dir.tmp" "$dir"
}

if [[ ! -f $dir/.complete ]]; then
	mkdir -p "${dir%/*}"
	exec 8>"$dir.lock"
	flock 8
	[[ -f $dir/.complete ]] || { rm -rf "$dir"; make_chroot; }
	exec 8>&-
fi
if ((!run)); then
	echo "$dir"
	exit 0
fi
(($#)) || die "--run: no command"
# shellcheck disable=SC2016 # expanded by the inner shell
exec unshare -m -- sh -c '
	dir=$1 bind=$2
	shift 2
	mount -t proc proc "$dir/proc" || exit 125
	if [ -n "$bind" ]; then
		mkdir -p "$dir/build" && mount --bind "$bind" "$dir/build" || exit 125
	fi
	exec chroot "$dir" "$@"' sh "$dir" "$bind" "$@"
