# Containers: workloads in their own mount and PID namespaces whose root
# is an overlay (lower: the host's root, upper: a tmpfs), chrooted, as
# Docker runs them (the overlay mounted in the host's namespace, under
# its data directory), profiled from outside: on-CPU with
# short-lived processes (named from the module's in-process mapping
# capture, whose ids are the overlay layer's), off-CPU, --alloc on the
# libc of a container process (opened through /proc/PID/map_files: an overlay
# file, probed on its layer's inode) and unwinding by tables. Each is
# named as on the host.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

# The repository's own binaries: the container sees the host's root, and
# so the same paths (private copies in the guest's /tmp would not be).
# Quoted: it goes into the commands the container's sh runs, and a
# checkout's path may hold a space.
R=$(printf %q "$PWD/tests/progs")
ct=$(mktemp -d /tmp/ct.XXXXXX)
mkdir -p "$ct/rw" "$ct/root"
mount -t tmpfs ct-rw "$ct/rw"
mkdir -p "$ct/rw/upper" "$ct/rw/work"
mount -t overlay ct -o "lowerdir=/,upperdir=$ct/rw/upper,workdir=$ct/rw/work" \
	"$ct/root" || fail "cannot mount the container's overlay root"
cleanup() {
	umount "$ct/root" 2>/dev/null || true
	umount "$ct/rw" 2>/dev/null || true
}
trap cleanup EXIT

# in_ct CMD: sh -c CMD in a new container on that root; a script, for
# record to run. A file the container writes at /X shows at $ct/root/X.
in_ct=$ct/in_ct
cat >"$in_ct" <<EOS
#!/bin/sh
exec unshare --mount --pid --fork sh -c '
	set -e
	mount -t proc proc $ct/root/proc
	mount -t tmpfs tmp $ct/root/tmp
	exec chroot $ct/root /bin/sh -c "\$1"' sh "\$1"
EOS
chmod +x "$in_ct"

load
"$in_ct" 'grep -q " / overlay " /proc/mounts' ||
	fail "the container's root is not an overlay: $("$in_ct" 'cat /proc/mounts' 2>&1)"

# On-CPU: hot_ab (3:1 between hot_a and hot_b), then 12 five_hot runs of
# 0.15 s, each gone before record reads /proc.
loop="i=0; while [ \$i -lt 12 ]; do $R/five_hot 0.15; i=\$((i + 1)); done"
"$FGPROF" record -o /tmp/ct-on.data -a -F 999 -- "$in_ct" "$R/hot_ab 2; $loop" \
	2>/tmp/ct-on.err || fail "record exited $?: $(cat /tmp/ct-on.err)"
cat /tmp/ct-on.err
folded /tmp/ct-on.data >/tmp/ct-on.folded
# hot_ab: no user frame left unnamed ([unknown], FILE+0x...; the vDSO
# is not named anywhere), and its 3:1 split between hot_a and hot_b.
hot=$(samples_matching '^hot_ab;' </tmp/ct-on.folded)
unres=$(awk '/^hot_ab;/ && !/\[vdso\]/ && /\[unknown\]|\+0x[0-9a-f]+(;| )/ { n += $NF }
	END { print n + 0 }' /tmp/ct-on.folded)
a=$(samples_matching '^hot_ab;.*;main;hot_a;spin [0-9]+$' </tmp/ct-on.folded)
b=$(samples_matching '^hot_ab;.*;main;hot_b;spin [0-9]+$' </tmp/ct-on.folded)
figure container_hot_ab_unresolved_pct "$(pct "$unres" "$hot")"
figure container_hot_a_pct "$(pct "$a" "$((a + b))")"
at_least "$hot" 200 || fail "only $hot samples of hot_ab in the container"
ratio_at_least "$((hot - unres))" "$hot" 95 || {
	keep_in_log /tmp/ct-on.folded /tmp/ct-on.data
	fail "$unres of $hot hot_ab samples have unnamed user frames"
}
within "$(pct "$a" "$((a + b))")" 75 10 ||
	fail "hot_a has $(pct "$a" "$((a + b))") % of main;hot_[ab];spin, expected 75 +- 10"

# five_hot as t-shortlived judges it: of the samples that could name the
# program (not in execve, not in the vDSO), >= 90 % do.
read -r mine unres total <<<"$(awk '/^five_hot;/ {
	t += $NF
	if ($0 ~ /;(main|leaf_[a-z]+)(;| )/) o += $NF
	else if ($0 ~ /_sys_execve|\[vdso\]/) next
	else if ($0 ~ /\[unknown\]|\+0x[0-9a-f]+(;| )/) u += $NF
} END { print o + 0, u + 0, t + 0 }' /tmp/ct-on.folded)"
figure container_shortlived_own_pct "$(pct "$mine" "$((mine + unres))")"
at_least "$total" 50 || fail "only $total samples of five_hot"
ratio_at_least "$mine" "$((mine + unres))" 90 || {
	keep_in_log /tmp/ct-on.folded
	fail "$mine five_hot samples name its code, $unres unresolved (< 90 %)"
}
# Mappings of the moments between unshare and chroot name paths of the
# new namespace (/host/... here) that no root of ours reaches: counted,
# not judged (the workloads' names are, above).
skipped=$(sed -nE 's/.*\(([0-9]+) mappings skipped: file changed since\).*/\1/p' /tmp/ct-on.err)
figure container_mappings_skipped "${skipped:-missing}"

# Off-CPU: offcpu_sleep's 2.0 s in sleep_here (by its own clock: a
# starved guest wakes late), all of it under main;sleep_here.
"$FGPROF" record -o /tmp/ct-off.data -a --off-cpu -- "$in_ct" "$R/offcpu_sleep" \
	>/tmp/ct-off.own 2>/tmp/ct-off.err || fail "record --off-cpu exited $?: $(cat /tmp/ct-off.err)"
folded /tmp/ct-off.data >/tmp/ct-off.folded
all_ns=$(samples_matching '^offcpu_sleep;.*sleep_here' </tmp/ct-off.folded)
sleep_ns=$(samples_matching '^offcpu_sleep;.*main;sleep_here;' </tmp/ct-off.folded)
figure container_offcpu_sleep_ms "$(awk -v n="$sleep_ns" 'BEGIN { printf "%.1f", n / 1e6 }')"
own=$(own_ns /tmp/ct-off.own sleep_here)
within_pct "$sleep_ns" "$own" 5 ||
	fail "main;sleep_here blocked $sleep_ns ns in the container, expected its own $own ns +- 5 %"
ratio_at_least "$sleep_ns" "$all_ns" 99 ||
	fail "of sleep_here's $all_ns ns, only $sleep_ns are under main;sleep_here"

# --alloc -p: the libc of a process in the container, the mapped file. The process waits on a FIFO, then becomes alloc_sites (exec: the
# same pid) once the probes are in.
mkfifo "$ct/root/go"
"$in_ct" "echo ready >/ready; read x </go; exec $R/alloc_sites" &
box=$!
end=$((SECONDS + $(scaled 20)))
until [ -f "$ct/root/ready" ]; do
	[ $SECONDS -lt $end ] || fail "the container never started"
	sleep 0.1
done
pid=$(pgrep -f '^/bin/sh -c echo ready') || fail "no process in the container"
"$FGPROF" record -o /tmp/ct-alloc.data -p "$pid" -d 600 --alloc 2>/tmp/ct-alloc.err &
rec=$!
until any -E '^fgprof: --alloc: [0-9]+ probes on' </tmp/ct-alloc.err; do
	kill -0 $rec 2>/dev/null || fail "record --alloc -p died: $(cat /tmp/ct-alloc.err)"
	[ $SECONDS -lt $((end + $(scaled 20))) ] ||
		fail "record --alloc never placed its probes: $(cat /tmp/ct-alloc.err)"
	sleep 0.1
done
echo go >"$ct/root/go"
wait $box || fail "the container's alloc_sites exited $?"
kill -TERM $rec
wait $rec || fail "record --alloc -p exited $?: $(cat /tmp/ct-alloc.err)"
cat /tmp/ct-alloc.err
any "probes on /proc/$pid/map_files/" </tmp/ct-alloc.err ||
	fail "the probes are not on the container's libc"
folded /tmp/ct-alloc.data >/tmp/ct-alloc.folded
expect_eq "$(samples_matching 'main;site_a;[^;]*malloc [0-9]+$' </tmp/ct-alloc.folded)" \
	4096000 "site_a bytes in the container"

# Unwinding by tables: a frameless 20-deep chain reaches main.
"$FGPROF" record -o /tmp/ct-cfi.data -a -F 999 --user-unwind=tables -- \
	"$in_ct" "$R/nofp/chain 3 2" 2>/tmp/ct-cfi.err ||
	fail "record --user-unwind=tables exited $?: $(cat /tmp/ct-cfi.err)"
folded /tmp/ct-cfi.data --user-only >/tmp/ct-cfi.folded
all=$(leaf_samples '^l20$' '' </tmp/ct-cfi.folded)
reach=$(leaf_samples '^l20$' ';main;c01;' </tmp/ct-cfi.folded)
figure container_cfi_reach_pct "$(pct "$reach" "$all")"
at_least "$all" 100 || fail "only $all samples in l20"
ratio_at_least "$reach" "$all" 95 || fail "$reach of $all l20 samples reach main by tables"
unload
