# Interface fuzzing: random ioctls (our magic with random numbers, sizes
# and directions; the real ones with random structs and bad pointers;
# other drivers' numbers), reads of random lengths, pread, write, poll,
# mmap, lseek, open/close, descriptors closed under a blocked poll or a
# read, and whole valid sessions now and then, from 3 processes x 2
# threads at once (tests/progs/fuzz_dev.c). Every errno must be one the
# ABI page documents for that call; dmesg is checked by the runner.
# 100,000 calls here; FGPROF_STRESS=full (make test-stress): 1,000,000.
# timeout: 2400
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

private_copies fuzz_dev

calls=100000
[ "${FGPROF_STRESS:-}" = full ] && calls=1000000
# Random configurations ask for tables up to the cap: keep it far below
# the guest's 1 GiB, so a run of accepted huge ones cannot exhaust it.
load max_mb=16
SECONDS=0
"$PROGS/fuzz_dev" --calls=$calls --procs=3 --threads=2 >/tmp/fuzz.out 2>&1 ||
	{ cat /tmp/fuzz.out; fail "fuzz_dev found undocumented errnos or broken records"; }
secs=$SECONDS
cat /tmp/fuzz.out
cp /tmp/fuzz.out "${FGPROF_OUT:-/tmp}/fuzz.out"
done=$(awk '$1 == "calls" { sub(",", "", $2); print $2 }' /tmp/fuzz.out)
at_least "$done" "$calls" || fail "only $done of $calls calls made"
# The fuzz went past the front door: sessions ran and were checked.
checked=$(awk '$1 == "sessions" { sub(",", "", $6); print $6 }' /tmp/fuzz.out)
at_least "$checked" 3 || fail "only $checked whole sessions checked"
awk '$1 == "START" { for (i = 3; i < NF; i += 2) if ($i == "ok") n = $(i + 1) }
     END { exit !(n >= 10) }' /tmp/fuzz.out || fail "fewer than 10 successful STARTs"
# Afterwards the module still works and every descriptor was released.
"$FGPROF" status >/tmp/status.out || fail "status after the fuzz"
any '^opened: *1$' </tmp/status.out || fail "descriptors left open: $(cat /tmp/status.out)"
unload
figure fuzz_calls "$done"
figure fuzz_seconds "$secs"
figure fuzz_sessions_checked "$checked"
