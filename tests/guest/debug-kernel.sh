#!/bin/bash
# Build the `6.1-debug` guest kernel: Debian's linux-source-6.1 with KASAN,
# lockdep, DEBUG_ATOMIC_SLEEP and kmemleak, which none of Debian's packaged
# kernels has.  kernel.sh calls this for NAME 6.1-debug; it can also be run
# by hand (e.g. to resume an interrupted build):
#
#   tests/guest/debug-kernel.sh DEST      DEST: the kernel's cache directory
#
# Fills DEST the way kernel.sh lays out a downloaded kernel:
#   src/      the built source tree (in-tree build; it is also the kdir)
#   kdir      -> src: `make -C kdir M=DIR modules` builds against it
#   vmlinuz   -> src/arch/x86/boot/bzImage
#   abi       its release string
#   root/     lib/modules/ABI (modules.builtin, for kernel.sh's initrd)
#   timeout-scale  how much slower than Debian's 6.1 it runs (boot.sh)
# The config is x86_64 defconfig plus the fragment below, with everything the
# guest needs built in (virtio, 9p, overlay), so the initrd carries no module.
# Slow (about 20 minutes on 2 cores), so it runs niced and is incremental:
# an interrupted run continues where make stopped, and a finished one is
# skipped while this script (which holds the config) is unchanged.
set -euo pipefail

dest=${1:?usage: debug-kernel.sh DEST}
src=$dest/src
log() { echo "debug-kernel.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

# What the guest and the tests need, and the debug options.  One option a
# line: NAME=VALUE as in .config (y, n, a number or a "string").
fragment() {
	cat <<-'EOF'
	# The checkers: what `make test-debug` is for.
	KASAN=y
	KASAN_GENERIC=y
	KASAN_INLINE=y
	KASAN_OUTLINE=n
	KASAN_VMALLOC=y
	PROVE_LOCKING=y
	DEBUG_ATOMIC_SLEEP=y
	DEBUG_KMEMLEAK=y
	DEBUG_KMEMLEAK_DEFAULT_OFF=n
	# No scans behind our back: kmemleak.sh scans once the tests are done
	# and tells fgprof's leaks from the kernel's own.
	DEBUG_KMEMLEAK_AUTO_SCAN=n
	DEBUG_LIST=y
	# Full preemption: more places where sleeping in atomic context shows.
	PREEMPT=y
	PREEMPT_NONE=n
	PREEMPT_VOLUNTARY=n
	# Module loading as Debian's kernels do: unsigned modules load.
	MODULES=y
	MODULE_UNLOAD=y
	MODULE_SIG=n
	MODVERSIONS=y
	# defconfig's -Werror would also apply to our out-of-tree module.
	WERROR=n
	# fgprof's kernel stacks and symbols.
	UNWINDER_ORC=y
	UNWINDER_FRAME_POINTER=n
	KALLSYMS=y
	KALLSYMS_ALL=y
	# No DWARF: the build stays short (ORC needs none).
	DEBUG_INFO_NONE=y
	DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT=n
	DEBUG_INFO_DWARF4=n
	DEBUG_INFO_DWARF5=n
	# Boot: initramfs, serial console, devtmpfs.
	BLK_DEV_INITRD=y
	RD_GZIP=y
	SERIAL_8250=y
	SERIAL_8250_CONSOLE=y
	DEVTMPFS=y
	TMPFS=y
	# The host's root over 9p on virtio, and the /tmp overlay: built in.
	PCI=y
	VIRTIO_MENU=y
	VIRTIO=y
	VIRTIO_PCI=y
	NET=y
	NET_9P=y
	NET_9P_VIRTIO=y
	9P_FS=y
	9P_FS_POSIX_ACL=y
	OVERLAY_FS=y
	# What the tests use: perf events, tracepoints (sched, syscalls),
	# kprobes/uprobes, cgroup v2, CPU hotplug, debugfs (kmemleak's file).
	PERF_EVENTS=y
	FTRACE=y
	FUNCTION_TRACER=y
	FTRACE_SYSCALLS=y
	KPROBES=y
	KPROBE_EVENTS=y
	UPROBES=y
	UPROBE_EVENTS=y
	CGROUPS=y
	CGROUP_PERF=y
	CGROUP_SCHED=y
	MEMCG=y
	SMP=y
	HOTPLUG_CPU=y
	DEBUG_FS=y
	IKCONFIG=y
	IKCONFIG_PROC=y
	SCHEDSTATS=y
	TASK_DELAY_ACCT=y
	# t-block's device: a module, as in Debian, for its parameters.
	CONFIGFS_FS=y
	BLK_DEV_NULL_BLK=m
	LOCALVERSION="-fgprof-debug"
	LOCALVERSION_AUTO=n
	EOF
}
# Rebuild (incrementally) when the fragment or this script changes.
stamp=$(md5sum <"${BASH_SOURCE[0]}")
if [[ -f $dest/.built && $(<"$dest/.built") == "$stamp" ]]; then
	exit 0
fi

# Build dependencies (idempotent, like tests/deps.sh: no apt when present).
need=(linux-source-6.1 bc bison flex libssl-dev libelf-dev cpio xz-utils kmod)
missing=()
for p in "${need[@]}"; do
	st=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	[[ $st == ii* ]] || missing+=("$p")
done
if ((${#missing[@]})); then
	log "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=900 \
		-o Dpkg::Use-Pty=0 install --no-install-recommends "${missing[@]}" >/dev/null
fi

mkdir -p "$dest"
if [[ ! -f $src/.unpacked ]]; then
	tarballs=(/usr/src/linux-source-6.1.tar.*)
	tarball=${tarballs[0]}
	[[ -f $tarball ]] || die "linux-source-6.1 installed no /usr/src/linux-source-6.1.tar.*"
	log "unpacking $tarball"
	rm -rf "$src" "$dest/.src.tmp"
	mkdir -p "$dest/.src.tmp"
	tar -xf "$tarball" -C "$dest/.src.tmp" --strip-components=1
	mv "$dest/.src.tmp" "$src"
	touch "$src/.unpacked"
fi

# defconfig, then the fragment through scripts/config, then olddefconfig
# resolves what the fragment implies.  Written only when it differs, so
# an unchanged config does not make make rebuild anything.
cfg=$dest/.config.new
make -s -C "$src" KCONFIG_CONFIG="$cfg" defconfig >/dev/null
args=()
while IFS='=' read -r k v; do
	[[ -z $k || $k == \#* ]] && continue
	case $v in
	y) args+=(--enable "$k") ;;
	n) args+=(--disable "$k") ;;
	\"*) v=${v#\"}; args+=(--set-str "$k" "${v%\"}") ;;
	*) args+=(--set-val "$k" "$v") ;;
	esac
done < <(fragment | sed 's/^[[:space:]]*//')
"$src/scripts/config" --file "$cfg" "${args[@]}"
make -s -C "$src" KCONFIG_CONFIG="$cfg" olddefconfig >/dev/null
# Every =y and =m of the fragment must have survived olddefconfig (a missing
# dependency silently drops an option).
while IFS='=' read -r k v; do
	[[ -z $k || $k == \#* || ($v != y && $v != m) ]] && continue
	grep -qx "CONFIG_$k=$v" "$cfg" || die "CONFIG_$k=$v did not survive olddefconfig"
done < <(fragment | sed 's/^[[:space:]]*//')
if ! cmp -s "$cfg" "$src/.config"; then
	log "config changed: writing $src/.config"
	cp "$cfg" "$src/.config"
fi
rm -f "$cfg" "$cfg.old"

log "building in $src (nice -n 19 make -j2; log in $dest/build.log)"
t0=$(date +%s)
if ! nice -n 19 make -C "$src" -j2 bzImage modules >"$dest/build.log" 2>&1; then
	tail -n 30 "$dest/build.log" >&2
	die "kernel build failed (whole log: $dest/build.log)"
fi
log "built in $(($(date +%s) - t0)) s"
# Only now: kernelrelease reads the LOCALVERSION the build put in auto.conf.
abi=$(make -s -C "$src" kernelrelease)

# lib/modules/ABI for kernel.sh's initrd (modprobe finds virtio, 9p and
# overlay in modules.builtin and packs nothing).
rm -rf "$dest/root"
make -s -C "$src" INSTALL_MOD_PATH="$dest/root" INSTALL_MOD_STRIP=1 \
	DEPMOD=/sbin/depmod modules_install >/dev/null
rm -f "$dest/root/lib/modules/$abi/build" "$dest/root/lib/modules/$abi/source"
ln -s ../../../../src "$dest/root/lib/modules/$abi/build"
echo "$abi" >"$dest/abi"
ln -sfn src/arch/x86/boot/bzImage "$dest/vmlinuz"
ln -sfn src "$dest/kdir"
# boot.sh multiplies the guest's timeouts by this: KASAN, lockdep and
# kmemleak make this kernel that much slower under emulation (measured:
# t-load 21 s vs 3 s, t-reload 148 s vs 17 s on Debian's 6.1).
echo 8 >"$dest/timeout-scale"
echo "$stamp" >"$dest/.built"
log "ready: $abi"
