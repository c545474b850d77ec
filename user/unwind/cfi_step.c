// SPDX-License-Identifier: GPL-2.0
/*
 * The unwind step of cfi_step.h. Written as the module will run it: no
 * allocation, no recursion, no libc, a bounded binary search.
 */
#include "cfi_step.h"

const struct fgprof_cfi_row *cfi_lookup(const struct fgprof_cfi_row *rows,
					__u32 nr, __u64 key)
{
	__u32 lo = 0, hi = nr;

	/* The last row whose start <= key: rows are sorted and unique. */
	while (lo < hi) {
		__u32 mid = lo + (hi - lo) / 2;

		if (rows[mid].start <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &rows[lo - 1] : (const struct fgprof_cfi_row *)0;
}

enum cfi_step_result cfi_step(const struct fgprof_cfi_row *row,
			      struct cfi_regs *regs, cfi_read_fn read,
			      void *ctx)
{
	__u64 cfa, pc, bp = regs->bp;

	if (!row)
		return CFI_STEP_NO_INFO;
	switch (row->kind) {
	case FGPROF_CFI_RSP:
		cfa = regs->sp + row->cfa_off;
		break;
	case FGPROF_CFI_RBP:
		cfa = regs->bp + row->cfa_off;
		break;
	case FGPROF_CFI_OUTERMOST:
		return CFI_STEP_OUTERMOST;
	case FGPROF_CFI_UNSUPPORTED:
		return CFI_STEP_UNSUPPORTED;
	default:
		return CFI_STEP_NO_INFO;
	}
	/* The caller's frame is above this one: anything else would loop. */
	if (cfa <= regs->sp)
		return CFI_STEP_BAD_CFA;
	if (read(ctx, cfa - 8, &pc))
		return CFI_STEP_FAULT;
	if (row->rbp_off && read(ctx, cfa + 8 * (__s64)row->rbp_off, &bp))
		return CFI_STEP_FAULT;
	regs->pc = pc;
	regs->sp = cfa;
	regs->bp = bp;
	return CFI_STEP_OK;
}
