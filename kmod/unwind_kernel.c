// SPDX-License-Identifier: GPL-2.0
/* Kernel stacks with the kernel's own unwinder (ORC on Debian's kernels). */
#include <linux/module.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <asm/processor-flags.h>
#include <asm/unwind.h>

#include "stats.h"
#include "unwind.h"

/*
 * Registers of a real interrupt or exception: the CPU always sets this
 * flag. Those perf makes up where an event fires in the kernel's own code
 * (perf_fetch_caller_regs(): tracepoints, software events) have flags 0
 * and, for sp, the frame address of perf's caller, 16 bytes from what an
 * unwinder started on them would take for the stack pointer.
 */
static bool interrupt_regs(const struct pt_regs *regs)
{
	return regs->flags & X86_EFLAGS_FIXED;
}

int fg_unwind_kernel(struct pt_regs *regs, u64 *ips, int max, bool *truncated)
{
	struct unwind_state state;
	int n = 0;

	*truncated = false;
	if (user_mode(regs))
		return 0;
	/*
	 * As perf_callchain_kernel(): started from interrupted registers, the
	 * first address the unwinder reports is regs->ip itself; made-up
	 * ones mean the current stack, from the frame at their sp on.
	 */
	if (interrupt_regs(regs))
		unwind_start(&state, current, regs, NULL);
	else
		unwind_start(&state, current, NULL, (unsigned long *)regs->sp);
	for (; !unwind_done(&state); unwind_next_frame(&state)) {
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

/*
 * The current task's kernel stack where a tracepoint probe runs. The
 * frames on top (this module's probe, and the tracepoint's iterator in
 * [skip_lo, skip_hi) when the kernel calls the probe through it) are left
 * out: the stack starts where the kernel hit the tracepoint.
 */
noinline int fg_unwind_kernel_here(u64 *ips, int max, bool *truncated,
				   unsigned long skip_lo, unsigned long skip_hi)
{
	struct unwind_state state;
	int n = 0;

	*truncated = false;
	for (unwind_start(&state, current, NULL, NULL); !unwind_done(&state);
	     unwind_next_frame(&state)) {
		unsigned long addr = unwind_get_return_address(&state);

		if (!addr)
			break;
		if (!n && (within_module(addr, THIS_MODULE) ||
			   (addr >= skip_lo && addr < skip_hi)))
			continue;
		if (n == max) {
			*truncated = true;
			break;
		}
		ips[n++] = addr;
	}
	if (unwind_error(&state))
		fg_stat_inc(kernel_unwind_errors);
	return n;
}
