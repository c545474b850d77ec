# DKMS and the Debian packages, for real: packaging/mkdeb.sh builds
# fgprof-dkms and fgprof from this tree, dpkg -i installs them (fgprof-dkms's
# postinst runs dkms add/build/install for the running kernel), modprobe
# loads the module with the modprobe.d example's mode, the packaged tool
# talks to it, and dpkg -r (prerm: dkms remove --all) leaves nothing behind.
#
# The guest's root is the host's, read-only: the test makes /usr, /var and
# /etc writable with tmpfs-backed overlays in a mount namespace of its own
# (gone when it exits, so later tests see the plain tree), and gives dkms
# the guest kernel's modules and headers from tests/guest/kernel.sh's cache
# as /lib/modules/$(uname -r). The build runs under emulation: minutes.
# timeout: 1500
. tests/guest/lib.sh

if [ -z "${FGPROF_DKMS_NS:-}" ]; then
	FGPROF_DKMS_NS=1 exec unshare --mount --propagation private bash "$0" "$@"
fi

# The steps' output and times also in the out dir (run-tests.sh shows a
# test's log only when it fails).
[ -z "${FGPROF_OUT:-}" ] || exec > >(tee "$FGPROF_OUT/t-dkms.log") 2>&1

abi=$(uname -r)
kd=
for f in /var/cache/fgprof/kernels/*/abi; do
	[ "$(cat "$f")" = "$abi" ] && kd=$(dirname "$f") && break
done
[ -n "$kd" ] || fail "no kernel cache for $abi under /var/cache/fgprof/kernels"
version=$(sed -nE 's/^#define FGPROF_RELEASE[[:space:]]+"([^"]+)"/\1/p' include/fgprof.h)

step() { echo "== $(date +%T) $*"; }

step "make deb (packaging/mkdeb.sh)"
debdir=${FGPROF_OUT:-/tmp}/deb
rm -rf "$debdir"
mapfile -t debs < <(packaging/mkdeb.sh "$debdir") || fail "mkdeb.sh failed"
[ ${#debs[@]} -eq 2 ] || fail "mkdeb.sh made ${#debs[@]} packages: ${debs[*]}"
ls -l "${debs[@]}"

step "writable /usr /var /etc and /lib/modules/$abi"
rw=/run/fgprof-dkms
mkdir -p $rw
mount -t tmpfs -o mode=755 tmpfs $rw
overlay() {	# overlay DIR LOWER: DIR shows LOWER, writes go to the tmpfs
	local n
	n=$(echo "$1" | tr / _)
	mkdir -p "$rw/$n/u" "$rw/$n/w"
	mount -t overlay overlay -o "lowerdir=$2,upperdir=$rw/$n/u,workdir=$rw/$n/w" "$1" ||
		fail "cannot overlay $1"
}
overlay /usr /usr
overlay /var /var
overlay /etc /etc
# /lib is /usr/lib (merged /usr): the kernel's modules from the cache, and
# build pointing at its headers, as linux-headers-$abi would have it.
mkdir -p "/usr/lib/modules/$abi"
overlay "/usr/lib/modules/$abi" "$kd/root/lib/modules/$abi"
ln -sfn "$(realpath "$kd/kdir")" "/lib/modules/$abi/build"
[ -f "/lib/modules/$abi/build/Makefile" ] || fail "no headers at /lib/modules/$abi/build"
# man-db's dpkg trigger would re-index every man page under emulation.
rm -f /var/lib/man-db/auto-update

step "modprobe.d: mode=0640 (the example with another mode)"
sed 's/^options fgprof mode=0600$/options fgprof mode=0640/' packaging/fgprof.conf \
	>/etc/modprobe.d/fgprof.conf
grep -q '^options fgprof mode=0640$' /etc/modprobe.d/fgprof.conf || fail "sed of fgprof.conf"

step "dpkg -i (postinst: dkms add, build, install)"
SECONDS=0
export DEBIAN_FRONTEND=noninteractive	# no debconf frontend warnings
if ! dpkg -i "${debs[@]}"; then
	cat /var/lib/dkms/fgprof/*/build/make.log 2>/dev/null | tail -n 40
	fail "dpkg -i failed"
fi
echo "dpkg -i took ${SECONDS}s"
st=$(dkms status fgprof)
echo "dkms status: $st"
expect_match "$st" "^fgprof/$version, $abi, x86_64: installed"
ko=/lib/modules/$abi/updates/dkms/fgprof.ko
[ -f "$ko" ] || fail "no $ko"
expect_eq "$(modinfo -k "$abi" -F filename fgprof)" "$ko" "modinfo filename"
expect_eq "$(modinfo -F version "$ko")" "$version" "module version"
# dkms signs with its own key (generated on first use) with the headers'
# sign-file: that key is what a Secure Boot user enrolls as a MOK (README).
[ -f /var/lib/dkms/mok.pub ] || fail "dkms made no /var/lib/dkms/mok.pub"
echo "signed by: $(modinfo -F signer "$ko")"
expect_match "$(modinfo -F signer "$ko")" "DKMS module signing key"
[ -x /usr/bin/fgprof ] || fail "no /usr/bin/fgprof"
[ -f /usr/share/man/man1/fgprof.1.gz ] || fail "no man page"

step "modprobe fgprof"
modprobe fgprof || fail "modprobe fgprof"
[ -c $DEV ] || fail "$DEV missing after modprobe"
expect_eq "$(stat -c %a $DEV)" "640" "mode from /etc/modprobe.d/fgprof.conf"
out=$(/usr/bin/fgprof status) || fail "fgprof status: $out"
echo "$out"
expect_match "$out" "$version"
expect_match "$out" "idle"
/usr/bin/fgprof record -q -F 199 -o /tmp/dkms.data -- "$PROGS/hot_ab" 1 >/dev/null ||
	fail "fgprof record"
/usr/bin/fgprof report -i /tmp/dkms.data >/tmp/dkms.folded || fail "fgprof report"
head -n 3 /tmp/dkms.folded
[ -s /tmp/dkms.folded ] || fail "empty report"
rmmod fgprof || fail "rmmod fgprof"

step "dpkg -r (prerm: dkms remove --all)"
dpkg -r fgprof fgprof-dkms || fail "dpkg -r failed"
[ ! -e "$ko" ] || fail "$ko left behind"
[ ! -e /var/lib/dkms/fgprof ] || fail "/var/lib/dkms/fgprof left behind"
[ ! -e "/usr/src/fgprof-$version" ] || fail "/usr/src/fgprof-$version left behind"
[ ! -e /usr/bin/fgprof ] || fail "/usr/bin/fgprof left behind"
[ -z "$(dkms status fgprof)" ] || fail "dkms still lists fgprof: $(dkms status fgprof)"
if modprobe -n fgprof 2>/dev/null; then
	fail "modprobe still finds fgprof after removal"
fi
step "done"
