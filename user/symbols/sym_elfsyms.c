// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

#include "sym_elfsyms.h"

static unsigned int rank_of(const GElf_Sym *s)
{
	switch (GELF_ST_BIND(s->st_info)) {
	case STB_GLOBAL:
		return 3;
	case STB_WEAK:
		return 2;
	case STB_LOCAL:
		return 1;
	default:
		return 0;
	}
}

static int cmp_addr(const void *a, const void *b)
{
	const struct sym_elfsym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* The section of a sizeless symbol, where it may name addresses. */
static void label_section(struct sym_elfsym *e, const GElf_Sym *sym,
			  Elf *elf, GElf_Word shndx, GElf_Addr bias)
{
	Elf_Scn *scn;
	GElf_Shdr mem, *sh;

	e->sec_start = e->addr;
	e->sec_end = e->addr;
	if (sym->st_shndx == SHN_ABS || !elf)
		return;
	scn = elf_getscn(elf, shndx);
	sh = scn ? gelf_getshdr(scn, &mem) : NULL;
	if (!sh)
		return;
	e->sec_start = sh->sh_addr + bias;
	e->sec_end = sh->sh_addr + sh->sh_size + bias;
}

/* dwfl's test, as measured: in the label's section or at its very end. */
static bool label_may_name(const struct sym_elfsym *e, GElf_Addr addr)
{
	if (e->sec_start == e->sec_end)
		return addr == e->addr;
	return addr >= e->sec_start && addr <= e->sec_end;
}

int sym_elfsyms_load(struct sym_elfsyms *t, Dwfl_Module *mod)
{
	int n = dwfl_module_getsymtab(mod), i;
	GElf_Addr max_end = 0;
	size_t k;

	memset(t, 0, sizeof(*t));
	if (n <= 0)
		return 0;
	t->v = calloc(n, sizeof(*t->v));
	if (!t->v)
		return -ENOMEM;
	/* Entry 0 is the null symbol. */
	for (i = 1; i < n; i++) {
		GElf_Addr addr, bias;
		GElf_Word shndx;
		GElf_Sym sym;
		Elf *elf;
		const char *name = dwfl_module_getsym_info(mod, i, &sym, &addr,
							   &shndx, &elf,
							   &bias);
		int type = GELF_ST_TYPE(sym.st_info);
		struct sym_elfsym *e;

		/* What dwfl_module_addrinfo considers, nothing more. */
		if (!name || !*name || sym.st_shndx == SHN_UNDEF ||
		    type == STT_SECTION || type == STT_FILE || type == STT_TLS)
			continue;
		e = &t->v[t->nr++];
		e->addr = addr;
		e->size = sym.st_size;
		if (!sym.st_size)
			label_section(e, &sym, elf, shndx, bias);
		e->name = name;
		e->rank = rank_of(&sym);
		e->order = i;
	}
	qsort(t->v, t->nr, sizeof(*t->v), cmp_addr);
	for (k = 0; k < t->nr; k++) {
		if (t->v[k].addr + t->v[k].size > max_end)
			max_end = t->v[k].addr + t->v[k].size;
		t->v[k].max_end = max_end;
	}
	return 0;
}

void sym_elfsyms_free(struct sym_elfsyms *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* Is sized symbol e a better answer than best, per dwfl's preferences? */
static bool better(const struct sym_elfsym *e, const struct sym_elfsym *best)
{
	bool e_global = e->rank >= 2, b_global = best->rank >= 2;

	if (e_global != b_global)
		return e_global;	/* globals are searched first */
	if (e->addr != best->addr)
		return e->addr > best->addr;
	if (e->rank != best->rank)
		return e->rank > best->rank;
	if (e->size != best->size)
		return e->size < best->size;
	return e->order < best->order;
}

const char *sym_elfsyms_lookup(const struct sym_elfsyms *t, GElf_Addr addr)
{
	const struct sym_elfsym *best = NULL, *label;
	size_t lo = 0, hi = t->nr, floor, j;

	/* The last entry starting at or below addr. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	floor = lo - 1;
	/* Every sized symbol containing addr: back while one may reach it. */
	for (j = floor + 1; j-- > 0 && t->v[j].max_end > addr;) {
		const struct sym_elfsym *e = &t->v[j];

		if (e->size && addr - e->addr < e->size &&
		    (!best || better(e, best)))
			best = e;
	}
	if (best)
		return best->name;
	/*
	 * A sizeless label: the closest one, provided no symbol starting at
	 * or below addr ends above it (it would be inside that one) and addr
	 * is in its section.
	 */
	label = NULL;
	for (j = floor + 1; j-- > 0 && t->v[j].addr == t->v[floor].addr;) {
		const struct sym_elfsym *e = &t->v[j];

		/* Globals first, then the last one in the table, as dwfl. */
		if (!e->size && label_may_name(e, addr) &&
		    (!label || (e->rank >= 2) > (label->rank >= 2) ||
		     ((e->rank >= 2) == (label->rank >= 2) &&
		      e->order > label->order)))
			label = e;
	}
	if (!label || t->v[floor].max_end > label->addr)
		return NULL;
	return label->name;
}
