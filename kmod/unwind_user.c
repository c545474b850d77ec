// SPDX-License-Identifier: GPL-2.0
/*
 * User stacks by frame pointers: from the user registers (the interrupted
 * ones, or those saved at kernel entry), follow the rbp chain with reads
 * that never fault. A read that fails ends the walk and is counted: code
 * built without frame pointers ends chains early.
 */
#include <linux/perf_event.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>

#include "compat.h"
#include "stats.h"
#include "unwind.h"

struct fg_frame {
	unsigned long next_fp;
	unsigned long ret;
};

/*
 * On the first instructions of a frame-pointer function (push %rbp;
 * mov %rsp,%rbp) and on any ret, rbp still holds the caller's frame while
 * the return address sits at the top of the stack: the rbp chain alone
 * would skip the caller. Only the exact byte patterns of a frame-pointer
 * prologue count, so a register save elsewhere never passes for a frame.
 * Returns the stack offset of the return address, or -1.
 */
static long frame_setup_ret_offset(unsigned long ip)
{
	u8 b[9];
	const u8 *p = b + 1;	/* the byte at ip; b[0] is the one before */

	if (fg_copy_from_user_nofault(b, (void __user *)(ip - 1), sizeof(b)))
		return -1;
	if (p[0] == 0xc3)				/* ret */
		return 0;
	if (p[0] == 0xf3 && p[1] == 0x0f && p[2] == 0x1e && p[3] == 0xfa)
		p += 4;					/* endbr64 */
	if (p[0] == 0x55 && p[1] == 0x48 && p[2] == 0x89 && p[3] == 0xe5)
		return 0;				/* push %rbp; mov %rsp,%rbp */
	if (p == b + 1 && b[0] == 0x55 &&
	    p[0] == 0x48 && p[1] == 0x89 && p[2] == 0xe5)
		return 8;				/* after the push */
	return -1;
}

int fg_unwind_user(struct pt_regs *regs, u64 *ips, int max, bool *truncated)
{
	struct task_struct *task = current;
	struct pt_regs *uregs;
	unsigned long fp;
	long off;
	int n = 0;

	*truncated = false;
	if ((task->flags & PF_KTHREAD) || !task->mm)
		return 0;
	uregs = user_mode(regs) ? regs : task_pt_regs(task);
	if (!uregs->ip || !user_64bit_mode(uregs))
		return 0;

	ips[n++] = uregs->ip;
	fp = uregs->bp;
	off = frame_setup_ret_offset(uregs->ip);
	if (off >= 0 && n < max) {
		unsigned long ret;

		if (!fg_copy_from_user_nofault(&ret, (void __user *)(uregs->sp + off),
					       sizeof(ret)) &&
		    ret && ret < TASK_SIZE_MAX)
			ips[n++] = ret;
	}
	while (fp && !(fp & (sizeof(long) - 1))) {
		struct fg_frame frame;

		if (fg_copy_from_user_nofault(&frame, (void __user *)fp,
					      sizeof(frame))) {
			fg_stat_inc(user_read_faults);
			break;
		}
		/* Code without frame pointers leaves garbage in rbp. */
		if (!frame.ret || frame.ret >= TASK_SIZE_MAX)
			break;
		if (n == max) {
			*truncated = true;
			break;
		}
		ips[n++] = frame.ret;
		/* Stacks grow down: a caller's frame lies above; else a loop. */
		if (frame.next_fp <= fp)
			break;
		fp = frame.next_fp;
	}
	return n;
}

/*
 * User stacks from the LBR call stack (Intel, hardware events only): the
 * PMU recorded each open call; entries[i].from is the call instruction
 * of the i-th caller, innermost first. No memory is read at all, so code
 * without frame pointers unwinds too, as deep as the LBR (16-32 calls).
 */
int fg_unwind_lbr(const struct perf_sample_data *data, struct pt_regs *regs,
		  u64 *ips, int max, bool *truncated)
{
	const struct perf_branch_stack *br = fg_sample_branch_stack(data);
	struct task_struct *task = current;
	struct pt_regs *uregs;
	u64 i;
	int n = 0;

	*truncated = false;
	if ((task->flags & PF_KTHREAD) || !task->mm)
		return 0;
	uregs = user_mode(regs) ? regs : task_pt_regs(task);
	if (!uregs->ip)
		return 0;
	ips[n++] = uregs->ip;
	if (!br)
		return n;
	for (i = 0; i < br->nr; i++) {
		u64 from = br->entries[i].from;

		if (!from || from >= TASK_SIZE_MAX)
			break;
		if (n == max) {
			*truncated = true;
			break;
		}
		ips[n++] = from;
	}
	return n;
}
