#!/bin/bash
# Build fgprof's two Debian packages with dpkg-deb (no debhelper: a hand-made
# DEBIAN/ per package is all these two need, and debhelper would add 16
# packages to the build machine):
#   fgprof-dkms_VERSION-1_all.deb   module sources + dkms.conf in
#                                   /usr/src/fgprof-VERSION; postinst builds
#                                   and installs fgprof.ko through DKMS
#   fgprof_VERSION-1_ARCH.deb       the tool, its man page, the opt-in udev
#                                   rule and modprobe.d example
#   usage: packaging/mkdeb.sh [OUTDIR]    (default build/deb; run by make deb,
#                                          which builds user/fgprof first)
# Prints the two .deb paths. DEB_MAINTAINER overrides the Maintainer field.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/deb}
cd "$top"

version=$(sed -nE 's/^#define FGPROF_RELEASE[[:space:]]+"([^"]+)"/\1/p' include/fgprof.h)
[[ -n $version ]] || { echo "mkdeb.sh: no FGPROF_RELEASE in include/fgprof.h" >&2; exit 1; }
grep -qx "PACKAGE_VERSION=\"$version\"" dkms.conf ||
	{ echo "mkdeb.sh: dkms.conf's PACKAGE_VERSION is not $version" >&2; exit 1; }
[[ -x user/fgprof ]] || { echo "mkdeb.sh: build user/fgprof first (make tool)" >&2; exit 1; }
debver=$version-1
arch=$(dpkg --print-architecture)
maint=${DEB_MAINTAINER:-fgprof developers <fgprof@example.org>}
# Reproducible: file times and the changelog date from the last commit.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export SOURCE_DATE_EPOCH=$epoch

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$out"

# common_docs PKGROOT PKG: copyright and changelog, as Debian policy wants.
common_docs() {
	local doc=$1/usr/share/doc/$2
	install -d "$doc"
	{
		echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
		echo "Upstream-Name: fgprof"
		echo
		echo "Files: *"
		echo "License: GPL-2"
		echo " On Debian systems the full text is in /usr/share/common-licenses/GPL-2."
	} >"$doc/copyright"
	{
		echo "$2 ($debver) unstable; urgency=medium"
		echo
		echo "  * Built from the fgprof tree by packaging/mkdeb.sh."
		echo
		echo " -- $maint  $(date -R -u -d "@$epoch")"
	} | gzip -9n >"$doc/changelog.Debian.gz"
}

# finish PKGROOT: fixed owner-independent modes and times, md5sums, then build.
finish() {
	local root=$1 pkg
	pkg=$(sed -n 's/^Package: //p' "$root/DEBIAN/control")
	(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' |
		LC_ALL=C sort -z | xargs -0r md5sum) >"$root/DEBIAN/md5sums"
	find "$root" -type d -exec chmod 755 {} +
	find "$root" -exec touch -h -d "@$epoch" {} +
	dpkg-deb --root-owner-group -Zxz --build "$root" \
		"$out/${pkg}_${debver}_$(sed -n 's/^Architecture: //p' "$root/DEBIAN/control").deb" >/dev/null
	echo "$out/${pkg}_${debver}_$(sed -n 's/^Architecture: //p' "$root/DEBIAN/control").deb"
}

# --- fgprof-dkms ---------------------------------------------------------
d=$stage/dkms
src=$d/usr/src/fgprof-$version
install -d "$src" "$d/DEBIAN"
install -m 644 dkms.conf Kbuild COPYING "$src/"
cp -r kmod include "$src/"
# Only sources: no objects from a build in the tree.
find "$src" -type f ! -name '*.[ch]' ! -name Kbuild ! -name dkms.conf ! -name COPYING -delete
find "$src" -type f -exec chmod 644 {} +
common_docs "$d" fgprof-dkms
cat >"$d/DEBIAN/control" <<EOF
Package: fgprof-dkms
Version: $debver
Architecture: all
Maintainer: $maint
Depends: dkms (>= 2.8)
Recommends: fgprof (= $debver)
Section: kernel
Priority: optional
Installed-Size: $(du -sk --apparent-size "$d/usr" | cut -f1)
Description: fgprof sampling profiler - kernel module (DKMS)
 The fgprof.ko kernel module's sources, built and installed by DKMS for
 the running kernel and for every kernel installed later. The module
 samples every CPU with perf events, walks kernel (ORC) and user (frame
 pointer) stacks and serves aggregated profiles on /dev/fgprof, which is
 root-only (0600) unless configured otherwise.
 .
 The kernel's headers (linux-headers-*) must be installed. On Secure Boot
 machines the module must be signed with a key enrolled as a MOK.
EOF
# The same steps as debhelper's dh_dkms: dkms's own common.postinst adds,
# builds and installs for the running kernel (and the newest installed);
# prerm removes the module from every kernel.
cat >"$d/DEBIAN/postinst" <<EOF
#!/bin/sh
set -e
case "\$1" in
configure)
	/usr/lib/dkms/common.postinst fgprof $version "" "" "\$2"
	;;
esac
exit 0
EOF
cat >"$d/DEBIAN/prerm" <<EOF
#!/bin/sh
set -e
case "\$1" in
remove|upgrade|deconfigure)
	if [ "\$(dkms status -m fgprof -v $version)" ]; then
		dkms remove -m fgprof -v $version --all
	fi
	;;
esac
exit 0
EOF
chmod 755 "$d/DEBIAN/postinst" "$d/DEBIAN/prerm"
finish "$d"

# --- fgprof ----------------------------------------------------------------
t=$stage/tool
install -d "$t/DEBIAN"
# -o: package the tool as built (make deb builds it first); never rebuild
# it here, where the tree may be read-only (the guest test).
make -s --no-print-directory -o user/fgprof install-tool DESTDIR="$t" PREFIX=/usr \
	DOCDIR=/usr/share/doc/fgprof
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$t/usr/bin/fgprof"
gzip -9n "$t/usr/share/man/man1/fgprof.1"
common_docs "$t" fgprof
# Shared-library dependencies the Debian way: dpkg-shlibdeps reads the
# binary's NEEDED entries and the libraries' shlibs/symbols files; it wants
# a debian/control to exist, so give it a minimal one in a scratch dir.
sd=$stage/shlibdeps
mkdir -p "$sd/debian"
printf 'Source: fgprof\n\nPackage: fgprof\nArchitecture: any\n' >"$sd/debian/control"
deps=$(cd "$sd" && dpkg-shlibdeps -O "$t/usr/bin/fgprof" 2>/dev/null |
	sed -n 's/^shlibs:Depends=//p')
[[ -n $deps ]] || { echo "mkdeb.sh: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
cat >"$t/DEBIAN/control" <<EOF
Package: fgprof
Version: $debver
Architecture: $arch
Maintainer: $maint
Depends: $deps
Recommends: fgprof-dkms (= $debver)
Section: devel
Priority: optional
Installed-Size: $(du -sk --apparent-size "$t/usr" | cut -f1)
Description: fgprof sampling profiler - command-line tool
 fgprof drives the fgprof.ko kernel module (package fgprof-dkms) through
 /dev/fgprof: it records CPU, off-CPU and wall-clock profiles and turns
 them into folded stacks, SVG flame graphs, top tables, pprof, speedscope
 and perf-script exports and heat maps, and compares two profiles.
EOF
finish "$t"
