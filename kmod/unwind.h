/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_UNWIND_H
#define FGPROF_UNWIND_H

#include <linux/types.h>

struct perf_sample_data;
struct pt_regs;

/*
 * Stack walks for the sample path: no allocation, no locks, no page
 * faults. Each fills ips[] innermost first, returns the number of frames,
 * sets *truncated when max cut the walk short, and counts its own failures
 * in the stats.
 */
int fg_unwind_kernel(struct pt_regs *regs, u64 *ips, int max, bool *truncated);
int fg_unwind_kernel_here(u64 *ips, int max, bool *truncated,
			  unsigned long skip_lo, unsigned long skip_hi);
int fg_unwind_user(struct pt_regs *regs, u64 *ips, int max, bool *truncated);
/* With FGPROF_CF_USER_CFI: tables, frame pointers where none (issue #10). */
int fg_unwind_user_cfi(struct pt_regs *uregs, u64 *ips, int max,
		       bool *truncated);

/* A user frame: its pc and the stack and frame pointers it runs with. */
struct fg_uregs {
	unsigned long pc;
	unsigned long sp;
	unsigned long bp;
};

bool fg_fp_step(struct fg_uregs *r, bool innermost);
/* The same walk from frame r, whose pc is ips[n - 1] already. */
int fg_unwind_user_cfi_from(struct fg_uregs *r, bool innermost, u64 *ips,
			    int n, int max, bool *truncated);
int fg_unwind_user_entry(struct pt_regs *regs, u64 *ips, int max,
			 bool *truncated);
int fg_unwind_lbr(const struct perf_sample_data *data, struct pt_regs *regs,
		  u64 *ips, int max, bool *truncated);

#endif
