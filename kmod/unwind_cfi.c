// SPDX-License-Identifier: GPL-2.0
/*
 * User stacks by unwind tables (issue #10, FGPROF_CF_USER_CFI): per
 * frame, the row of the loaded table covering the pc gives the caller's
 * registers (the step of user/unwind/cfi_step.c, which the host tests check);
 * where no table or row covers the pc, one frame-pointer step instead, so
 * frame-pointer code calling table code and back unwinds as one stack.
 * Each step moves the stack pointer up, so a walk ends within max frames
 * or at the top of the stack. Reads never fault; every early end is
 * counted.
 */
#include <linux/ptrace.h>
#include <linux/rcupdate.h>
#include <linux/sched.h>

#include "cfi.h"
#include "compat.h"
#include "stats.h"
#include "unwind.h"

enum fg_cfi_res { FG_CFI_OK, FG_CFI_END, FG_CFI_NO_ROW };

static int read_word(unsigned long addr, unsigned long *val)
{
	return fg_copy_from_user_nofault(val, (void __user *)addr, sizeof(*val));
}

/* cfi_step() of user/unwind/cfi_step.c, counting why a walk ends. */
static enum fg_cfi_res cfi_step(const struct fgprof_cfi_row *row,
				struct fg_uregs *r)
{
	unsigned long cfa, pc, bp = r->bp;

	switch (row->kind) {
	case FGPROF_CFI_RSP:
		cfa = r->sp + row->cfa_off;
		break;
	case FGPROF_CFI_RBP:
		cfa = r->bp + row->cfa_off;
		break;
	case FGPROF_CFI_OUTERMOST:
		return FG_CFI_END;		/* a clean end: _start */
	case FGPROF_CFI_UNSUPPORTED:
		fg_stat_inc(cfi_stop_unsupported);
		return FG_CFI_END;
	default:
		return FG_CFI_NO_ROW;
	}
	if (cfa <= r->sp || cfa >= TASK_SIZE_MAX) {
		fg_stat_inc(cfi_stop_bad_cfa);
		return FG_CFI_END;
	}
	if (read_word(cfa - 8, &pc) ||
	    (row->rbp_off && read_word(cfa + 8 * (long)row->rbp_off, &bp))) {
		fg_stat_inc(cfi_stop_fault);
		return FG_CFI_END;
	}
	r->pc = pc;
	r->sp = cfa;
	r->bp = bp;
	fg_stat_inc(user_frames_cfi);
	return FG_CFI_OK;
}

/* The row for the frame r, or NULL: its process has no table there. */
static const struct fgprof_cfi_row *row_of(const struct fg_cfi_proc *p,
					   const struct fg_uregs *r,
					   bool innermost)
{
	/* A return address may be the first byte after its call's function. */
	unsigned long pc = r->pc - !innermost;
	const struct fg_cfi_map *m;
	u64 key;

	if (!p)
		return NULL;
	m = fg_cfi_map_find(p, pc);
	if (!m)
		return NULL;
	key = pc - m->bias;
	if (key > U32_MAX)
		return NULL;
	return fg_cfi_lookup(m->table, key);
}

int fg_unwind_user_cfi(struct pt_regs *uregs, u64 *ips, int max,
		       bool *truncated)
{
	struct fg_uregs r = {
		.pc = uregs->ip, .sp = uregs->sp, .bp = uregs->bp,
	};

	ips[0] = r.pc;
	return fg_unwind_user_cfi_from(&r, true, ips, 1, max, truncated);
}

int fg_unwind_user_cfi_from(struct fg_uregs *r0, bool innermost, u64 *ips,
			    int n, int max, bool *truncated)
{
	struct fg_uregs r = *r0;
	const struct fg_cfi_proc *p;

	rcu_read_lock();
	p = fg_cfi_proc_find(current->tgid);
	for (;;) {
		const struct fgprof_cfi_row *row = row_of(p, &r, innermost);
		enum fg_cfi_res res = row ? cfi_step(row, &r) : FG_CFI_NO_ROW;

		if (res == FG_CFI_END)
			break;
		if (res == FG_CFI_NO_ROW && !fg_fp_step(&r, innermost)) {
			fg_stat_inc(cfi_stop_no_info);
			break;
		}
		if (!r.pc || r.pc >= TASK_SIZE_MAX)
			break;
		if (n == max) {
			*truncated = true;
			break;
		}
		ips[n++] = r.pc;
		innermost = false;
	}
	rcu_read_unlock();
	return n;
}
