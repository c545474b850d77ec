/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SYM_INLINE_H
#define FGPROF_USER_SYM_INLINE_H

#include <elfutils/libdwfl.h>
#include <stdbool.h>

/* One function of an address's inline chain, as DWARF names it. */
struct sym_raw_frame {
	/* The linkage name (mangled) if any, else DW_AT_name, else NULL. */
	const char *name;
	const char *file;	/* source file, NULL when unknown */
	int line;		/* 0 when unknown */
	bool inlined;		/* a DW_TAG_inlined_subroutine instance */
};

/*
 * The functions whose code is at addr (a module address, bias included,
 * as dwfl_module_addrinfo takes it), innermost first, as
 * `eu-addr2line -i -f` prints them: out[0] is the innermost inlined
 * callee (or the function itself) with the line of addr; each next frame
 * is the function that one was inlined into, with the line of that call
 * (DW_AT_call_file/DW_AT_call_line); the last is the DW_TAG_subprogram.
 * A chain longer than max keeps its outer max frames. Returns the number
 * of frames, 0 when no DWARF covers addr. Strings live as long as the
 * module's Dwfl.
 */
int sym_inline_chain(Dwfl_Module *mod, Dwarf_Addr addr,
		     struct sym_raw_frame *out, int max);

#endif
