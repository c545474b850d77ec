// SPDX-License-Identifier: GPL-2.0
/*
 * record --alloc's symbol offsets: the file offset found for malloc in
 * this process's own libc must be where the running malloc is mapped from
 * (checked through /proc/self/maps, not through the ELF headers the code
 * under test reads), and files without allocators give none.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "allocsyms.h"
#include "unit.h"

/* The file offset the running address addr is mapped from, or 0. */
static uint64_t mapped_offset(uintptr_t addr, char *path, size_t len)
{
	char line[4096];
	uint64_t found = 0;
	FILE *f = fopen("/proc/self/maps", "re");

	while (f && !found && fgets(line, sizeof(line), f)) {
		unsigned long start, end, off;
		char *file = strchr(line, '/');

		if (sscanf(line, "%lx-%lx %*s %lx", &start, &end, &off) != 3 ||
		    addr < start || addr >= end || !file)
			continue;
		file[strcspn(file, "\n")] = '\0';
		snprintf(path, len, "%s", file);
		found = addr - start + off;
	}
	if (f)
		fclose(f);
	return found;
}

static const struct alloc_sym *sym_named(const struct alloc_sym *s, int nr,
					 const char *name)
{
	int i;

	for (i = 0; i < nr; i++)
		if (!strcmp(s[i].name, name))
			return &s[i];
	return NULL;
}

static void libc_malloc_offset_is_where_malloc_runs(void)
{
	void *(*volatile fn)(size_t) = malloc;
	struct alloc_sym syms[FGPROF_MAX_UPROBES];
	char libc[4096], mapped[4096] = "";
	const struct alloc_sym *m, *c;
	uint64_t want;
	int nr;

	CHECK(allocsyms_libc_of(0, libc, sizeof(libc)) == 0);
	want = mapped_offset((uintptr_t)fn, mapped, sizeof(mapped));
	CHECK(want != 0);
	CHECK_STR(mapped, libc);
	nr = allocsyms_find(libc, syms);
	CHECK(nr >= 3);
	m = sym_named(syms, nr, "malloc");
	c = sym_named(syms, nr, "calloc");
	CHECK(m && m->offset == want);
	CHECK(m && m->size_arg == FGPROF_US_ARG1 && !m->flags);
	CHECK(c && c->size_arg == FGPROF_US_ARG1_X_ARG2);
	CHECK(sym_named(syms, nr, "realloc") &&
	      sym_named(syms, nr, "realloc")->flags == FGPROF_UF_SKIP_NULL_ARG1);
	CHECK(!sym_named(syms, nr, "free"));
	/* Debian's libc is glibc: its relays to malloc are left to malloc. */
	CHECK(sym_named(syms, nr, "posix_memalign") &&
	      sym_named(syms, nr, "posix_memalign")->flags ==
	      FGPROF_UF_SKIP_ALIGN_LE16);
}

static void offsets_are_distinct(void)
{
	struct alloc_sym syms[FGPROF_MAX_UPROBES];
	char libc[4096], other[4200];
	int nr, i, j;

	CHECK(allocsyms_libc_of(0, libc, sizeof(libc)) == 0);
	nr = allocsyms_find(libc, syms);
	/* Another process's libc, the mapped file itself: the same here. */
	CHECK(allocsyms_libc_of(getpid(), other, sizeof(other)) == 0);
	CHECK(!strncmp(other, "/proc/", 6) && strstr(other, "/map_files/"));
	CHECK(allocsyms_find(other, syms) == nr);
	for (i = 0; i < nr; i++)
		for (j = i + 1; j < nr; j++)
			CHECK(syms[i].offset != syms[j].offset);
}

static void a_program_that_only_calls_malloc_defines_none(void)
{
	struct alloc_sym syms[FGPROF_MAX_UPROBES];

	/* This test binary imports malloc (undefined): nothing to probe. */
	CHECK(allocsyms_find("/proc/self/exe", syms) == 0);
}

static void not_an_elf_file(void)
{
	struct alloc_sym syms[FGPROF_MAX_UPROBES];

	CHECK(allocsyms_find("tests/unit/test_allocsyms.c", syms) == -ENOEXEC);
	CHECK(allocsyms_find("/nonexistent/libc.so.6", syms) == -ENOENT);
}

int main(void)
{
	RUN(libc_malloc_offset_is_where_malloc_runs);
	RUN(offsets_are_distinct);
	RUN(a_program_that_only_calls_malloc_defines_none);
	RUN(not_an_elf_file);
	return UNIT_EXIT();
}
