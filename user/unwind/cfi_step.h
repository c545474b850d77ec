/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Unwinding one frame with a compact unwind table (user/unwind/cfi_row.h): the
 * lookup and the step the module's sample path will mirror, kept pure (no
 * allocation, no libc, memory read through a callback) so that the host
 * tests check exactly that logic.
 */
#ifndef FGPROF_USER_CFI_STEP_H
#define FGPROF_USER_CFI_STEP_H

#include "cfi_row.h"

/* The registers an x86-64 unwind needs: the frame's pc, rsp and rbp. */
struct cfi_regs {
	__u64 pc;
	__u64 sp;
	__u64 bp;
};

/* Reads the 8 bytes at addr into *val: 0, or nonzero when it cannot. */
typedef int (*cfi_read_fn)(void *ctx, __u64 addr, __u64 *val);

enum cfi_step_result {
	CFI_STEP_OK = 0,		/* regs now hold the caller's frame */
	CFI_STEP_OUTERMOST,		/* a clean end: no caller */
	CFI_STEP_NO_INFO,		/* no row covers the pc */
	CFI_STEP_UNSUPPORTED,		/* the row's rule is not expressible */
	CFI_STEP_BAD_CFA,		/* CFA not above rsp: a loop or garbage */
	CFI_STEP_FAULT,			/* a stack read failed */
};

/*
 * The row covering key (see cfi_row.h: pc - load_bias - base; for every
 * frame but the innermost, look up pc - 1, since a return address may be
 * the first byte after the calling function), or NULL when key is below
 * the first row. Binary search.
 */
const struct fgprof_cfi_row *cfi_lookup(const struct fgprof_cfi_row *rows,
					__u32 nr, __u64 key);

/*
 * One step with row (NULL: no information): regs becomes the caller's
 * frame on CFI_STEP_OK and is left alone otherwise.
 */
enum cfi_step_result cfi_step(const struct fgprof_cfi_row *row,
			      struct cfi_regs *regs, cfi_read_fn read,
			      void *ctx);

#endif
