// SPDX-License-Identifier: GPL-2.0
/*
 * Inline chains from DWARF, the way elfutils' addr2line -i finds them:
 * the innermost scope at the address gives a DIE, and the DIE's physical
 * parents (dwarf_getscopes_die) are the inlined_subroutine instances it
 * sits in, up to the subprogram. dwarf_getscopes alone would not do: past
 * an inlined instance it follows the abstract origin's lexical scopes,
 * which are where the callee was written, not where it was inlined.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>

#include "sym_inline.h"

static bool is_function(Dwarf_Die *die)
{
	int tag = dwarf_tag(die);

	return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine ||
	       tag == DW_TAG_entry_point;
}

/* Inlined instances carry their names on their abstract origin. */
static const char *die_name(Dwarf_Die *die)
{
	static const unsigned int attrs[] = {
		DW_AT_linkage_name, DW_AT_MIPS_linkage_name, DW_AT_name,
	};
	Dwarf_Attribute mem, *a;
	const char *name;
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++) {
		a = dwarf_attr_integrate(die, attrs[i], &mem);
		name = a ? dwarf_formstring(a) : NULL;
		if (name && *name)
			return name;
	}
	return NULL;
}

/* Where the inlined instance die was called from, in its caller. */
static void call_site(Dwarf_Die *die, struct sym_raw_frame *caller)
{
	Dwarf_Attribute mem;
	Dwarf_Word file, line;
	Dwarf_Files *files;
	Dwarf_Die cu;
	size_t nfiles;

	caller->file = NULL;
	caller->line = 0;
	if (dwarf_formudata(dwarf_attr(die, DW_AT_call_line, &mem), &line) == 0)
		caller->line = line;
	if (dwarf_formudata(dwarf_attr(die, DW_AT_call_file, &mem), &file) ||
	    !dwarf_diecu(die, &cu, NULL, NULL) ||
	    dwarf_getsrcfiles(&cu, &files, &nfiles) || file >= nfiles)
		return;
	caller->file = dwarf_filesrc(files, file, NULL, NULL);
}

/* The innermost function-like DIE containing addr, in *fn. */
static bool innermost_function(Dwfl_Module *mod, Dwarf_Addr addr,
			       Dwarf_Die *fn)
{
	Dwarf_Die *cudie, *scopes = NULL;
	Dwarf_Addr bias;
	Dwarf *dw;
	int n, i;
	bool found = false;

	cudie = dwfl_module_addrdie(mod, addr, &bias);
	if (!cudie)
		return false;
	n = dwarf_getscopes(cudie, addr - bias, &scopes);
	/* Re-read by offset: scopes[] is freed, the DIE must outlive it. */
	for (i = 0; i < n && !found; i++) {
		if (!is_function(&scopes[i]))
			continue;
		dw = dwfl_module_getdwarf(mod, &bias);
		found = dw && dwarf_offdie(dw, dwarf_dieoffset(&scopes[i]), fn);
	}
	free(scopes);
	return found;
}

int sym_inline_chain(Dwfl_Module *mod, Dwarf_Addr addr,
		     struct sym_raw_frame *out, int max)
{
	struct sym_raw_frame *chain;
	Dwarf_Die fn, *scopes = NULL;
	Dwfl_Line *l;
	int n, i, nr = 0, first;

	if (max <= 0 || !innermost_function(mod, addr, &fn))
		return 0;
	n = dwarf_getscopes_die(&fn, &scopes);
	if (n <= 0)
		return 0;
	/* One more: a dangling call site (see below). */
	chain = calloc(n + 1, sizeof(*chain));
	if (!chain) {
		free(scopes);
		return 0;
	}
	for (i = 0; i < n; i++) {
		struct sym_raw_frame *f;

		if (!is_function(&scopes[i]))
			continue;	/* lexical blocks */
		f = &chain[nr++];
		f->name = die_name(&scopes[i]);
		f->inlined = dwarf_tag(&scopes[i]) == DW_TAG_inlined_subroutine;
		if (nr == 1) {
			l = dwfl_module_getsrc(mod, addr);
			f->file = l ? dwfl_lineinfo(l, NULL, &f->line, NULL,
						    NULL, NULL) : NULL;
			if (!f->file)
				f->line = 0;
		}
		if (!f->inlined)
			break;	/* the subprogram: the outer end */
		call_site(&scopes[i], &chain[nr]);
	}
	/*
	 * An inlined instance without a subprogram around it (broken
	 * DWARF) leaves a call site in chain[nr], unused: the chain ends.
	 */
	first = nr > max ? nr - max : 0;
	for (i = first; i < nr; i++)
		out[i - first] = chain[i];
	free(chain);
	free(scopes);
	return nr - first;
}
