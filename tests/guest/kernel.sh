#!/bin/bash
# Fetch and cache one Debian guest kernel for the QEMU tests.
#
#   tests/guest/kernel.sh [NAME]      NAME: 6.1 (default) | 6.1-rt | 5.10 | 6.12
#                                           | latest (Debian unstable's newest,
#                                             chosen when first fetched)
#                                           | 6.1-debug (built, not fetched:
#                                             debug-kernel.sh, ~20 min once)
#
# Prints the cache directory on stdout; it holds
#   vmlinuz      the kernel image
#   abi          its release string (uname -r in the guest)
#   kdir         headers usable as `make -C kdir M=DIR modules` (kbuild.sh
#                runs that: on the host, or in the chroot below)
#   chroot       (latest) the Debian suite whose chroot (chroot.sh) builds
#                modules for it: its kbuild tools need that suite's libc;
#                kdir is then the headers' path inside the chroot
#   version      the packages' Debian version (7.2.13-1)
#   initrd.gz    busybox + our /init + the 9p/virtio modules (+ overlay.ko)
#   root/        everything the packages hold, unpacked with dpkg -x
# A complete cache is reused without touching apt or the network; only the
# initrd is rebuilt when tests/guest/init (or this script) changed. So
# `latest` stays the kernel it was when fetched: remove its cache dir to
# follow Debian to the next one.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=${1:-6.1}
cache=${FGPROF_CACHE:-/var/cache/fgprof}/kernels
dest=$cache/$name

log() { echo "kernel.sh[$name]: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Which image packages a NAME may use (ERE for the ABI), and the extra apt
# suites that hold them when the host's sources don't; or the script that
# builds a NAME from source instead.
builder='' chroot=''
case $name in
6.1-debug) builder=$here/debug-kernel.sh ;;
6.1)    abi_re='6\.1\.0-[0-9]+-amd64';         suites=() ;;
6.1-rt) abi_re='6\.1\.0-[0-9]+-rt-amd64';      suites=() ;;
5.10)   abi_re='5\.10\.0-[0-9]+-amd64';        suites=(bullseye bullseye-security) ;;
# bookworm itself carries 6.12 (+deb12); backports (+bpo) only if it doesn't.
6.12)   abi_re='6\.12\.[0-9]+\+(deb12|bpo)-amd64'; suites=(bookworm-backports) ;;
# sid's plain amd64 flavour (7.2.13+deb14-amd64 or the older 6.6.0-1-amd64
# naming), from sid's own apt in its chroot.
latest) abi_re='[0-9]+\.[0-9]+(\.[0-9]+\+deb[0-9]+|\.0-[0-9]+)-amd64'; suites=(); chroot=sid ;;
*) die "unknown kernel '$name' (want 6.1, 6.1-rt, 5.10, 6.12, latest or 6.1-debug)" ;;
esac

# A chroot kernel's headers are in the chroot: gone with it, refetch.
complete() { [[ -f $dest/.complete && ( ! -f $dest/chroot || -d $dest/kdir/ ) ]]; }
# The initrd depends on /init and on how this script packs it (and a built
# kernel on its builder, which rebuilds only what changed).
stamp=$(cat "$here/init" "$here/kernel.sh" ${builder:+"$builder"} | md5sum)
initrd_fresh() { [[ -f $dest/initrd.stamp && $(<"$dest/initrd.stamp") == "$stamp" ]]; }

# Fast path: no lock, no apt.
if complete && initrd_fresh; then echo "$dest"; exit 0; fi

# Concurrent runs for one kernel: the first builds, the others wait and reuse.
mkdir -p "$cache"
exec 9>"$cache/.$name.lock"
flock 9
if complete && initrd_fresh; then echo "$dest"; exit 0; fi

# The initramfs: busybox, our /init, the 9p/virtio modules in dependency
# order (from modules.dep; built-in ones are skipped) and overlay.  Modules
# are stored uncompressed: busybox insmod may not read .ko.xz/.ko.zst.
build_initrd() {
	local dir=$1 abi st
	abi=$(<"$dir/abi")
	st=$(mktemp -d)
	mkdir -p "$st"/{bin,dev,proc,sys,host,out,rw,lib/fgprof}
	cp /bin/busybox "$st/bin/busybox"
	ln -s busybox "$st/bin/sh"
	mknod "$st/dev/console" c 5 1   # so /init has a stdout before devtmpfs
	install -m 755 "$here/init" "$st/init"
	add_modules "$dir/root" "$abi" "$st/lib/fgprof" boot.order virtio_pci 9pnet_virtio 9p
	add_modules "$dir/root" "$abi" "$st/lib/fgprof" overlay.order overlay
	(cd "$st" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -6 >"$dir/initrd.gz.tmp"
	rm -rf "$st"
	mv "$dir/initrd.gz.tmp" "$dir/initrd.gz"
	echo "$stamp" >"$dir/initrd.stamp"
}

add_modules() {  # ROOT ABI DESTDIR ORDERFILE MODULE...
	local root=$1 abi=$2 to=$3 order=$3/$4 m kind ko base
	shift 4
	touch "$order"
	for m; do
		modprobe -d "$root" -S "$abi" --show-depends "$m" >"$to/.deps" ||
			die "modprobe --show-depends $m failed"
		while read -r kind ko _; do
			[[ $kind == insmod ]] || continue   # else "builtin NAME"
			base=${ko##*/}; base=${base%%.ko*}
			grep -qxF "$base" "$order" && continue
			echo "$base" >>"$order"
			case $ko in
			*.ko.xz)  xz -dc "$ko" ;;
			*.ko.zst) zstd -qdc "$ko" ;;
			*.ko.gz)  gzip -dc "$ko" ;;
			*)        cat "$ko" ;;
			esac >"$to/$base.ko"
		done <"$to/.deps"
	done
	rm -f "$to/.deps"
}

# A kernel built from source: the builder lays out vmlinuz, abi, kdir and
# root/ in place (resumable, a no-op when its build is current); virtio, 9p
# and overlay are built in, so the initrd gets no module.
if [[ -n $builder ]]; then
	"$builder" "$dest"
	build_initrd "$dest"
	touch "$dest/.complete"
	echo "$dest"
	exit 0
fi

if complete; then
	log "rebuilding initrd (tests/guest/init or kernel.sh changed)"
	build_initrd "$dest"
	echo "$dest"
	exit 0
fi

"$here/../deps.sh"

# apt: the host's, or (a chroot kernel) the chroot's own, whose lists
# know its suite; download dirs are bound at /build there.
apt_in() {
	if [[ -n $chroot ]]; then
		"$here/chroot.sh" --run "$chroot" ${bind:+--bind "$bind"} -- \
			env DEBIAN_FRONTEND=noninteractive "$@"
	else
		"$@"
	fi
}
bind=''
if [[ -n $chroot ]]; then
	chroot_dir=$("$here/chroot.sh" "$chroot")
fi

find_abi() {
	apt_in apt-cache pkgnames linux-image- |
		sed -nE "s/^linux-image-($abi_re)(-unsigned)?\$/\\1/p" | sort -uV | tail -n 1
}

# Add suites to apt in a file of our own, copying the stanza of the host's
# bookworm (or bookworm-security) entry so mirror and keyring stay the host's.
add_suites() {
	local src=/etc/apt/sources.list.d/debian.sources
	local ours=/etc/apt/sources.list.d/fgprof-kernels.sources s from
	[[ -r $src ]] || die "no $src to copy the Debian mirror from"
	for s in "${suites[@]}"; do
		[[ -f $ours ]] && grep -qE "^Suites: $s\$" "$ours" && continue
		case $s in *-security) from=bookworm-security ;; *) from=bookworm ;; esac
		awk -v from="$from" -v to="$s" '
			BEGIN { RS = ""; ORS = "\n\n" }
			{
				hit = 0; n = split($0, l, "\n"); out = ""
				for (i = 1; i <= n; i++) {
					if (l[i] ~ /^#/) continue
					if (l[i] ~ /^Suites:/) {
						if ((" " l[i] " ") ~ (" " from " ")) hit = 1
						l[i] = "Suites: " to
					}
					out = out l[i] "\n"
				}
				if (hit) { printf "%s\n", out; exit }
			}' "$src" >>"$ours"
		grep -qE "^Suites: $s\$" "$ours" || die "no '$from' entry in $src"
		log "added apt suite $s in $ours"
	done
}

apt_update() {
	log "apt-get update"
	apt_in apt-get -q -o DPkg::Lock::Timeout=900 update >/dev/null
}

# A chroot's lists are refreshed at each fetch: `latest` is the newest now.
[[ -z $chroot ]] || apt_update
abi=$(find_abi)
if [[ -z $abi ]]; then
	# Not in apt's lists: add the suite if this kernel needs one, refresh.
	((${#suites[@]} == 0)) || add_suites
	apt_update
	abi=$(find_abi)
fi
[[ -n $abi ]] || die "apt offers no linux-image matching $abi_re"

tmp=$cache/.$name.tmp
rm -rf "$tmp"
mkdir -p "$tmp/root"

fetch() {
	local pkgs=("linux-headers-$abi") q
	# shellcheck disable=SC2001 # bash's & in ${//} needs 5.2's patsub_replacement
	q=$(sed 's/[.+]/\\&/g' <<<"$abi")
	if apt_in apt-cache show "linux-image-$abi-unsigned" >/dev/null 2>&1; then
		pkgs+=("linux-image-$abi-unsigned")
	else
		# 7.x split the image into what linux-image-ABI depends on:
		# linux-base-ABI, linux-modules-ABI and linux-binary-ABI (the
		# signed vmlinuz; linux-binary-unsigned-ABI is the same kernel).
		mapfile -t -O 1 pkgs < <(apt_in apt-cache depends "linux-image-$abi" |
			sed -nE "s/^ *\|?Depends: (linux-[a-z]+-$q)\$/\1/p" |
			sed 's/^linux-binary-/linux-binary-unsigned-/')
	fi
	mapfile -t -O ${#pkgs[@]} pkgs < <(apt_in apt-cache depends "linux-headers-$abi" |
		sed -nE 's/^ *\|?Depends: (linux-headers-[^ ]*-common[^ ]*|linux-kbuild-[^ ]*)$/\1/p')
	log "fetching ${pkgs[*]}"
	rm -rf "$tmp/debs"
	mkdir "$tmp/debs"
	# Sandbox user root: _apt could not write into our root-owned cache.
	if [[ -n $chroot ]]; then
		bind=$tmp/debs apt_in sh -c 'cd /build && exec "$@"' sh \
			apt-get -q -o APT::Sandbox::User=root download "${pkgs[@]}" >/dev/null
	else
		(cd "$tmp/debs" && apt-get -q -o APT::Sandbox::User=root download "${pkgs[@]}" >/dev/null)
	fi
}
if ! fetch; then
	# A mirror drops superseded versions: stale lists give 404s.
	apt_update
	abi=$(find_abi)
	fetch || die "download failed"
fi

log "unpacking $abi"
for deb in "$tmp"/debs/*.deb; do dpkg -x "$deb" "$tmp/root"; done
dpkg-deb -f "$tmp/debs/linux-headers-$abi"_*.deb Version >"$tmp/version"
rm -rf "$tmp/debs"
echo "$abi" >"$tmp/abi"
# 7.x's packages are /usr-merged, with the image beside the modules.
if [[ ! -e $tmp/root/lib && -d $tmp/root/usr/lib/modules ]]; then
	ln -s usr/lib "$tmp/root/lib"
fi
for img in "boot/vmlinuz-$abi" "lib/modules/$abi/vmlinuz.unsigned" "lib/modules/$abi/vmlinuz" ''; do
	[[ -z $img || ! -f $tmp/root/$img ]] || break
done
[[ -n $img ]] || die "no vmlinuz for $abi in the image packages"
ln -s "root/$img" "$tmp/vmlinuz"
[[ -d $tmp/root/lib/modules/$abi ]] || die "no lib/modules/$abi in the image packages"
depmod -b "$tmp/root" "$abi"

if [[ -n $chroot ]]; then
	# Modules are built in the chroot, with the headers, kbuild tools and
	# compiler (linux-compiler-gcc-N) that its apt installs there.
	log "installing linux-headers-$abi in the $chroot chroot"
	apt_in apt-get -q -y -o Dpkg::Use-Pty=0 install --no-install-recommends \
		"linux-headers-$abi" >/dev/null
	echo "$chroot" >"$tmp/chroot"
	ln -s "$chroot_dir/usr/src/linux-headers-$abi" "$tmp/kdir"
else
	# The headers' Makefile includes the -common tree by absolute /usr/src path;
	# make it relative to the Makefile itself so the cache works anywhere.
	hdr=$tmp/root/usr/src/linux-headers-$abi
	# shellcheck disable=SC2016 # $(...) is make's, written verbatim
	sed -i -E 's#^include /usr/src/([^/]+)/Makefile$#include $(dir $(realpath $(lastword $(MAKEFILE_LIST))))../\1/Makefile#' "$hdr/Makefile"
	if grep -q '^include /' "$hdr/Makefile"; then
		die "unexpected absolute include left in $hdr/Makefile"
	fi
	# Older headers name the compiler they were built with (5.10: gcc-10);
	# Debian 12 has gcc 12, which builds modules for them fine.
	if cc=$(grep -oE 'gcc-[0-9]+' "$hdr/.kernelvariables" | head -n 1) && ! command -v "$cc" >/dev/null; then
		log "headers want $cc, which is not installed: using gcc"
		sed -i "s/\\b$cc\\b/gcc/" "$hdr/.kernelvariables"
	fi
	ln -s "root/usr/src/linux-headers-$abi" "$tmp/kdir"
fi
# lib/modules/ABI/{build,source} point at /usr/src absolutely: relink inside.
for l in build source; do
	if [[ -L $tmp/root/lib/modules/$abi/$l ]]; then
		ln -sfn "../../../usr/src/linux-headers-$abi" "$tmp/root/lib/modules/$abi/$l"
	fi
done

# Prove kdir builds a module before calling the cache complete.
hello=$(mktemp -d)
printf '%s\n' '#include <linux/module.h>' 'static int __init h_init(void) { return 0; }' \
	'static void __exit h_exit(void) { }' 'module_init(h_init);' 'module_exit(h_exit);' \
	'MODULE_LICENSE("GPL");' >"$hello/hello.c"
echo 'obj-m := hello.o' >"$hello/Kbuild"
if ! "$here/kbuild.sh" "$tmp" "$hello" >"$hello/log" 2>&1 || [[ ! -f $hello/hello.ko ]]; then
	cat "$hello/log" >&2
	die "a trivial module does not build against $tmp/kdir"
fi
rm -rf "$hello"

build_initrd "$tmp"
touch "$tmp/.complete"
rm -rf "$dest"
mv "$tmp" "$dest"
log "ready: $abi${chroot:+ ($(<"$dest/version"), built in the $chroot chroot)} in $dest"
echo "$dest"
