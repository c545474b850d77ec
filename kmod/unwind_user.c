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

#include "cfi.h"
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

/*
 * One frame-pointer step from the frame r to its caller. innermost: r is
 * the interrupted frame, which may be in a prologue or at a ret (above).
 * Also the table walk's fallback (unwind_cfi.c) where no table covers the
 * pc. False when no caller can be found; r is then unchanged.
 */
bool fg_fp_step(struct fg_uregs *r, bool innermost)
{
	unsigned long fp = r->bp, ret;
	struct fg_frame frame;
	long off = innermost ? frame_setup_ret_offset(r->pc) : -1;

	if (off >= 0 &&
	    !fg_copy_from_user_nofault(&ret, (void __user *)(r->sp + off),
				       sizeof(ret)) &&
	    ret && ret < TASK_SIZE_MAX) {
		r->pc = ret;
		r->sp += off + 8;
		fg_stat_inc(user_frames_fp);
		return true;
	}
	/* Stacks grow down: a caller's frame lies above; else a loop. */
	if (!fp || (fp & (sizeof(long) - 1)) || fp < r->sp)
		return false;
	if (fg_copy_from_user_nofault(&frame, (void __user *)fp, sizeof(frame))) {
		fg_stat_inc(user_read_faults);
		return false;
	}
	/* Code without frame pointers leaves garbage in rbp. */
	if (!frame.ret || frame.ret >= TASK_SIZE_MAX)
		return false;
	r->pc = frame.ret;
	r->sp = fp + sizeof(frame);
	r->bp = frame.next_fp;
	fg_stat_inc(user_frames_fp);
	return true;
}

/* Frame-pointer steps from r, appending return addresses after ips[n]. */
static int walk_frames(struct fg_uregs *r, bool innermost, u64 *ips, int n,
		       int max, bool *truncated)
{
	while (fg_fp_step(r, innermost)) {
		if (n == max) {
			*truncated = true;
			break;
		}
		ips[n++] = r->pc;
		innermost = false;
	}
	return n;
}

int fg_unwind_user(struct pt_regs *regs, u64 *ips, int max, bool *truncated)
{
	struct task_struct *task = current;
	struct pt_regs *uregs;
	struct fg_uregs r;

	*truncated = false;
	if ((task->flags & PF_KTHREAD) || !task->mm)
		return 0;
	uregs = user_mode(regs) ? regs : task_pt_regs(task);
	if (!uregs->ip || !user_64bit_mode(uregs))
		return 0;
	if (fg_cfi_enabled())
		return fg_unwind_user_cfi(uregs, ips, max, truncated);
	ips[0] = uregs->ip;
	r.pc = uregs->ip;
	r.sp = uregs->sp;
	r.bp = uregs->bp;
	return walk_frames(&r, true, ips, 1, max, truncated);
}

/*
 * At a function's first instruction (an entry uprobe): the return address
 * is exactly at the top of the stack and rbp still holds the caller's
 * frame, whatever the function's prologue (a breakpoint now covers its
 * first byte, so it cannot be read to tell).
 */
int fg_unwind_user_entry(struct pt_regs *regs, u64 *ips, int max,
			 bool *truncated)
{
	struct fg_uregs r;
	unsigned long ret;
	int n = 0;

	*truncated = false;
	if (!user_mode(regs) || !user_64bit_mode(regs) || max < 1)
		return 0;
	ips[n++] = regs->ip;
	if (n == max) {
		*truncated = true;
		return n;
	}
	if (fg_copy_from_user_nofault(&ret, (void __user *)regs->sp,
				      sizeof(ret))) {
		fg_stat_inc(user_read_faults);
		return n;
	}
	if (!ret || ret >= TASK_SIZE_MAX)
		return n;
	ips[n++] = ret;
	r.pc = ret;
	r.sp = regs->sp + sizeof(ret);
	r.bp = regs->bp;
	/* The callers by tables too (issue #17): libc keeps no frame pointer. */
	if (fg_cfi_enabled())
		return fg_unwind_user_cfi_from(&r, false, ips, n, max,
					       truncated);
	return walk_frames(&r, false, ips, n, max, truncated);
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
