#!/bin/bash
# Run one command as root inside a QEMU (TCG) guest booting a Debian kernel,
# chrooted into the host's root (read-only 9p), in the current directory.
#
#   tests/guest/boot.sh [--kernel NAME] [--timeout SECS] [--out DIR]
#                       [--mem MB] [--smp N] [--append KERNEL-ARGS] -- COMMAND [ARG...]
#
# NAME as for kernel.sh (default 6.1); timeout 600 s (times the kernel's
# timeout-scale file, if any), or longer when the guest asks: it writes
# SECS to $FGPROF_OUT/.deadline to be allowed SECS more from then (its
# mtime; run-tests.sh: each test's own time limit, which grows with the
# guest's measured speed); out dir default mktemp -d.
# The guest sees the out dir at the same path, writable, also as $FGPROF_OUT;
# the rest of the host's tree is read-only there, except /tmp (the host's,
# with a throw-away tmpfs overlaid) and /run (empty tmpfs).  Env in the
# guest: HOME=/root, TERM=dumb, FGPROF_IN_GUEST=1, FGPROF_OUT,
# FGPROF_GUEST_KERNEL=<uname -r>, FGPROF_TIMEOUT_SCALE.
#
# The console streams to stdout; DIR gets console.log (all of it),
# output.log (the command's stdout+stderr), status, dmesg.txt.
# Exit status: the command's; else 124 on timeout, 125 if the guest died
# without a status or dmesg, 123 if the command succeeded but dmesg shows a
# kernel splat (patterns in tests/guest/dmesg-bad.txt).
# FGPROF_QEMU_ARGS adds qemu options (e.g. to try KVM).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() { sed -n '5,6p' "$0" | sed 's/^#  //' >&2; exit 2; }
say() { echo "boot.sh: $*" >&2; }

kernel=6.1 timeout=600 out='' mem=1024 smp=2 append=''
while (($#)); do
	[[ $1 == -- || $# -ge 2 ]] || usage
	case $1 in
	--kernel)  kernel=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--out)     out=$2; shift 2 ;;
	--mem)     mem=$2; shift 2 ;;
	--smp)     smp=$2; shift 2 ;;
	--append)  append=$2; shift 2 ;;
	--)        shift; break ;;
	*)         usage ;;
	esac
done
(($#)) || usage

# Fetching (or, for 6.1-debug, building) the kernel comes first: other
# guests need not wait for it.
kd=$("$here/kernel.sh" "$kernel")
abi=$(<"$kd/abi")
# A slow kernel (6.1-debug: KASAN and lockdep under emulation) says how
# much slower in its cache; the guest's timeouts, ours and run-tests.sh's
# per test, grow by that factor.
FGPROF_TIMEOUT_SCALE=1
[[ ! -f $kd/timeout-scale ]] || FGPROF_TIMEOUT_SCALE=$(<"$kd/timeout-scale")
timeout=$((timeout * FGPROF_TIMEOUT_SCALE))

# One guest per lock: tests/run.sh gives each of its parallel guests (one
# per core: TCG is one thread) a lock of its own, so that other runs on
# the machine queue behind them rather than add a third guest to two
# cores. The wait is not part of the timeout.
exec 9>"${FGPROF_GUEST_LOCK:-/tmp/fgprof-guest.lock}"
if ! flock -n 9; then
	say "waiting for another guest to finish"
	flock 9
fi

t0=$(date +%s.%N)
command -v qemu-system-x86_64 >/dev/null || "$here/../deps.sh"

out=${out:-$(mktemp -d)}
mkdir -p "$out"
out=$(cd "$out" && pwd -P)
rm -f "$out"/{status,dmesg.txt,output.log,console.log,.started,.deadline,.guest-env,.guest-cmd.sh}

# For the busybox /init: POSIX single quotes (bash's %q is not for ash).
sq() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
cwd=$(pwd -P)
{
	echo "FGPROF_OUT=$(sq "$out")"
	echo "FGPROF_CWD=$(sq "$cwd")"
} >"$out/.guest-env"
# Run by the host's bash inside the chroot.  The guest's env is fixed
# (init's env -i); host settings the tests read are passed on here.
pass_env=(FGPROF_TIMEOUT_SCALE)
{
	for v in "${pass_env[@]}"; do
		[[ ! -v $v ]] || printf 'export %s=%q\n' "$v" "${!v}"
	done
	printf 'cd -- %q || exit 125\nexec' "$cwd"
	printf ' %q' "$@"
	echo
} >"$out/.guest-cmd.sh"

say "kernel $abi, out dir $out"

# watch PID: kill qemu (TERM, then KILL 10 s later) when the guest is
# past both the whole-run cap and the time it last asked for; false then.
watch() {
	local start end asked
	start=$(date +%s)
	while kill -0 "$1" 2>/dev/null; do
		sleep 2
		end=$((start + timeout))
		# Read while the guest rewrites it: empty then, skipped.
		asked=$(cat "$out/.deadline" 2>/dev/null || true)
		if [[ $asked =~ ^[0-9]+$ ]]; then
			asked=$(($(stat -c %Y "$out/.deadline") + asked))
			((asked <= end)) || end=$asked
		fi
		(($(date +%s) > end)) || continue
		kill -TERM "$1" 2>/dev/null || return 1
		for _ in 1 2 3 4 5; do
			sleep 2
			kill -0 "$1" 2>/dev/null || return 1
		done
		kill -KILL "$1" 2>/dev/null
		return 1
	done
}

rc=0
# The serial console goes to stdout live and, whole, to console.log;
# stdin is /dev/null so qemu neither eats the caller's input nor puts a
# terminal in raw mode.  -display none rather than -nographic: with the
# latter SeaBIOS also writes to the serial port (and clears the screen).
# shellcheck disable=SC2086
qemu-system-x86_64 \
	-accel tcg,thread=single -m "$mem" -smp "$smp" -display none -nodefaults -no-reboot \
	-chardev "stdio,id=con,signal=off,logfile=$out/console.log" \
	-serial chardev:con -monitor none \
	-kernel "$kd/vmlinuz" -initrd "$kd/initrd.gz" \
	-append "console=ttyS0 panic=-1 loglevel=4 log_buf_len=4M $append" \
	-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
	-virtfs "local,path=$out,mount_tag=out,security_model=none,multidevs=remap" \
	${FGPROF_QEMU_ARGS:-} </dev/null &
qemu=$!
# Not left running when we are killed.
trap 'kill -KILL "$qemu" 2>/dev/null || true' EXIT
timed_out=0
watch "$qemu" || timed_out=1
wait "$qemu" || rc=$?
trap - EXIT
t1=$(date +%s.%N)

splat() {  # FILE: print its bad lines and the first one's context; false if none
	"$here/splats.sh" "$1" >/dev/null || return 1
	say "kernel splat in $1:"
	"$here/splats.sh" "$1" | tr -d '\r' | head -n 20 >&2
	say "context of the first one:"
	"$here/splats.sh" --context "$1" | tr -d '\r' >&2
}
tail_console() {
	say "last 40 lines of $out/console.log:"
	tail -n 40 "$out/console.log" | tr -d '\r' >&2
}

if ((timed_out)); then
	tail_console
	say "FAIL: guest timed out and was killed (after ${timeout}s or the time its test was allowed: $out/.deadline)"
	exit 124
fi
if [[ ! -s $out/status || ! -f $out/dmesg.txt ]]; then
	splat "$out/console.log" || tail_console
	say "FAIL: guest died without writing its status and dmesg (qemu exit $rc)"
	exit 125
fi
status=$(<"$out/status")
if splat "$out/dmesg.txt"; then
	say "FAIL: kernel splat in dmesg"
	((status != 0)) || status=123
fi

secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
if [[ -f $out/.started ]]; then
	boot=$(secs "$t0" "$(stat -c %.3Y "$out/.started")")
else
	boot='?'
fi
say "$abi: command started after ${boot}s, total $(secs "$t0" "$t1")s, status $status"
exit "$status"
