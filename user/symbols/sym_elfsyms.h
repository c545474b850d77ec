/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SYM_ELFSYMS_H
#define FGPROF_USER_SYM_ELFSYMS_H

#include <elfutils/libdwfl.h>
#include <stddef.h>

/*
 * A module's ELF symbols sorted by address, for a binary search per
 * lookup: dwfl_module_addrinfo scans the whole symbol table every time
 * (a third of the cold symbolization time on libc). The choice among
 * candidates follows dwfl_module_addrinfo's: sized symbols containing
 * the address, global and weak ones before locals, the closest start,
 * the stronger binding, the smaller size; failing those, the closest
 * sizeless label (hand-written assembly) that no symbol lies across,
 * within its section (an absolute one only at its own address).
 */
struct sym_elfsyms {
	struct sym_elfsym {
		GElf_Addr addr;		/* bias included */
		GElf_Addr size;
		GElf_Addr sec_start;	/* its section, bias included; */
		GElf_Addr sec_end;	/* an absolute one: [addr, addr] */
		GElf_Addr max_end;	/* max end of entries 0..this */
		const char *name;
		unsigned int rank;	/* global 3, weak 2, local 1 */
		unsigned int order;	/* symbol table index: ties */
	} *v;
	size_t nr;
};

/* 0, or a negative errno (no symbols is 0 with nr 0). */
int sym_elfsyms_load(struct sym_elfsyms *t, Dwfl_Module *mod);
void sym_elfsyms_free(struct sym_elfsyms *t);

/* The name of the symbol addr (bias included) is in, or NULL. */
const char *sym_elfsyms_lookup(const struct sym_elfsyms *t, GElf_Addr addr);

#endif
