// SPDX-License-Identifier: GPL-2.0
/*
 * user/symbols/sym_elfsyms.c gives the names dwfl_module_addrinfo gives, at
 * addresses spread over the code of real binaries: this test itself,
 * libc (with its full .symtab from /usr/lib/debug when libc6-dbg is
 * installed) and libdw (.dynsym only).
 */
#include <elfutils/libdwfl.h>
#include <stdlib.h>

#include "sym_elfsyms.h"
#include "unit.h"

static char *debuginfo_path;
static const Dwfl_Callbacks callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.debuginfo_path = &debuginfo_path,
};

static void text_range(Dwfl_Module *mod, GElf_Addr *lo, GElf_Addr *hi)
{
	GElf_Addr bias;
	Elf *elf = dwfl_module_getelf(mod, &bias);
	size_t n, i;

	*lo = *hi = 0;
	if (!elf || elf_getphdrnum(elf, &n))
		return;
	for (i = 0; i < n; i++) {
		GElf_Phdr mem, *ph = gelf_getphdr(elf, i, &mem);

		if (ph && ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			*lo = ph->p_vaddr + bias;
			*hi = ph->p_vaddr + ph->p_memsz + bias;
		}
	}
}

static void compare(const char *path, unsigned int step)
{
	struct sym_elfsyms t;
	GElf_Addr lo, hi, a, bias;
	unsigned long checked = 0, named = 0, differ = 0;
	Dwfl_Module *mod;
	Dwfl *dwfl;

	if (access(path, R_OK)) {
		fprintf(stderr, "# %s: missing, skipped\n", path);
		return;
	}
	dwfl = dwfl_begin(&callbacks);
	dwfl_report_begin(dwfl);
	mod = dwfl_report_elf(dwfl, "m", path, -1, 0, true);
	dwfl_report_end(dwfl, NULL, NULL);
	CHECK(mod && dwfl_module_getelf(mod, &bias));
	if (!mod)
		return;
	CHECK(sym_elfsyms_load(&t, mod) == 0);
	/* Where sampled PCs are: the executable segment. */
	text_range(mod, &lo, &hi);
	CHECK(lo < hi);
	for (a = lo; a < hi; a += step) {
		GElf_Off off;
		GElf_Sym sym;
		const char *want = dwfl_module_addrinfo(mod, a, &off, &sym,
							NULL, NULL, NULL);
		const char *got = sym_elfsyms_lookup(&t, a);

		checked++;
		named += want != NULL;
		if ((want == NULL) != (got == NULL) ||
		    (want && strcmp(want, got))) {
			if (differ++ < 5)
				fprintf(stderr, "%s %#lx: dwfl %s, ours %s\n",
					path, (unsigned long)a, want ?: "-",
					got ?: "-");
		}
	}
	fprintf(stderr, "# %s: %lu addresses, %lu named, %lu differ\n", path,
		checked, named, differ);
	CHECK(differ == 0);
	CHECK(named > 0);
	sym_elfsyms_free(&t);
	dwfl_end(dwfl);
}

static void same_names_as_dwfl(void)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	CHECK(n > 0);
	self[n > 0 ? n : 0] = '\0';
	compare(self, 3);
	compare("/usr/lib/x86_64-linux-gnu/libc.so.6", 97);
	compare("/usr/lib/x86_64-linux-gnu/libdw.so.1", 97);
}

int main(void)
{
	unsetenv("DEBUGINFOD_URLS");
	RUN(same_names_as_dwfl);
	return UNIT_EXIT();
}
