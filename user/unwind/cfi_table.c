// SPDX-License-Identifier: GPL-2.0
/*
 * .eh_frame/.debug_frame to a compact unwind table (cfi_table.h).
 *
 * libdw interprets the CFI: for each FDE, dwarf_cfi_addrframe() at the
 * FDE's first address gives the row there and, with dwarf_frame_info(),
 * the [start, end) it holds for, so the FDE is walked row by row. The FDEs
 * are enumerated with dwarf_next_cfi() over the section itself rather
 * than with .eh_frame_hdr's sorted table: the header only holds start
 * addresses (the range is in the FDE anyway), is missing from some files
 * (static links without --eh-frame-hdr, debug files), and does not exist
 * for .debug_frame; one loop serves both sections. The FDE's initial
 * location is decoded with its CIE's pointer encoding ('R' augmentation;
 * pcrel|sdata4 as linkers emit it, absolute in .debug_frame).
 *
 * Rows are collected as [start, end) intervals, .debug_frame's clipped to
 * what .eh_frame does not cover, then sorted, gaps filled with NONE rows
 * and equal neighbours merged.
 */
#include <dwarf.h>
#include <elfutils/libdw.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "array.h"
#include "buildid.h"
#include "cfi_table.h"
#include "sym_debuginfo.h"

#define REG_RBP		6
#define REG_RSP		7
#define REG_RA		16

/* A row being collected: [start, end) in ELF vaddrs. */
struct irow {
	uint64_t start, end;
	uint32_t seq;			/* collection order: ties in the sort */
	struct fgprof_cfi_row r;	/* r.start unused */
};

struct build {
	struct irow *v;
	size_t nr, cap;
	struct cfi_table *t;
};

/* A CIE's FDE pointer encoding, by section offset. */
struct cie_enc {
	Dwarf_Off off;
	int enc;			/* -1: not understood */
};

struct cie_cache {
	struct cie_enc *v;
	size_t nr, cap;
};

static void unsupported(struct fgprof_cfi_row *r, enum fgprof_cfi_why why)
{
	r->kind = FGPROF_CFI_UNSUPPORTED;
	r->cfa_off = why;
	r->rbp_off = 0;
}

/*
 * The lazy PLT's CFA, as binutils writes it for .plt: rsp + 8, plus 8
 * once the entry has pushed its relocation index, i.e. at or after byte
 * k of each 16-byte entry:
 *	DW_OP_breg7 8; DW_OP_breg16 0; DW_OP_lit15; DW_OP_and; DW_OP_litK;
 *	DW_OP_ge; DW_OP_lit3; DW_OP_shl; DW_OP_plus
 * Returns k, or 0 when ops are anything else.
 */
static int plt_expr_k(const Dwarf_Op *ops, size_t n)
{
	static const uint8_t form[] = {
		DW_OP_breg7, DW_OP_breg16, DW_OP_lit15, DW_OP_and, 0,
		DW_OP_ge, DW_OP_lit3, DW_OP_shl, DW_OP_plus,
	};
	size_t i;

	if (n != sizeof(form))
		return 0;
	for (i = 0; i < n; i++)
		if (i != 4 && ops[i].atom != form[i])
			return 0;
	if (ops[0].number != 8 || ops[1].number != 0 ||
	    ops[4].atom < DW_OP_lit1 || ops[4].atom > DW_OP_lit15)
		return 0;
	return ops[4].atom - DW_OP_lit0;
}

/* Is the register rule "at CFA + off" (a location, not a value)? */
static bool at_cfa(const Dwarf_Op *ops, size_t n, int64_t *off)
{
	if (n == 1 && ops[0].atom == DW_OP_call_frame_cfa) {
		*off = 0;
		return true;
	}
	if (n == 2 && ops[0].atom == DW_OP_call_frame_cfa &&
	    ops[1].atom == DW_OP_plus_uconst) {
		*off = (int64_t)ops[1].number;	/* libdw stores it signed */
		return true;
	}
	return false;
}

/* The row for frame f; *plt_k set (nonzero) for a lazy-PLT expression. */
static void frame_rule(Dwarf_Frame *f, int ra_reg, bool signalp,
		       struct fgprof_cfi_row *r, int *plt_k)
{
	Dwarf_Op mem[3], *ops;
	size_t n;
	int64_t off;

	memset(r, 0, sizeof(*r));
	*plt_k = 0;
	if (signalp)
		return unsupported(r, FGPROF_CFI_WHY_SIGNAL);
	if (ra_reg != REG_RA || dwarf_frame_register(f, REG_RA, mem, &ops, &n))
		return unsupported(r, FGPROF_CFI_WHY_RA);
	if (n == 0 && ops) {		/* undefined: nothing called this */
		r->kind = FGPROF_CFI_OUTERMOST;
		return;
	}
	if (!at_cfa(ops, n, &off) || off != -8)
		return unsupported(r, FGPROF_CFI_WHY_RA);

	if (dwarf_frame_cfa(f, &ops, &n) || n == 0)
		return unsupported(r, FGPROF_CFI_WHY_EXPR);
	/* def_cfa comes as DW_OP_bregx reg, off; accept DW_OP_bregN too. */
	if (n == 1 && (ops[0].atom == DW_OP_bregx ||
		       (ops[0].atom >= DW_OP_breg0 &&
			ops[0].atom <= DW_OP_breg31))) {
		bool x = ops[0].atom == DW_OP_bregx;
		uint64_t reg = x ? ops[0].number :
				(uint64_t)(ops[0].atom - DW_OP_breg0);

		if (reg != REG_RSP && reg != REG_RBP)
			return unsupported(r, FGPROF_CFI_WHY_CFA_REG);
		r->kind = reg == REG_RSP ? FGPROF_CFI_RSP : FGPROF_CFI_RBP;
		off = (int64_t)(x ? ops[0].number2 : ops[0].number);
	} else if (plt_expr_k(ops, n)) {
		*plt_k = plt_expr_k(ops, n);
		r->kind = FGPROF_CFI_RSP;
		off = 8;
	} else {
		return unsupported(r, FGPROF_CFI_WHY_EXPR);
	}
	if (off < 0 || off > UINT16_MAX) {
		*plt_k = 0;
		return unsupported(r, FGPROF_CFI_WHY_RANGE);
	}
	r->cfa_off = off;

	if (dwarf_frame_register(f, REG_RBP, mem, &ops, &n))
		goto bad_rbp;
	if (n == 0 && !ops)		/* same value: unchanged */
		return;
	if (n == 1 && ops[0].atom == DW_OP_regx && ops[0].number == REG_RBP)
		return;
	if (!at_cfa(ops, n, &off) || off == 0 || off % 8 ||
	    off / 8 < INT8_MIN || off / 8 > INT8_MAX)
		goto bad_rbp;
	r->rbp_off = off / 8;
	return;
bad_rbp:
	*plt_k = 0;
	unsupported(r, FGPROF_CFI_WHY_RBP);
}

static int push(struct build *b, uint64_t start, uint64_t end,
		const struct fgprof_cfi_row *r)
{
	if (start >= end)
		return 0;
	if (array_grow((void **)&b->v, &b->cap, b->nr, sizeof(*b->v)))
		return -ENOMEM;
	b->v[b->nr] = (struct irow){ .start = start, .end = end,
				     .seq = b->nr, .r = *r };
	b->nr++;
	return 0;
}

/* [start, end) of a lazy PLT: rsp+8 before byte k of each entry, +16 on. */
static int push_plt(struct build *b, uint64_t start, uint64_t end, int k)
{
	struct fgprof_cfi_row r8 = { .kind = FGPROF_CFI_RSP, .cfa_off = 8 };
	struct fgprof_cfi_row r16 = { .kind = FGPROF_CFI_RSP, .cfa_off = 16 };
	uint64_t a, e, blk;
	int ret;

	for (a = start; a < end; a = e) {
		blk = a & ~15ull;
		if (a < blk + k) {
			e = blk + k < end ? blk + k : end;
			ret = push(b, a, e, &r8);
		} else {
			e = blk + 16 < end ? blk + 16 : end;
			ret = push(b, a, e, &r16);
		}
		if (ret)
			return ret;
	}
	b->t->plt_blocks++;
	return 0;
}

/* Every row of [lo, hi), an FDE's range: 0, -ENOMEM, or -EINVAL. */
static int walk_fde(Dwarf_CFI *cfi, uint64_t lo, uint64_t hi,
		    struct build *b)
{
	struct fgprof_cfi_row r;
	uint64_t a = lo;
	int ret, ra, k;

	while (a < hi) {
		Dwarf_Addr s, e;
		Dwarf_Frame *f;
		bool sig;

		if (dwarf_cfi_addrframe(cfi, a, &f))
			return -EINVAL;
		ra = dwarf_frame_info(f, &s, &e, &sig);
		if (ra < 0 || e <= a) {
			free(f);
			return -EINVAL;
		}
		frame_rule(f, ra, sig, &r, &k);
		free(f);
		if (e > hi)
			e = hi;
		ret = k ? push_plt(b, a, e, k) : push(b, a, e, &r);
		if (ret)
			return ret;
		a = e;
	}
	return 0;
}

/* A DW_EH_PE_* value at *p (the field at vaddr at): 0, or -1. */
static int read_encoded(int enc, const uint8_t **p, const uint8_t *end,
			uint64_t at, uint64_t *out)
{
	const uint8_t *q = *p;
	uint64_t v = 0;
	size_t size;
	int shift = 0;

	switch (enc & 0x0f) {
	case DW_EH_PE_absptr:
	case DW_EH_PE_udata8:
	case DW_EH_PE_sdata8:
		size = 8;
		break;
	case DW_EH_PE_udata4:
	case DW_EH_PE_sdata4:
		size = 4;
		break;
	case DW_EH_PE_udata2:
	case DW_EH_PE_sdata2:
		size = 2;
		break;
	case DW_EH_PE_uleb128:
		do {
			if (q >= end || shift > 63)
				return -1;
			v |= (uint64_t)(*q & 0x7f) << shift;
			shift += 7;
		} while (*q++ & 0x80);
		size = 0;
		break;
	default:
		return -1;
	}
	if (size) {
		if ((size_t)(end - q) < size)
			return -1;
		memcpy(&v, q, size);	/* x86-64 reads x86-64: little-endian */
		q += size;
		if (size < 8 && (enc & 0x08) && (v >> (size * 8 - 1)))
			v |= ~0ull << (size * 8);	/* sdata: extend */
	}
	switch (enc & 0x70) {
	case DW_EH_PE_absptr:
		break;
	case DW_EH_PE_pcrel:
		v += at;
		break;
	default:
		return -1;
	}
	if (enc & DW_EH_PE_indirect)
		return -1;
	*p = q;
	*out = v;
	return 0;
}

/* The FDE pointer encoding from a CIE's augmentation, or -1. */
static int cie_fde_enc(const Dwarf_CIE *cie)
{
	const uint8_t *d = cie->augmentation_data;
	const uint8_t *end = d + cie->augmentation_data_size;
	const char *a = cie->augmentation;
	uint64_t ignored;
	int penc;

	if (!*a)
		return DW_EH_PE_absptr;
	if (*a != 'z' || !d)
		return -1;
	for (a++; *a; a++) {
		switch (*a) {
		case 'R':
			return d < end ? *d : -1;
		case 'L':
			d++;
			break;
		case 'P':
			if (d >= end)
				return -1;
			penc = *d++ & ~DW_EH_PE_indirect & 0x7f;
			/* Its value is not needed, only its size. */
			if (read_encoded(penc & 0x0f, &d, end, 0, &ignored))
				return -1;
			break;
		case 'S':
		case 'B':
			break;
		default:
			return -1;
		}
	}
	return DW_EH_PE_absptr;
}

static int cie_enc_get(struct cie_cache *c, const unsigned char *ident,
		       Elf_Data *data, bool eh, Dwarf_Off off)
{
	Dwarf_CFI_Entry e;
	Dwarf_Off next;
	size_t i;
	int enc = -1;

	for (i = c->nr; i-- > 0;)
		if (c->v[i].off == off)
			return c->v[i].enc;
	if (!dwarf_next_cfi(ident, data, eh, off, &next, &e) &&
	    dwarf_cfi_cie_p(&e))
		enc = eh ? cie_fde_enc(&e.cie) : DW_EH_PE_absptr;
	if (!array_grow((void **)&c->v, &c->cap, c->nr, sizeof(*c->v)))
		c->v[c->nr++] = (struct cie_enc){ .off = off, .enc = enc };
	return enc;
}

/* The data of the section called name, or NULL; *addr its sh_addr. */
static Elf_Data *section(Elf *elf, const char *name, uint64_t *addr)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	size_t stri;
	const char *n;

	if (elf_getshdrstrndx(elf, &stri))
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		/* lld types .eh_frame SHT_X86_64_UNWIND. */
		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_PROGBITS &&
						sh.sh_type != SHT_X86_64_UNWIND))
			continue;
		n = elf_strptr(elf, stri, sh.sh_name);
		if (!n || strcmp(n, name))
			continue;
		if ((sh.sh_flags & SHF_COMPRESSED) && elf_compress(scn, 0, 0) < 0)
			return NULL;
		*addr = sh.sh_addr;
		return elf_getdata(scn, NULL);
	}
	return NULL;
}

/*
 * Each FDE of a CFI section (data, loaded at sh_addr; eh: .eh_frame's
 * format, else .debug_frame's), its code [lo, lo + len) passed to fn;
 * those whose range cannot be read are counted in *skipped. fn returns
 * 0, -ENOMEM to stop, or another error to count the FDE as skipped.
 * 0, or -ENOMEM.
 */
static int each_fde(Elf *elf, Elf_Data *data, uint64_t sh_addr, bool eh,
		    int (*fn)(void *ctx, uint64_t lo, uint64_t len),
		    void *ctx, uint32_t *skipped)
{
	const unsigned char *ident = (const unsigned char *)elf_getident(elf, NULL);
	struct cie_cache cies = { 0 };
	Dwarf_Off off = 0, next;
	Dwarf_CFI_Entry e;
	uint64_t lo, len;
	const uint8_t *p;
	int enc, ret = 0;

	while (off != (Dwarf_Off)-1 &&
	       !dwarf_next_cfi(ident, data, eh, off, &next, &e)) {
		off = next;
		if (dwarf_cfi_cie_p(&e))
			continue;
		enc = cie_enc_get(&cies, ident, data, eh, e.fde.CIE_pointer);
		p = e.fde.start;
		if (enc < 0 ||
		    read_encoded(enc, &p, e.fde.end, sh_addr +
				 (p - (const uint8_t *)data->d_buf), &lo) ||
		    read_encoded(enc & 0x0f, &p, e.fde.end, 0, &len) ||
		    lo + len < lo) {
			(*skipped)++;
			continue;
		}
		if (!len)
			continue;
		ret = fn(ctx, lo, len);
		if (ret == -ENOMEM)
			break;
		if (ret)
			(*skipped)++;
		ret = 0;
	}
	free(cies.v);
	return ret;
}

/* each_fde's walk for a table: the FDE's rows into the build. */
struct fde_walk {
	Dwarf_CFI *cfi;
	struct build *b;
	uint32_t *nr_fdes;
};

static int fde_rows(void *ctx, uint64_t lo, uint64_t len)
{
	struct fde_walk *w = ctx;
	int ret;

	if (lo < w->b->t->base || lo + len - w->b->t->base > UINT32_MAX)
		return -EINVAL;
	/* The rows walked so far are kept even when it fails. */
	ret = walk_fde(w->cfi, lo, lo + len, w->b);
	if (!ret)
		(*w->nr_fdes)++;
	return ret;
}

static int walk_section(Elf *elf, Dwarf_CFI *cfi, Elf_Data *data,
			uint64_t sh_addr, bool eh, struct build *b,
			uint32_t *nr_fdes)
{
	struct fde_walk w = { .cfi = cfi, .b = b, .nr_fdes = nr_fdes };

	return each_fde(elf, data, sh_addr, eh, fde_rows, &w,
			&b->t->fdes_skipped);
}

static int irow_cmp(const void *a, const void *b)
{
	const struct irow *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_rule(const struct fgprof_cfi_row *a,
		      const struct fgprof_cfi_row *b)
{
	return a->kind == b->kind && a->cfa_off == b->cfa_off &&
	       a->rbp_off == b->rbp_off;
}

static int emit(struct cfi_table *t, size_t *cap, uint64_t vaddr,
		const struct fgprof_cfi_row *r)
{
	struct fgprof_cfi_row *last = t->nr ? &t->rows[t->nr - 1] : NULL;

	if (last && same_rule(last, r))
		return 0;
	if (array_grow((void **)&t->rows, cap, t->nr, sizeof(*t->rows)))
		return -ENOMEM;
	t->rows[t->nr] = *r;
	t->rows[t->nr].start = vaddr - t->base;
	t->nr++;
	return 0;
}

/* Sorted intervals to rows: the earlier wins an overlap, gaps NONE. */
static int finish(struct build *b)
{
	static const struct fgprof_cfi_row none = { .kind = FGPROF_CFI_NONE };
	struct cfi_table *t = b->t;
	uint64_t end = 0, s;
	size_t i, cap = 0;

	qsort(b->v, b->nr, sizeof(*b->v), irow_cmp);
	for (i = 0; i < b->nr; i++) {
		s = b->v[i].start;
		if (t->nr && s < end)
			s = end;
		if (s >= b->v[i].end)
			continue;
		if ((t->nr && s > end && emit(t, &cap, end, &none)) ||
		    emit(t, &cap, s, &b->v[i].r))
			return -ENOMEM;
		end = b->v[i].end;
	}
	if (t->nr && emit(t, &cap, end, &none))
		return -ENOMEM;
	return 0;
}

/* Ranges of .eh_frame's rows, sorted and merged, for clipping others. */
static size_t coverage(struct build *b, size_t n)
{
	size_t i, m = 0;

	qsort(b->v, n, sizeof(*b->v), irow_cmp);
	for (i = 0; i < n; i++) {
		if (m && b->v[i].start <= b->v[m - 1].end) {
			if (b->v[i].end > b->v[m - 1].end)
				b->v[m - 1].end = b->v[i].end;
			continue;
		}
		b->v[m++] = b->v[i];
	}
	return m;
}

/* .debug_frame's rows d[0..nd) minus cov[0..ncov): into out. */
static int clip(const struct irow *cov, size_t ncov, const struct irow *d,
		size_t nd, struct build *out)
{
	size_t i, lo, hi;
	uint64_t s, e;

	for (i = 0; i < nd; i++) {
		s = d[i].start;
		e = d[i].end;
		lo = 0;
		hi = ncov;
		while (lo < hi) {	/* first coverage ending after s */
			size_t mid = lo + (hi - lo) / 2;

			if (cov[mid].end <= s)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < ncov && s < e && cov[lo].start < e; lo++) {
			if (push(out, s, cov[lo].start < s ? s : cov[lo].start,
				 &d[i].r))
				return -ENOMEM;
			s = cov[lo].end;
		}
		if (s < e && push(out, s, e, &d[i].r))
			return -ENOMEM;
	}
	return 0;
}

static uint64_t load_base(Elf *elf)
{
	uint64_t base = UINT64_MAX;
	size_t i, n;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &n))
		return 0;
	for (i = 0; i < n; i++)
		if (gelf_getphdr(elf, i, &ph) && ph.p_type == PT_LOAD &&
		    ph.p_vaddr < base)
			base = ph.p_vaddr;
	return base == UINT64_MAX ? 0 : base & ~4095ull;
}

static int debug_frame_rows(Elf *debug, struct build *b, struct build *dbg)
{
	Dwarf *dw = dwarf_begin_elf(debug, DWARF_C_READ, NULL);
	Dwarf_CFI *cfi;
	Elf_Data *data;
	uint64_t addr;
	int ret = 0;

	if (!dw)
		return 0;
	cfi = dwarf_getcfi(dw);
	data = section(debug, ".debug_frame", &addr);
	if (cfi && data)
		ret = walk_section(debug, cfi, data, 0, false, dbg,
				   &b->t->fdes_debug);
	dwarf_end(dw);
	return ret;
}

int cfi_table_build_elf(Elf *elf, Elf *debug, struct cfi_table *t)
{
	struct build b = { .t = t }, dbg = { .t = t }, keep = { .t = t };
	Dwarf_CFI *cfi = NULL;
	Elf_Data *data;
	GElf_Ehdr eh;
	uint64_t addr;
	size_t ncov;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	if (!gelf_getehdr(elf, &eh) || eh.e_machine != EM_X86_64 ||
	    gelf_getclass(elf) != ELFCLASS64)
		return -ENOEXEC;
	t->base = load_base(elf);

	data = section(elf, ".eh_frame", &addr);
	if (data)
		cfi = dwarf_getcfi_elf(elf);
	if (cfi) {
		ret = walk_section(elf, cfi, data, addr, true, &b,
				   &t->fdes_eh);
		dwarf_cfi_end(cfi);
	}
	if (!ret && debug)
		ret = debug_frame_rows(debug, &b, &dbg);
	if (!ret && dbg.nr) {
		/* keep: eh_frame's rows; b->v reused for its coverage. */
		keep.v = malloc(b.nr * sizeof(*b.v) + 1);
		if (!keep.v) {
			ret = -ENOMEM;
			goto out;
		}
		memcpy(keep.v, b.v, b.nr * sizeof(*b.v));
		keep.nr = keep.cap = b.nr;
		ncov = coverage(&b, b.nr);
		ret = clip(b.v, ncov, dbg.v, dbg.nr, &keep);
		free(b.v);
		b = keep;
		keep.v = NULL;
	}
	if (!ret)
		ret = finish(&b);
	if (!ret && !t->nr)
		ret = -ENOENT;
out:
	free(b.v);
	free(dbg.v);
	free(keep.v);
	if (ret)
		cfi_table_free(t);
	return ret;
}

static bool has_section(Elf *elf, const char *name)
{
	uint64_t addr;

	return section(elf, name, &addr) != NULL;
}

static Elf *open_elf(const char *path, int *fd)
{
	Elf *elf;

	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	elf = elf_begin(*fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF) {
		elf_end(elf);
		close(*fd);
		*fd = -1;
		errno = ENOEXEC;
		return NULL;
	}
	return elf;
}

int cfi_table_build(const char *path, const char *debug_dirs,
		    struct cfi_table *t)
{
	char hex[BUILDID_HEX_LEN], dpath[4096];
	Elf *elf, *debug = NULL;
	int fd, dfd = -1, ret;

	memset(t, 0, sizeof(*t));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return -EIO;
	elf = open_elf(path, &fd);
	if (!elf)
		return -errno;
	if (has_section(elf, ".debug_frame")) {
		debug = elf;
	} else if (buildid_read_fd(fd, hex, sizeof(hex)) > 0 &&
		   !sym_find_by_build_id(sym_debug_dirs(debug_dirs), hex,
					 dpath, sizeof(dpath))) {
		debug = open_elf(dpath, &dfd);
		if (debug && !has_section(debug, ".debug_frame")) {
			elf_end(debug);
			close(dfd);
			debug = NULL;
		}
	}
	ret = cfi_table_build_elf(elf, debug, t);
	if (debug && debug != elf) {
		elf_end(debug);
		close(dfd);
	}
	elf_end(elf);
	close(fd);
	return ret;
}

void cfi_table_free(struct cfi_table *t)
{
	free(t->rows);
	t->rows = NULL;
	t->nr = 0;
}

const char *cfi_row_str(const struct fgprof_cfi_row *r, char *buf,
			size_t len)
{
	static const char *const why[] = {
		[FGPROF_CFI_WHY_EXPR] = "expression",
		[FGPROF_CFI_WHY_CFA_REG] = "cfa register",
		[FGPROF_CFI_WHY_SIGNAL] = "signal frame",
		[FGPROF_CFI_WHY_RA] = "return address",
		[FGPROF_CFI_WHY_RBP] = "rbp rule",
		[FGPROF_CFI_WHY_RANGE] = "cfa offset range",
	};
	int n;

	switch (r->kind) {
	case FGPROF_CFI_RSP:
	case FGPROF_CFI_RBP:
		n = snprintf(buf, len, "%s+%u",
			     r->kind == FGPROF_CFI_RSP ? "rsp" : "rbp",
			     r->cfa_off);
		if (r->rbp_off && n > 0 && (size_t)n < len)
			snprintf(buf + n, len - n, " rbp=c%d", 8 * r->rbp_off);
		break;
	case FGPROF_CFI_NONE:
		snprintf(buf, len, "none");
		break;
	case FGPROF_CFI_OUTERMOST:
		snprintf(buf, len, "outermost");
		break;
	case FGPROF_CFI_UNSUPPORTED:
		snprintf(buf, len, "unsupported (%s)",
			 r->cfa_off >= 1 && r->cfa_off <= FGPROF_CFI_WHY_MAX ?
			 why[r->cfa_off] : "?");
		break;
	default:
		snprintf(buf, len, "kind %u?", r->kind);
	}
	return buf;
}

struct fde_list {
	struct cfi_fde_range *v;
	size_t nr, cap;
};

static int fde_range(void *ctx, uint64_t lo, uint64_t len)
{
	struct fde_list *l = ctx;

	if (array_grow((void **)&l->v, &l->cap, l->nr, sizeof(*l->v)))
		return -ENOMEM;
	l->v[l->nr++] = (struct cfi_fde_range){ lo, lo + len };
	return 0;
}

static int fde_cmp(const void *a, const void *b)
{
	const struct cfi_fde_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int cfi_fde_ranges(Elf *elf, struct cfi_fde_range **out, size_t *nr)
{
	struct fde_list l = { 0 };
	uint32_t skipped = 0;
	Elf_Data *data;
	uint64_t addr;
	int ret;

	*out = NULL;
	*nr = 0;
	data = section(elf, ".eh_frame", &addr);
	if (!data)
		return -ENOENT;
	ret = each_fde(elf, data, addr, true, fde_range, &l, &skipped);
	if (ret) {
		free(l.v);
		return ret;
	}
	if (!l.nr)
		return -ENOENT;
	qsort(l.v, l.nr, sizeof(*l.v), fde_cmp);
	*out = l.v;
	*nr = l.nr;
	return 0;
}

const struct cfi_fde_range *cfi_fde_find(const struct cfi_fde_range *v,
					 size_t nr, uint64_t addr)
{
	size_t lo = 0, hi = nr, mid;

	/* The last range starting at or below addr; FDEs do not overlap. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && addr < v[lo - 1].end ? &v[lo - 1] : NULL;
}
