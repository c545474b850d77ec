/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiling an ELF file's call frame information (.eh_frame, and
 * .debug_frame for code .eh_frame does not describe, from the file or its
 * separate debug file) into a compact unwind table (cfi_row.h) for the
 * module's unwinder (issue #10).
 */
#ifndef FGPROF_USER_CFI_TABLE_H
#define FGPROF_USER_CFI_TABLE_H

#include <gelf.h>
#include <stdint.h>

#include "cfi_row.h"

struct cfi_table {
	struct fgprof_cfi_row *rows;	/* sorted, gaps explicit (cfi_row.h) */
	uint32_t nr;
	uint64_t base;		/* ELF vaddr of start 0: lowest PT_LOAD, paged */
	/* What went in, for `fgprof cfi`'s summary and the tests. */
	uint32_t fdes_eh;	/* FDEs read from .eh_frame */
	uint32_t fdes_debug;	/* from .debug_frame, for code eh_frame lacks */
	uint32_t fdes_skipped;	/* unreadable (encoding, range, libdw error) */
	uint32_t plt_blocks;	/* lazy-PLT CFA expressions expanded */
};

/*
 * Build t from elf's .eh_frame and from debug's .debug_frame (debug may be
 * elf itself, another Elf, or NULL for none). 0 or a negative errno
 * (-ENOENT: no CFI at all; -ENOEXEC: not x86-64 ELF).
 */
int cfi_table_build_elf(Elf *elf, Elf *debug, struct cfi_table *t);

/*
 * The same for a file: its .debug_frame if it has one, else that of its
 * separate debug file found by build-id under debug_dirs
 * (sym_debuginfo.h's; NULL: the default).
 */
int cfi_table_build(const char *path, const char *debug_dirs,
		    struct cfi_table *t);

void cfi_table_free(struct cfi_table *t);

/* The end of row i: the next row's start, or UINT64_MAX for the last. */
static inline uint64_t cfi_row_end(const struct cfi_table *t, uint32_t i)
{
	return i + 1 < t->nr ? t->rows[i + 1].start : UINT64_MAX;
}

/* An FDE's code: [start, end) in ELF vaddrs, a function as a rule. */
struct cfi_fde_range {
	uint64_t start, end;
};

/*
 * The ranges of elf's .eh_frame FDEs, sorted by start (free *out). 0, or
 * a negative errno (-ENOENT: no .eh_frame, or no FDE in it).
 */
int cfi_fde_ranges(Elf *elf, struct cfi_fde_range **out, size_t *nr);

/* The range of v[nr] (sorted) that holds addr, or NULL. */
const struct cfi_fde_range *cfi_fde_find(const struct cfi_fde_range *v,
					 size_t nr, uint64_t addr);

/* "rsp+8 rbp=c-16", "none", "unsupported (expression)", ... into buf. */
const char *cfi_row_str(const struct fgprof_cfi_row *row, char *buf,
			size_t len);

#endif
