#!/usr/bin/env bash
# Host checks of the packaging (no kernel needed): make install/uninstall
# into a DESTDIR, the man page, dkms.conf, and the two .deb packages that
# packaging/mkdeb.sh builds. One "ok - NAME" / "not ok - NAME" line each
# (tests/run.sh counts them); details of a failure indented below it.
# tests/guest/t-dkms.sh installs the packages for real in a guest.
#   usage: tests/packaging.sh      (needs user/fgprof built: make tool)
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# any GREP-ARGS: as in tests/guest/lib.sh (grep -q under pipefail can
# fail a pipeline whose writer it cut off).
any() {
	grep "$@" >/dev/null
}
failed=0

check() {	# check NAME COMMAND...: ok if COMMAND succeeds; its output if not
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		echo "ok - $name"
	else
		echo "not ok - $name"
		printf '%s\n' "$out" | sed 's/^/    /'
		failed=1
	fi
}

# Every regular file and symlink under DIR, relative, sorted.
files() { (cd "$1" && find . ! -type d | sed 's|^\./||' | LC_ALL=C sort); }

version=$(sed -nE 's/^#define FGPROF_RELEASE[[:space:]]+"([^"]+)"/\1/p' include/fgprof.h)

# --- make install / uninstall ----------------------------------------------
# A stand-in module and an explicit KVER: the Makefile's logic is what is
# tested, not a kernel build.
dest=$tmp/dest
echo 'not a module' >"$tmp/fake.ko"
install_files() {
	make -s --no-print-directory install DESTDIR="$dest" PREFIX=/usr \
		KO="$tmp/fake.ko" KVER=0.0.0-test || return 1
	local want
	want=$(printf '%s\n' lib/modules/0.0.0-test/extra/fgprof.ko usr/bin/fgprof \
		usr/share/doc/fgprof/examples/60-fgprof.rules \
		usr/share/doc/fgprof/examples/fgprof.conf \
		usr/share/man/man1/fgprof.1 | LC_ALL=C sort)
	[ "$(files "$dest")" = "$want" ] ||
		{ echo "installed:"; files "$dest"; echo "expected:"; echo "$want"; return 1; }
	[ -x "$dest/usr/bin/fgprof" ] || { echo "usr/bin/fgprof not executable"; return 1; }
	cmp user/fgprof "$dest/usr/bin/fgprof" || return 1
	"$dest/usr/bin/fgprof" --version | any "$version"
}
check "make install DESTDIR PREFIX=/usr: tool, man page, examples, module in extra/" install_files

uninstall_files() {
	make -s --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr KVER=0.0.0-test || return 1
	[ -z "$(files "$dest")" ] || { echo "left behind:"; files "$dest"; return 1; }
	[ ! -e "$dest/usr/share/doc/fgprof" ] || { echo "doc dir left behind"; return 1; }
}
check "make uninstall DESTDIR removes every file install put there" uninstall_files

prefix_local() {
	make -s --no-print-directory install-tool DESTDIR="$tmp/loc" || return 1
	[ -x "$tmp/loc/usr/local/bin/fgprof" ] && [ -f "$tmp/loc/usr/local/share/man/man1/fgprof.1" ]
}
check "make install-tool: PREFIX defaults to /usr/local" prefix_local

# KVER from the module's vermagic, when a module was built in the tree.
if [ -f fgprof.ko ]; then
	kver_auto() {
		local k
		k=$(modinfo -F vermagic fgprof.ko | cut -d' ' -f1)
		make -s --no-print-directory install-module DESTDIR="$tmp/mod" || return 1
		[ -f "$tmp/mod/lib/modules/$k/extra/fgprof.ko" ] ||
			{ echo "not in lib/modules/$k/extra:"; files "$tmp/mod"; return 1; }
	}
	check "make install-module: KVER from fgprof.ko's vermagic" kver_auto
fi

no_module() {
	if make -s --no-print-directory install-module DESTDIR="$tmp/none" KO="$tmp/missing.ko" 2>&1; then
		echo "install-module succeeded without a module"
		return 1
	fi
}
check "make install-module refuses without a built module" no_module

# --- man page ----------------------------------------------------------------
man_clean() {
	local w
	w=$(groff -man -ww -z packaging/fgprof.1 2>&1) || return 1
	[ -z "$w" ] || { echo "$w"; return 1; }
	w=$(MANWIDTH=80 man --warnings -l packaging/fgprof.1 2>&1 >/dev/null) || return 1
	[ -z "$w" ] || { echo "$w"; return 1; }
	# Every command and the record options users reach for first.
	local body
	body=$(MANWIDTH=200 man -l packaging/fgprof.1 2>/dev/null)
	for s in 'fgprof record' 'fgprof report' 'fgprof diff' 'fgprof stats' \
		'fgprof status' -- --off-cpu --wall --format --time-range; do
		grep -qF -- "$s" <<<"$body" || { echo "man page lacks '$s'"; return 1; }
	done
}
check "man -l packaging/fgprof.1 renders without warnings (groff -ww)" man_clean

# --- dkms.conf ---------------------------------------------------------------
dkms_conf() {
	# dkms sources the file in bash with these variables set.
	(
		kernel_source_dir=/K dkms_tree=/T
		# shellcheck disable=SC1091
		. ./dkms.conf
		[ "$PACKAGE_NAME" = fgprof ] || { echo "PACKAGE_NAME $PACKAGE_NAME"; exit 1; }
		[ "$PACKAGE_VERSION" = "$version" ] ||
			{ echo "PACKAGE_VERSION $PACKAGE_VERSION, fgprof.h says $version"; exit 1; }
		[ "${BUILT_MODULE_NAME[0]}" = fgprof ] || exit 1
		[ "$AUTOINSTALL" = yes ] || { echo "AUTOINSTALL not yes"; exit 1; }
		[ "${MAKE[0]}" = "make -C /K M=/T/fgprof/$version/build modules" ] ||
			{ echo "MAKE: ${MAKE[0]}"; exit 1; }
		uname -r | grep -Eq "$BUILD_EXCLUSIVE_KERNEL" || true
		for k in 5.8.0 5.10.0-32-amd64 6.1.0-56-amd64 6.12.117+deb12-amd64; do
			[[ $k =~ $BUILD_EXCLUSIVE_KERNEL ]] || { echo "$k excluded"; exit 1; }
		done
		for k in 4.19.0-27-amd64 5.4.0 5.7.19; do
			[[ ! $k =~ $BUILD_EXCLUSIVE_KERNEL ]] || { echo "$k not excluded"; exit 1; }
		done
	)
}
check "dkms.conf: version = FGPROF_RELEASE, AUTOINSTALL, MAKE, kernels 5.8+" dkms_conf

# --- Debian packages ---------------------------------------------------------
debs=()
build_debs() {
	local list
	list=$(packaging/mkdeb.sh "$tmp/deb") || return 1
	mapfile -t debs <<<"$list"
	[ ${#debs[@]} -eq 2 ] || { echo "made: $list"; return 1; }
}
check "packaging/mkdeb.sh builds two packages" build_debs

# field DEB NAME
field() { dpkg-deb -f "$1" "$2"; }
deb_dkms() {
	local d=$tmp/deb/fgprof-dkms_${version}-1_all.deb c s
	[ -f "$d" ] || { echo "no $d"; return 1; }
	[ "$(field "$d" Architecture)" = all ] || return 1
	field "$d" Depends | any '^dkms' || { echo "Depends: $(field "$d" Depends)"; return 1; }
	c=$(dpkg-deb -c "$d" | awk '{ print $6 }' | sed 's|^\./||')
	s=usr/src/fgprof-$version
	for f in "$s/dkms.conf" "$s/Kbuild" "$s/kmod/main.c" "$s/kmod/compat.h" \
		"$s/include/fgprof.h" usr/share/doc/fgprof-dkms/copyright; do
		grep -qxF "$f" <<<"$c" || { echo "missing $f"; return 1; }
	done
	# Every source Kbuild names is there, and no build product.
	for o in $(sed -n 's/\\$//; s/^\(fgprof-y :=\|\t\)//p' Kbuild | tr ' ' '\n' | grep '\.o$'); do
		grep -qxF "$s/${o%.o}.c" <<<"$c" || { echo "missing $s/${o%.o}.c"; return 1; }
	done
	if grep -E '\.(o|ko|cmd|mod|mod\.c)$' <<<"$c"; then echo "build products packaged"; return 1; fi
	dpkg-deb --ctrl-tarfile "$d" | tar -t | any -x './postinst' || { echo "no postinst"; return 1; }
	dpkg-deb --ctrl-tarfile "$d" | tar -xO ./postinst | any 'common.postinst fgprof' ||
		{ echo "postinst does not run dkms"; return 1; }
	dpkg-deb --ctrl-tarfile "$d" | tar -xO ./prerm | any 'dkms remove -m fgprof' ||
		{ echo "prerm does not run dkms remove"; return 1; }
}
check "fgprof-dkms: sources + dkms.conf in /usr/src/fgprof-VERSION, depends on dkms" deb_dkms

deb_tool() {
	local d c
	d=$(ls "$tmp"/deb/fgprof_"${version}"-1_*.deb) || return 1
	[ "$(field "$d" Architecture)" = "$(dpkg --print-architecture)" ] || return 1
	field "$d" Depends | any 'libdw1' || { echo "Depends: $(field "$d" Depends)"; return 1; }
	c=$(dpkg-deb -c "$d" | awk '{ print $1, $6 }')
	for f in '-rwxr-xr-x ./usr/bin/fgprof' '-rw-r--r-- ./usr/share/man/man1/fgprof.1.gz' \
		'-rw-r--r-- ./usr/share/doc/fgprof/copyright' \
		'-rw-r--r-- ./usr/share/doc/fgprof/examples/60-fgprof.rules' \
		'-rw-r--r-- ./usr/share/doc/fgprof/examples/fgprof.conf'; do
		grep -qxF -- "$f" <<<"$c" || { echo "missing $f"; echo "$c"; return 1; }
	done
	# Owned by root whoever built it.
	dpkg-deb -c "$d" | awk '$2 != "root/root" { print; bad = 1 } END { exit bad }'
}
check "fgprof: the tool, man page, examples; shared-library Depends" deb_tool

if command -v lintian >/dev/null; then
	check "lintian: no errors" lintian --fail-on error "$tmp"/deb/*.deb
fi

exit $failed
