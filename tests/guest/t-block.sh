# Block I/O by stack, on a null_blk device (blk-mq, no I/O scheduler):
# direct_io moves 3 MiB in read_a()/write_a() and 1 MiB in
# read_b()/write_b() with O_DIRECT.
#  - reads, -e block:block_rq_issue --weight bytes: issued from the
#    reading task, so the bytes split 3:1 within 5 % and add up to 4 MiB
#    within 5 %;
#  - writes, -e block:block_bio_queue --weight nr_sector: queued by the
#    writer, 3:1 within 5 %, 8192 sectors within 5 %;
#  - writes, block_rq_issue machine-wide (-a): 4 MiB within 5 %. 6.1
#    plugs writes to a block device and, when the writer sleeps for the
#    I/O, dispatches them from a kblockd worker (measured: every write
#    request on 6.1 and 6.1-rt, none on 6.12), so block_rq_issue may
#    name the issuing kworker, not the writer: the writer's share is only
#    a figure.
# The guest's root is the host's: null_blk (and configfs) come from the
# guest kernel's modules in tests/guest/kernel.sh's cache.
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

abi=$(uname -r)
kd=
for f in /var/cache/fgprof/kernels/*/abi; do
	[ "$(cat "$f")" = "$abi" ] && kd=$(dirname "$f") && break
done
[ -n "$kd" ] || fail "no kernel cache for $abi under /var/cache/fgprof/kernels"
[ -d /sys/kernel/tracing/events/block/block_rq_issue ] ||
	fail "no block:block_rq_issue tracepoint in /sys/kernel/tracing"

# queue_mode=2: blk-mq; no_sched=1: no elevator, which would dispatch
# reads from a worker too.
modprobe -d "$kd/root" null_blk queue_mode=2 no_sched=1 nr_devices=1 ||
	fail "modprobe null_blk from $kd/root"
trap 'modprobe -d "$kd/root" -r null_blk || true' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
	[ -b /dev/nullb0 ] && break
	sleep 0.2
done
[ -b /dev/nullb0 ] || fail "no /dev/nullb0 after modprobe null_blk"

# io DATA MODE RECORD-ARGS...: records direct_io, checks what it moved.
io() {
	local data=$1 mode=$2 out
	shift 2
	out=$("$FGPROF" record -o "$data" "$@" -- "$PROGS/direct_io" /dev/nullb0 "$mode") ||
		fail "fgprof record $* -- direct_io $mode exited $?"
	expect_eq "$out" "${mode}_a 3145728 ${mode}_b 1048576" "direct_io's output"
}

# split FOLDED A-FUNC B-FUNC TOTAL NAME: A:B is 3:1 and A + B + the rest
# is TOTAL, each within 5 %.
split() {
	local folded=$1 total=$4 name=$5 a b all ratio
	a=$(samples_matching "main;$2;io_n" <"$folded")
	b=$(samples_matching "main;$3;io_n" <"$folded")
	all=$(samples_matching '.' <"$folded")
	figure "${name}_a" "$a"
	figure "${name}_b" "$b"
	figure "${name}_total" "$all"
	within "$all" "$total" "$((total / 20))" ||
		fail "$name: $all in all, expected $total +- 5 %"
	at_least "$b" 1 || fail "$name: nothing under $3"
	ratio=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", a / b }')
	figure "${name}_ratio" "$ratio"
	within "$ratio" 3 0.15 || fail "$name: $2 : $3 is $ratio : 1, expected 3 +- 5 %"
}

load

io /tmp/rd.data read -e block:block_rq_issue --weight bytes
expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/rd.data)" bytes "profile unit"
folded /tmp/rd.data >/tmp/rd.folded
cut -c1-300 /tmp/rd.folded | first 4
split /tmp/rd.folded read_a read_b 4194304 block_rq_issue_read_bytes

io /tmp/bq.data write -e block:block_bio_queue --weight nr_sector
expect_eq "$(awk '$1 == "unit" { print $2; exit }' /tmp/bq.data)" nr_sector "profile unit"
folded /tmp/bq.data >/tmp/bq.folded
cut -c1-300 /tmp/bq.folded | first 4
split /tmp/bq.folded write_a write_b 8192 block_bio_queue_write_sectors

io /tmp/wr.data write -a -e block:block_rq_issue --weight bytes
folded /tmp/wr.data >/tmp/wr.folded
cut -c1-300 /tmp/wr.folded | first 4
all=$(samples_matching '.' </tmp/wr.folded)
figure block_rq_issue_write_bytes "$all"
figure block_rq_issue_write_by_writer_pct "$(pct "$(samples_matching '^direct_io;' </tmp/wr.folded)" "$all")"
within "$all" 4194304 209715 ||
	fail "block_rq_issue of the writes: $all bytes, expected 4 MiB +- 5 %"
unload
