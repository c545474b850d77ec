// SPDX-License-Identifier: GPL-2.0
/* Kernel stacks with the kernel's own unwinder (ORC on Debian's kernels). */
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <asm/unwind.h>

#include "stats.h"
#include "unwind.h"

int fg_unwind_kernel(struct pt_regs *regs, u64 *ips, int max, bool *truncated)
{
	struct unwind_state state;
	int n = 0;

	*truncated = false;
	if (user_mode(regs))
		return 0;
	/*
	 * Started from the interrupted registers, the first address the
	 * unwinder reports is regs->ip itself.
	 */
	for (unwind_start(&state, current, regs, NULL); !unwind_done(&state);
	     unwind_next_frame(&state)) {
		unsigned long addr = unwind_get_return_address(&state);

		if (!addr)
			break;
		if (n == max) {
			*truncated = true;
			break;
		}
		ips[n++] = addr;
	}
	if (unwind_error(&state))
		fg_stat_inc(kernel_unwind_errors);
	if (!n) {
		/* An unwinder that gave nothing still knows where we were. */
		ips[n++] = instruction_pointer(regs);
	}
	return n;
}
