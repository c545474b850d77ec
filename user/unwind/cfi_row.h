/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One row of a compact unwind table (issue #10): how to find the caller's
 * frame from any address of a binary's code. The format is part of the
 * device ABI (include/fgprof.h: struct fgprof_cfi_row and its comment);
 * this header keeps the tool's includes short.
 *
 * start is an ELF virtual address minus the table's base (struct
 * cfi_table.base): the lowest PT_LOAD p_vaddr rounded down to 4096, 0 for
 * shared libraries and PIEs. For a runtime pc in a mapping of the file,
 * key = pc - load_bias - base, where load_bias = runtime address - ELF
 * vaddr (from a mapping: vm_start - pgoff - (p_vaddr - p_offset) of the
 * PT_LOAD that holds pgoff). user/unwind/cfi_step.c is the unwind step, mirrored
 * by the module (kmod/unwind_cfi.c).
 */
#ifndef FGPROF_USER_CFI_ROW_H
#define FGPROF_USER_CFI_ROW_H

#include "fgprof.h"

#endif
