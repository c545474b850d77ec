// SPDX-License-Identifier: GPL-2.0
/*
 * user/unwind/cfi_table.c and user/unwind/cfi_step.c: the unwind tables compiled from
 * CFI, checked against readelf --debug-dump=frames-interp row by row
 * (libc and a program compiled here with -O2 -fomit-frame-pointer, its
 * CFI in .eh_frame or in .debug_frame), against hand-written CFI
 * (tests/unit/data/cfi_asm.S), for the table's invariants, and by
 * unwinding a real stack (tests/unit/data/cfi_chain.c: main -> f1 .. f20)
 * with the tables and cfi_step() alone, as the module will.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cfi_step.h"
#include "cfi_table.h"
#include "unit.h"

#ifndef LIBC	/* another file to compare with readelf: -DLIBC=\"path\" */
#define LIBC "/usr/lib/x86_64-linux-gnu/libc.so.6"
#endif

static char dir[64];
static char chain[128], chain_dbg[128];	/* "" when not built */
static bool have_readelf;

static int sh(const char *cmd)
{
	int ret = system(cmd);

	return ret == 0 ? 0 : -1;
}

/* Build the test programs into a temporary directory. */
static void setup(void)
{
	char cmd[4096], src[512], asmf[512];

	snprintf(dir, sizeof(dir), "/tmp/fgprof-cfi-XXXXXX");
	if (!mkdtemp(dir)) {
		dir[0] = '\0';
		return;
	}
	snprintf(src, sizeof(src), "%s", unit_data("cfi_chain.c"));
	snprintf(asmf, sizeof(asmf), "%s", unit_data("cfi_asm.S"));
	snprintf(chain, sizeof(chain), "%s/chain", dir);
	/* The sources quoted: a checkout's path may hold a space. */
	snprintf(cmd, sizeof(cmd),
		 "cc -O2 -fomit-frame-pointer -o %s '%s' '%s'", chain, src, asmf);
	if (sh(cmd))
		chain[0] = '\0';
	/*
	 * C code's CFI in .debug_frame only (the .S file's and crt's stay
	 * in .eh_frame): the debug_frame path and the merge of both.
	 */
	snprintf(chain_dbg, sizeof(chain_dbg), "%s/chain_dbg", dir);
	snprintf(cmd, sizeof(cmd),
		 "cc -O2 -g -fomit-frame-pointer -fno-asynchronous-unwind-tables"
		 " -fno-unwind-tables -o %s '%s' '%s'", chain_dbg, src, asmf);
	if (sh(cmd))
		chain_dbg[0] = '\0';
	have_readelf = !sh("readelf --version >/dev/null 2>&1");
}

static void cleanup(void)
{
	char cmd[128];

	if (dir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
		(void)!system(cmd);
	}
}

static bool same(const struct fgprof_cfi_row *a,
		 const struct fgprof_cfi_row *b)
{
	return a->kind == b->kind && a->cfa_off == b->cfa_off &&
	       a->rbp_off == b->rbp_off;
}

static const struct fgprof_cfi_row *at(const struct cfi_table *t,
				       uint64_t vaddr)
{
	return vaddr < t->base ? NULL :
	       cfi_lookup(t->rows, t->nr, vaddr - t->base);
}

/* --- readelf --debug-dump=frames-interp, parsed ----------------------- */

struct re_rule {
	char cfa[32], rbp[32], ra[32];
};

struct re_row {
	uint64_t start, end;
	bool debug;		/* from .debug_frame */
	bool sig;		/* its CIE has 'S' */
	struct re_rule rule;
};

struct re_cie {
	unsigned long off;
	bool debug, sig;
	struct re_rule init;
};

struct re {
	struct re_row *rows;
	size_t nr, cap;
	struct re_cie cies[64];
	size_t ncies;
	/* .eh_frame FDE ranges, to tell which .debug_frame rows count */
	uint64_t (*eh)[2];
	size_t neh, caph;
};

static void re_push(struct re *re, const struct re_row *r)
{
	if (re->nr == re->cap) {
		re->cap = re->cap ? 2 * re->cap : 1024;
		re->rows = realloc(re->rows, re->cap * sizeof(*re->rows));
	}
	re->rows[re->nr++] = *r;
}

/* A table line's values by column: "r9 (r9)" is one value. */
static int split(char *line, char **tok, int max)
{
	int n = 0;
	char *p;

	for (p = strtok(line, " \n"); p && n < max; p = strtok(NULL, " \n")) {
		if (p[0] == '(' && n) {
			p[-1] = ' ';	/* rejoin with the previous token */
			continue;
		}
		tok[n++] = p;
	}
	return n;
}

static bool re_parse(const char *path, struct re *re)
{
	char cmd[512], line[1024], cols[64][16], *tok[64];
	struct re_rule cur = { "", "", "" };
	struct re_row fde_rows[4096];
	int ncols = 0, n, i, nfr = 0;
	bool debug = false, in_fde = false, in_cie = false, sig = false;
	uint64_t lo = 0, hi = 0;
	struct re_cie *cie = NULL;
	unsigned long off, cieoff;
	FILE *f;

	memset(re, 0, sizeof(*re));
	snprintf(cmd, sizeof(cmd),
		 "readelf --debug-dump=frames-interp %s 2>/dev/null", path);
	f = popen(cmd, "r");
	if (!f)
		return false;
	for (;;) {
		char *l = fgets(line, sizeof(line), f);
		char aug[16];
		bool hdr = l && (strstr(l, " FDE ") || strstr(l, " CIE ") ||
				 strstr(l, "Contents of"));

		/* An FDE ends at a blank line or the next header. */
		if (in_fde && (!l || hdr || l[0] == '\n')) {
			if (!nfr && cie) {	/* no instructions: the CIE's */
				fde_rows[0].start = lo;
				fde_rows[0].rule = cie->init;
				nfr = 1;
			}
			for (i = 0; i < nfr; i++) {
				fde_rows[i].end = i + 1 < nfr ?
						  fde_rows[i + 1].start : hi;
				fde_rows[i].debug = debug;
				fde_rows[i].sig = sig;
				if (fde_rows[i].start < fde_rows[i].end)
					re_push(re, &fde_rows[i]);
			}
			if (!debug) {
				if (re->neh == re->caph) {
					re->caph = re->caph ? 2 * re->caph : 256;
					re->eh = realloc(re->eh, re->caph *
							 sizeof(*re->eh));
				}
				re->eh[re->neh][0] = lo;
				re->eh[re->neh++][1] = hi;
			}
			in_fde = false;
		}
		if (!l)
			break;
		if (strstr(l, "Contents of the .debug_frame")) {
			debug = true;
			continue;
		}
		if (strstr(l, "Contents of the .eh_frame")) {
			debug = false;
			continue;
		}
		aug[0] = '\0';
		if (strstr(l, " CIE \"") &&
		    sscanf(l, "%lx %*x %*x CIE \"%15[^\"]\"", &off, aug) >= 1) {
			if (re->ncies < 64) {
				cie = &re->cies[re->ncies++];
				cie->off = off;
				cie->debug = debug;
				cie->sig = strchr(aug, 'S') != NULL;
				memset(&cie->init, 0, sizeof(cie->init));
			}
			in_cie = true;
			continue;
		}
		if (strstr(l, " FDE ")) {
			char *p = strstr(l, "cie="), *q = strstr(l, "pc=");

			in_cie = false;
			if (!p || !q || sscanf(p, "cie=%lx", &cieoff) != 1 ||
			    sscanf(q, "pc=%lx..%lx", &lo, &hi) != 2)
				continue;
			cie = NULL;
			for (i = 0; i < (int)re->ncies; i++)
				if (re->cies[i].off == cieoff &&
				    re->cies[i].debug == debug)
					cie = &re->cies[i];
			sig = cie && cie->sig;
			in_fde = true;
			nfr = 0;
			continue;
		}
		if (strstr(l, "   LOC ")) {
			n = split(l, tok, 64);
			for (i = 0, ncols = 0; i < n && ncols < 64; i++)
				snprintf(cols[ncols++], sizeof(cols[0]), "%s",
					 tok[i]);
			continue;
		}
		if (strlen(l) > 17 && l[16] == ' ' &&
		    strspn(l, "0123456789abcdef") == 16) {
			n = split(l, tok, 64);
			memset(&cur, 0, sizeof(cur));
			for (i = 1; i < n && i < ncols; i++) {
				char *dst = !strcmp(cols[i], "CFA") ? cur.cfa :
					    !strcmp(cols[i], "rbp") ? cur.rbp :
					    !strcmp(cols[i], "ra") ? cur.ra : NULL;

				if (dst)
					snprintf(dst, sizeof(cur.cfa), "%s",
						 tok[i]);
			}
			if (in_cie && cie) {
				cie->init = cur;
				continue;
			}
			if (!in_fde || nfr >= 4096)
				continue;
			off = strtoull(tok[0], NULL, 16);
			if (nfr && fde_rows[nfr - 1].start == off)
				nfr--;	/* the later row at a loc wins */
			fde_rows[nfr].start = off;
			fde_rows[nfr].rule = cur;
			nfr++;
		}
	}
	/* readelf exits 1 on some files (libc) after printing it all. */
	pclose(f);
	return re->nr > 0;
}

static void re_free(struct re *re)
{
	free(re->rows);
	free(re->eh);
}

/* Does r match readelf's rule? plt: "exp" may be the expanded PLT form. */
static bool rule_matches(const struct re_row *e,
			 const struct fgprof_cfi_row *r)
{
	const struct re_rule *u = &e->rule;
	unsigned int off;
	int rbp, kind;
	char reg[8];

	if (!r)
		return false;
	if (e->sig)
		return r->kind == FGPROF_CFI_UNSUPPORTED &&
		       r->cfa_off == FGPROF_CFI_WHY_SIGNAL;
	if (!strcmp(u->ra, "u"))
		return r->kind == FGPROF_CFI_OUTERMOST;
	if (strcmp(u->ra, "c-8"))
		return r->kind == FGPROF_CFI_UNSUPPORTED;
	if (!strcmp(u->cfa, "exp"))
		return r->kind == FGPROF_CFI_UNSUPPORTED ||
		       (r->kind == FGPROF_CFI_RSP && !r->rbp_off &&
			(r->cfa_off == 8 || r->cfa_off == 16));
	if (sscanf(u->cfa, "%7[a-z0-9]+%u", reg, &off) != 2 ||
	    (strcmp(reg, "rsp") && strcmp(reg, "rbp")))
		return r->kind == FGPROF_CFI_UNSUPPORTED;
	if (off > UINT16_MAX)
		return r->kind == FGPROF_CFI_UNSUPPORTED;
	kind = !strcmp(reg, "rsp") ? FGPROF_CFI_RSP : FGPROF_CFI_RBP;
	if (!u->rbp[0] || !strcmp(u->rbp, "u") || !strcmp(u->rbp, "s"))
		rbp = 0;
	else if (sscanf(u->rbp, "c%d", &rbp) == 1 && rbp && !(rbp % 8) &&
		 rbp / 8 >= INT8_MIN && rbp / 8 <= INT8_MAX)
		rbp /= 8;
	else
		return r->kind == FGPROF_CFI_UNSUPPORTED;
	return r->kind == kind && r->cfa_off == off && r->rbp_off == rbp;
}

static bool in_eh(const struct re *re, uint64_t s, uint64_t e)
{
	size_t i;

	for (i = 0; i < re->neh; i++)
		if (s < re->eh[i][1] && re->eh[i][0] < e)
			return true;
	return false;
}

/*
 * Every readelf row's first and last address against the table: returns
 * the number of addresses checked, every mismatch printed.
 */
static size_t compare_readelf(const char *path, const struct cfi_table *t)
{
	size_t i, checked = 0, bad = 0;
	struct re re;
	char buf[64];

	CHECK(re_parse(path, &re));
	for (i = 0; i < re.nr; i++) {
		const struct re_row *e = &re.rows[i];
		uint64_t a[2] = { e->start, e->end - 1 };
		int j;

		if (e->debug && in_eh(&re, e->start, e->end))
			continue;	/* .eh_frame's rows win there */
		for (j = 0; j < 2; j++) {
			const struct fgprof_cfi_row *r = at(t, a[j]);

			checked++;
			if (rule_matches(e, r))
				continue;
			if (bad++ < 10)
				fprintf(stderr, "# %s %#lx: readelf %s rbp %s "
					"ra %s%s, table %s\n", path,
					(unsigned long)a[j], e->rule.cfa,
					e->rule.rbp[0] ? e->rule.rbp : "-",
					e->rule.ra, e->sig ? " (signal)" : "",
					r ? cfi_row_str(r, buf, sizeof(buf)) :
					"(none)");
		}
	}
	CHECK(bad == 0);
	printf("# %s: %zu addresses checked against readelf\n", path, checked);
	re_free(&re);
	return checked;
}

static void test_readelf_libc(void)
{
	struct cfi_table t;

	if (!have_readelf || access(LIBC, R_OK)) {
		printf("# skipped: readelf or %s missing\n", LIBC);
		return;
	}
	CHECK(cfi_table_build(LIBC, "/nonexistent", &t) == 0);
	/* libc has thousands of rows: all of readelf's are compared. */
	CHECK(compare_readelf(LIBC, &t) > 1000);
	cfi_table_free(&t);
}

static void test_readelf_chain(void)
{
	struct cfi_table t;

	CHECK(chain[0] && chain_dbg[0]);
	if (!have_readelf || !chain[0] || !chain_dbg[0])
		return;
	CHECK(cfi_table_build(chain, "/nonexistent", &t) == 0);
	CHECK(t.fdes_eh > 20 && t.fdes_debug == 0);
	CHECK(compare_readelf(chain, &t) > 200);
	cfi_table_free(&t);

	CHECK(cfi_table_build(chain_dbg, "/nonexistent", &t) == 0);
	CHECK(t.fdes_debug >= 20);
	CHECK(compare_readelf(chain_dbg, &t) > 200);
	cfi_table_free(&t);
}

/* The CFI of a stripped file from its separate debug file, by build-id. */
static void test_separate_debug(void)
{
	char cmd[1024], dbgdir[128], stripped[128], id[64];
	struct cfi_table t, full;
	FILE *f;

	if (!chain_dbg[0])
		return;
	snprintf(cmd, sizeof(cmd),
		 "readelf -n %s | sed -n 's/.*Build ID: //p'", chain_dbg);
	f = popen(cmd, "r");
	CHECK(f && fscanf(f, "%63s", id) == 1);
	if (f)
		pclose(f);
	snprintf(dbgdir, sizeof(dbgdir), "%s/debug", dir);
	snprintf(stripped, sizeof(stripped), "%s/chain_stripped", dir);
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/.build-id/%.2s && "
		 "objcopy --only-keep-debug %s %s/.build-id/%.2s/%s.debug && "
		 "strip -g -o %s %s", dbgdir, id, chain_dbg, dbgdir, id, id + 2,
		 stripped, chain_dbg);
	if (sh(cmd)) {
		printf("# skipped: objcopy/strip failed\n");
		return;
	}
	CHECK(cfi_table_build(chain_dbg, "/nonexistent", &full) == 0);
	/* Without the debug file: .eh_frame's part only. */
	CHECK(cfi_table_build(stripped, "/nonexistent", &t) == 0);
	CHECK(t.fdes_debug == 0 && t.nr < full.nr);
	cfi_table_free(&t);
	CHECK(cfi_table_build(stripped, dbgdir, &t) == 0);
	CHECK(t.fdes_debug == full.fdes_debug && t.nr == full.nr);
	CHECK(t.nr == full.nr &&
	      !memcmp(t.rows, full.rows, t.nr * sizeof(*t.rows)));
	cfi_table_free(&t);
	cfi_table_free(&full);
}

/* --- symbols of the test program ------------------------------------- */

/* The address of name in path's symbol table, or 0. */
static uint64_t sym_addr(const char *path, const char *name)
{
	uint64_t addr = 0;
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Sym s;
	Elf_Data *d;
	size_t i;
	int fd = open(path, O_RDONLY);
	Elf *elf;

	if (fd < 0)
		return 0;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	while (elf && !addr && (scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; d && i < sh.sh_size / sh.sh_entsize; i++)
			if (gelf_getsym(d, i, &s) &&
			    !strcmp(elf_strptr(elf, sh.sh_link, s.st_name),
				    name))
				addr = s.st_value;
	}
	elf_end(elf);
	close(fd);
	return addr;
}

/* The function symbol holding vaddr in path, into buf ("?" if none). */
static const char *sym_name(const char *path, uint64_t vaddr, char *buf,
			    size_t len)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	GElf_Sym s;
	Elf_Data *d;
	size_t i;
	int fd = open(path, O_RDONLY);
	Elf *elf;

	snprintf(buf, len, "?");
	if (fd < 0)
		return buf;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	while (elf && (scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; d && i < sh.sh_size / sh.sh_entsize; i++)
			if (gelf_getsym(d, i, &s) &&
			    GELF_ST_TYPE(s.st_info) == STT_FUNC &&
			    vaddr >= s.st_value &&
			    vaddr < s.st_value + (s.st_size ? s.st_size : 1))
				snprintf(buf, len, "%s",
					 elf_strptr(elf, sh.sh_link, s.st_name));
	}
	elf_end(elf);
	close(fd);
	return buf;
}

/* --- hand-written CFI ---------------------------------------------------- */

struct want {
	const char *sym;
	unsigned int off;
	enum fgprof_cfi_kind kind;
	unsigned int cfa_off;	/* or the why of an unsupported row */
	int rbp_off;
};

static void test_handmade(void)
{
	static const struct want w[] = {
		/* push rbx; push rbp; sub $40; ...; add; pop; pop; ret */
		{ "cfi_leaf", 0, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_leaf", 1, FGPROF_CFI_RSP, 16, 0 },
		{ "cfi_leaf", 2, FGPROF_CFI_RSP, 24, -3 },
		{ "cfi_leaf", 5, FGPROF_CFI_RSP, 24, -3 },
		{ "cfi_leaf", 6, FGPROF_CFI_RSP, 64, -3 },
		{ "cfi_leaf", 10, FGPROF_CFI_RSP, 64, -3 },
		{ "cfi_leaf", 11, FGPROF_CFI_RSP, 24, -3 },
		{ "cfi_leaf", 12, FGPROF_CFI_RSP, 16, 0 },
		{ "cfi_leaf", 13, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_leaf", 14, FGPROF_CFI_NONE, 0, 0 },	/* padding */
		{ "cfi_fp", 0, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_fp", 1, FGPROF_CFI_RSP, 16, -2 },
		{ "cfi_fp", 4, FGPROF_CFI_RBP, 16, -2 },
		{ "cfi_fp", 5, FGPROF_CFI_RBP, 16, -2 },
		{ "cfi_fp", 6, FGPROF_CFI_RSP, 8, -2 },
		{ "cfi_nocfi", 0, FGPROF_CFI_NONE, 0, 0 },
		{ "cfi_nocfi", 1, FGPROF_CFI_NONE, 0, 0 },
		{ "cfi_big", 0, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_big", 7, FGPROF_CFI_UNSUPPORTED, FGPROF_CFI_WHY_RANGE, 0 },
		{ "cfi_big", 14, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_expr", 0, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_expr", 1, FGPROF_CFI_UNSUPPORTED, FGPROF_CFI_WHY_EXPR, 0 },
		{ "cfi_r10", 5, FGPROF_CFI_UNSUPPORTED, FGPROF_CFI_WHY_CFA_REG, 0 },
		{ "cfi_outer", 0, FGPROF_CFI_OUTERMOST, 0, 0 },
		{ "cfi_sig", 0, FGPROF_CFI_UNSUPPORTED, FGPROF_CFI_WHY_SIGNAL, 0 },
		{ "cfi_plt", 0, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_plt", 10, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_plt", 11, FGPROF_CFI_RSP, 16, 0 },
		{ "cfi_plt", 15, FGPROF_CFI_RSP, 16, 0 },
		{ "cfi_plt", 16, FGPROF_CFI_RSP, 8, 0 },
		{ "cfi_plt", 27, FGPROF_CFI_RSP, 16, 0 },
		{ "cfi_plt", 32, FGPROF_CFI_NONE, 0, 0 },
	};
	const struct fgprof_cfi_row *r;
	struct cfi_table t;
	char buf[64];
	uint64_t a;
	size_t i;

	if (!chain[0])
		return;
	CHECK(cfi_table_build(chain, "/nonexistent", &t) == 0);
	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		a = sym_addr(chain, w[i].sym);
		CHECK(a != 0);
		r = at(&t, a + w[i].off);
		if (r && r->kind == w[i].kind && r->cfa_off == w[i].cfa_off &&
		    r->rbp_off == w[i].rbp_off)
			continue;
		fprintf(stderr, "# %s+%u: %s\n", w[i].sym, w[i].off,
			r ? cfi_row_str(r, buf, sizeof(buf)) : "(no row)");
		CHECK(0);
	}
	/* The cfi_plt rows each begin where the expression says. */
	a = sym_addr(chain, "cfi_plt");
	r = at(&t, a + 11);
	CHECK(r && r->start + t.base == a + 11);
	CHECK(t.plt_blocks >= 2);
	cfi_table_free(&t);
}

/* Sorted, unique, gap-explicit, merged, NONE-terminated: on libc. */
static void test_invariants(void)
{
	const char *const files[] = { LIBC, chain };
	struct cfi_table t;
	uint32_t i;
	size_t f;

	for (f = 0; f < 2; f++) {
		if (!files[f][0] || access(files[f], R_OK))
			continue;
		CHECK(cfi_table_build(files[f], "/nonexistent", &t) == 0);
		CHECK(t.nr > 2);
		CHECK(t.rows[0].kind != FGPROF_CFI_NONE);
		CHECK(t.rows[t.nr - 1].kind == FGPROF_CFI_NONE);
		for (i = 0; i < t.nr; i++) {
			const struct fgprof_cfi_row *r = &t.rows[i];

			CHECK(r->kind <= FGPROF_CFI_OUTERMOST);
			if (r->kind == FGPROF_CFI_RSP ||
			    r->kind == FGPROF_CFI_RBP)
				CHECK(r->cfa_off > 0);
			if (i == 0)
				continue;
			CHECK(r->start > t.rows[i - 1].start);
			CHECK(!same(r, &t.rows[i - 1]));
			/* lookups land in the row, not a neighbour */
			CHECK(at(&t, t.base + r->start) == r);
			CHECK(at(&t, t.base + r->start - 1) == r - 1);
		}
		CHECK(at(&t, t.base + t.rows[0].start - 1) == NULL ||
		      t.rows[0].start == 0);
		CHECK(sizeof(struct fgprof_cfi_row) == 8);
		cfi_table_free(&t);
	}
	CHECK(cfi_table_build("/nonexistent", NULL, &t) == -ENOENT);
	CHECK(cfi_table_build("/proc/self/status", NULL, &t) == -ENOEXEC);
}

/* --- a real stack unwound with the tables alone ---------------------- */

struct cfi_dump_mod {
	uint64_t bias, lo, hi;
	char path[256];
};

struct cfi_dump {
	uint64_t magic;
	uint64_t pc, sp, bp;
	struct cfi_dump_mod mod[2];
	uint64_t size;
};

struct stack {
	uint64_t base;
	const unsigned char *bytes;
	size_t size;
};

static int read_stack(void *ctx, __u64 addr, __u64 *val)
{
	const struct stack *s = ctx;

	if (addr < s->base || addr - s->base > s->size - 8)
		return -1;
	memcpy(val, s->bytes + (addr - s->base), 8);
	return 0;
}

static void unwind(const char *prog)
{
	char cmd[512], out[128], name[128], names[64][128];
	struct cfi_table tab[2];
	struct cfi_dump d;
	struct stack st;
	struct cfi_regs regs;
	enum cfi_step_result res = CFI_STEP_NO_INFO;
	unsigned char *bytes = NULL;
	int depth, m, i, nnames = 0;
	bool first = true;
	FILE *f;

	snprintf(out, sizeof(out), "%s/dump", dir);
	snprintf(cmd, sizeof(cmd), "%s %s", prog, out);
	CHECK(sh(cmd) == 0);
	f = fopen(out, "r");
	CHECK(f && fread(&d, sizeof(d), 1, f) == 1);
	if (!f)
		return;
	CHECK(d.magic == 0x6e69616863696663ull && d.size > 64 &&
	      d.size <= (1 << 20));
	bytes = malloc(d.size);
	CHECK(bytes && fread(bytes, 1, d.size, f) == d.size);
	fclose(f);
	CHECK(!strcmp(d.mod[0].path, prog));
	CHECK(cfi_table_build(d.mod[0].path, "/nonexistent", &tab[0]) == 0);
	CHECK(cfi_table_build(d.mod[1].path, "/nonexistent", &tab[1]) == 0);
	st = (struct stack){ .base = d.sp, .bytes = bytes, .size = d.size };
	regs = (struct cfi_regs){ .pc = d.pc, .sp = d.sp, .bp = d.bp };

	for (depth = 0; depth < 64; depth++) {
		const struct fgprof_cfi_row *r = NULL;
		uint64_t pc = regs.pc - (first ? 0 : 1);

		for (m = 0; m < 2; m++)
			if (pc >= d.mod[m].lo && pc < d.mod[m].hi)
				break;
		if (m == 2)
			break;
		if (m == 0 && nnames < 64) {
			sym_name(prog, pc - d.mod[0].bias, name, sizeof(name));
			snprintf(names[nnames++], sizeof(names[0]), "%s",
				 name);
		}
		if (pc - d.mod[m].bias >= tab[m].base)
			r = cfi_lookup(tab[m].rows, tab[m].nr,
				       pc - d.mod[m].bias - tab[m].base);
		res = cfi_step(r, &regs, read_stack, &st);
		if (res != CFI_STEP_OK)
			break;
		first = false;
	}
	/* f20 (where the stack was taken) down to f1, then main ... */
	CHECK(nnames >= 21);
	for (i = 0; i < 20 && i < nnames; i++) {
		snprintf(name, sizeof(name), "f%d", 20 - i);
		if (strcmp(names[i], name))
			fprintf(stderr, "# %s: frame %d is %s, not %s\n",
				prog, i, names[i], name);
		CHECK_STR(names[i], name);
	}
	if (nnames > 20)
		CHECK_STR(names[20], "main");
	/* ... through libc's __libc_start_main to _start, which ends it. */
	CHECK(nnames > 0 && !strcmp(names[nnames - 1], "_start"));
	CHECK(res == CFI_STEP_OUTERMOST);
	if (res != CFI_STEP_OUTERMOST)
		fprintf(stderr, "# %s: stopped with %d at depth %d\n", prog,
			res, depth);
	cfi_table_free(&tab[0]);
	cfi_table_free(&tab[1]);
	free(bytes);
}

static void test_unwind_eh_frame(void)
{
	CHECK(chain[0]);
	if (chain[0])
		unwind(chain);
}

static void test_unwind_debug_frame(void)
{
	CHECK(chain_dbg[0]);
	if (chain_dbg[0])
		unwind(chain_dbg);
}

/* The step itself on a synthetic stack: RSP, RBP, the stops. */
static void test_step(void)
{
	static const struct fgprof_cfi_row rows[] = {
		{ .start = 0x100, .kind = FGPROF_CFI_RSP, .cfa_off = 16,
		  .rbp_off = -2 },
		{ .start = 0x110, .kind = FGPROF_CFI_RBP, .cfa_off = 16 },
		{ .start = 0x120, .kind = FGPROF_CFI_OUTERMOST },
		{ .start = 0x130, .kind = FGPROF_CFI_UNSUPPORTED,
		  .cfa_off = FGPROF_CFI_WHY_EXPR },
		{ .start = 0x140, .kind = FGPROF_CFI_NONE },
	};
	uint64_t mem[8] = { 0xaaaa /* saved rbp */, 0x115 /* ra */, 0, 0,
			    0x999 /* ra */ };
	struct stack st = { .base = 0x7000, .bytes = (void *)mem,
			    .size = sizeof(mem) };
	struct cfi_regs regs = { .pc = 0x105, .sp = 0x7000, .bp = 0x1 };

	CHECK(cfi_lookup(rows, 5, 0xff) == NULL);
	CHECK(cfi_lookup(rows, 5, 0x100) == &rows[0]);
	CHECK(cfi_lookup(rows, 5, 0x10f) == &rows[0]);
	CHECK(cfi_lookup(rows, 5, 0x110) == &rows[1]);
	CHECK(cfi_lookup(rows, 5, 0x13f) == &rows[3]);
	CHECK(cfi_lookup(rows, 5, 1ull << 40) == &rows[4]);
	CHECK(cfi_lookup(rows, 0, 0x100) == NULL);

	/* rsp+16, rbp at CFA-16: pc = mem[1]... */
	CHECK(cfi_step(&rows[0], &regs, read_stack, &st) == CFI_STEP_OK);
	CHECK(regs.sp == 0x7010 && regs.pc == 0x115 && regs.bp == 0xaaaa);
	/* rbp+16 with rbp pointing into the copy */
	regs.bp = 0x7018;
	CHECK(cfi_step(&rows[1], &regs, read_stack, &st) == CFI_STEP_OK);
	CHECK(regs.sp == 0x7028 && regs.pc == 0x999 && regs.bp == 0x7018);
	CHECK(cfi_step(&rows[2], &regs, read_stack, &st) ==
	      CFI_STEP_OUTERMOST);
	CHECK(cfi_step(&rows[3], &regs, read_stack, &st) ==
	      CFI_STEP_UNSUPPORTED);
	CHECK(cfi_step(&rows[4], &regs, read_stack, &st) == CFI_STEP_NO_INFO);
	CHECK(cfi_step(NULL, &regs, read_stack, &st) == CFI_STEP_NO_INFO);
	/* a CFA at or below rsp would loop: stop */
	regs.bp = regs.sp - 16;
	CHECK(cfi_step(&rows[1], &regs, read_stack, &st) == CFI_STEP_BAD_CFA);
	/* reads outside the stack fail cleanly, regs untouched */
	regs = (struct cfi_regs){ .pc = 1, .sp = 0x7040, .bp = 2 };
	CHECK(cfi_step(&rows[0], &regs, read_stack, &st) == CFI_STEP_FAULT);
	CHECK(regs.pc == 1 && regs.sp == 0x7040 && regs.bp == 2);
}

int main(void)
{
	setup();
	RUN(test_step);
	RUN(test_handmade);
	RUN(test_invariants);
	RUN(test_readelf_libc);
	RUN(test_readelf_chain);
	RUN(test_separate_debug);
	RUN(test_unwind_eh_frame);
	RUN(test_unwind_debug_frame);
	cleanup();
	return UNIT_EXIT();
}
