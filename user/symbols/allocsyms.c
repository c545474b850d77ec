// SPDX-License-Identifier: GPL-2.0
/*
 * Where malloc and its family start in an ELF file, as file offsets: a
 * uprobe is placed by (inode, offset), and a symbol's st_value is a
 * virtual address of the file's image, which its PT_LOAD headers map back
 * to the file.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "allocsyms.h"

/*
 * The functions probed and where each takes its size. free is not: a
 * call count without the freed size says little. reallocarray(p, k, n)
 * is not probed (its size is a product with a pointer before it); glibc's
 * calls realloc, whose probe counts it.
 *
 * glibc hands realloc(NULL, n) and the memalign family's calls with an
 * alignment of 16 or less to malloc (the same entry point, so malloc's
 * probe fires too): in glibc those are left to malloc (glibc_flags), so
 * each call counts once. Other allocators get no such flags.
 */
static const struct {
	const char *name;
	uint32_t size_arg;
	uint32_t glibc_flags;
} allocators[] = {
	{ "malloc", FGPROF_US_ARG1, 0 },
	{ "calloc", FGPROF_US_ARG1_X_ARG2, 0 },
	{ "realloc", FGPROF_US_ARG2, FGPROF_UF_SKIP_NULL_ARG1 },
	{ "memalign", FGPROF_US_ARG2, FGPROF_UF_SKIP_ALIGN_LE16 },
	{ "aligned_alloc", FGPROF_US_ARG2, FGPROF_UF_SKIP_ALIGN_LE16 },
	{ "posix_memalign", FGPROF_US_ARG3, FGPROF_UF_SKIP_ALIGN_LE16 },
	{ "valloc", FGPROF_US_ARG1, 0 },
	{ "pvalloc", FGPROF_US_ARG1, 0 },
};
#define NR_ALLOCATORS (sizeof(allocators) / sizeof(allocators[0]))

static Elf *open_elf(const char *path, int *fd)
{
	Elf *e;

	elf_version(EV_CURRENT);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0)
		return NULL;
	e = elf_begin(*fd, ELF_C_READ, NULL);
	if (!e || elf_kind(e) != ELF_K_ELF) {
		if (e)
			elf_end(e);
		close(*fd);
		*fd = -1;
		errno = ENOEXEC;
		return NULL;
	}
	return e;
}

static int vaddr_to_offset(Elf *e, uint64_t vaddr, uint64_t *offset)
{
	size_t i, n;
	GElf_Phdr ph;

	if (elf_getphdrnum(e, &n))
		return -ENOEXEC;
	for (i = 0; i < n; i++) {
		if (!gelf_getphdr(e, i, &ph) || ph.p_type != PT_LOAD)
			continue;
		if (vaddr >= ph.p_vaddr && vaddr < ph.p_vaddr + ph.p_filesz) {
			*offset = vaddr - ph.p_vaddr + ph.p_offset;
			return 0;
		}
	}
	return -ENOENT;
}

int allocsyms_vaddr_to_offset(const char *path, uint64_t vaddr,
			      uint64_t *offset)
{
	int fd, err;
	Elf *e = open_elf(path, &fd);

	if (!e)
		return -errno;
	err = vaddr_to_offset(e, vaddr, offset);
	elf_end(e);
	close(fd);
	return err;
}

/* The defined function called name in one symbol table, 0 if none. */
static uint64_t find_in(Elf *e, Elf_Scn *scn, const char *name)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	GElf_Shdr sh;
	GElf_Sym sym;
	size_t i, n;

	if (!d || !gelf_getshdr(scn, &sh) || !sh.sh_entsize)
		return 0;
	n = sh.sh_size / sh.sh_entsize;
	for (i = 0; i < n; i++) {
		const char *s;

		if (!gelf_getsym(d, i, &sym) || sym.st_shndx == SHN_UNDEF ||
		    !sym.st_value ||
		    GELF_ST_TYPE(sym.st_info) != STT_FUNC)
			continue;
		s = elf_strptr(e, sh.sh_link, sym.st_name);
		if (s && !strcmp(s, name))
			return sym.st_value;
	}
	return 0;
}

static Elf_Scn *section_of_type(Elf *e, uint32_t type)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(e, scn)) != NULL)
		if (gelf_getshdr(scn, &sh) && sh.sh_type == type)
			return scn;
	return NULL;
}

int allocsyms_find(const char *path, struct alloc_sym *syms)
{
	Elf_Scn *dynsym, *symtab;
	int fd, nr = 0, j;
	bool glibc;
	size_t i;
	Elf *e = open_elf(path, &fd);

	if (!e)
		return -errno;
	dynsym = section_of_type(e, SHT_DYNSYM);
	symtab = section_of_type(e, SHT_SYMTAB);
	/* glibc's own entry point, in the libc.so and in static binaries. */
	glibc = (dynsym && find_in(e, dynsym, "gnu_get_libc_version")) ||
		(symtab && find_in(e, symtab, "gnu_get_libc_version"));
	for (i = 0; i < NR_ALLOCATORS && nr < FGPROF_MAX_UPROBES; i++) {
		uint64_t v = 0, off;
		bool dup = false;

		if (dynsym)
			v = find_in(e, dynsym, allocators[i].name);
		if (!v && symtab)
			v = find_in(e, symtab, allocators[i].name);
		if (!v || vaddr_to_offset(e, v, &off))
			continue;
		for (j = 0; j < nr; j++)
			dup |= syms[j].offset == off;
		if (dup)
			continue;
		syms[nr].name = allocators[i].name;
		syms[nr].offset = off;
		syms[nr].size_arg = allocators[i].size_arg;
		syms[nr].flags = glibc ? allocators[i].glibc_flags : 0;
		nr++;
	}
	elf_end(e);
	close(fd);
	return nr;
}

int allocsyms_libc_of(int pid, char *buf, size_t len)
{
	char path[64], line[4096];
	int err = -ENOENT;
	FILE *f;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	else
		snprintf(path, sizeof(path), "/proc/self/maps");
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (err && fgets(line, sizeof(line), f)) {
		char *file = strchr(line, '/'), *base;

		if (!file)
			continue;
		file[strcspn(file, "\n")] = '\0';
		base = strrchr(file, '/') + 1;
		/* libc.so.6, or libc-2.31.so on older systems; not libcap. */
		/*
		 * Another process's path is its namespace's (a container's
		 * libc is not ours, and its path may not even reach it from
		 * our root): take the mapped file itself.
		 */
		if (!strncmp(base, "libc.so", 7) ||
		    (!strncmp(base, "libc-", 5) && strstr(base, ".so"))) {
			if (pid)
				snprintf(buf, len, "/proc/%d/map_files/%.*s", pid,
					 (int)strcspn(line, " "), line);
			else
				snprintf(buf, len, "%s", file);
			err = 0;
		}
	}
	fclose(f);
	return err;
}
