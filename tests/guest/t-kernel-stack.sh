# Kernel stacks by ORC: reading /dev/zero in 1 MiB blocks spends its time
# under vfs_read -> read_zero (read_iter_zero on newer kernels).
. tests/guest/lib.sh
. tests/guest/lib-profile.sh

load
record /tmp/zero.data -F 999 -- "$PROGS/zero_reader" 3
folded /tmp/zero.data | grep '^zero_reader;' >/tmp/zero.folded || fail "no samples"
total=$(samples_matching '' </tmp/zero.folded)
hit=$(samples_matching ';vfs_read_\[k\];(read_zero|read_iter_zero)_\[k\]' </tmp/zero.folded)
figure kernel_read_zero_pct "$(pct "$hit" "$total")"
ratio_at_least "$hit" "$total" 50 ||
	fail "only $hit of $total samples under vfs_read -> read_zero"
# The kernel part hangs under the user part: the syscall entry follows read.
samples_matching ';read;entry_SYSCALL_64' </tmp/zero.folded | any -v '^0$' ||
	fail "kernel frames not joined under the user read() frame"
# ORC cannot unwind out of a few places (6.12's retpoline thunks): rare,
# counted, and the partial stack is kept.
errors=$(stat_of /tmp/zero.data kernel_unwind_errors)
figure kernel_unwind_errors "$errors/$(stat_of /tmp/zero.data recorded)"
ratio_at_least $(( $(stat_of /tmp/zero.data recorded) - errors )) \
	"$(stat_of /tmp/zero.data recorded)" 99 || fail "$errors ORC unwind errors"
unload
