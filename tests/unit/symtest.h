/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the symbolization tests: build tests/symbols/ programs into
 * a scratch directory, read their ELF symbols and executable segment, and
 * make a profile that maps them the way `fgprof record` would have.
 */
#ifndef FGPROF_SYMTEST_H
#define FGPROF_SYMTEST_H

#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildid.h"
#include "profile.h"
#include "unit.h"

#define SYMTEST_PID	4242
#define SYMTEST_BASE	0x555500000000ull

static char symtest_dir[64];

/* A scratch directory, and no debuginfod: tests never use the network. */
static inline const char *symtest_setup(void)
{
	unsetenv("DEBUGINFOD_URLS");
	unsetenv("FGPROF_DEBUG_DIR");
	snprintf(symtest_dir, sizeof(symtest_dir), "/tmp/fgprof-symtest-XXXXXX");
	if (!mkdtemp(symtest_dir)) {
		perror("mkdtemp");
		exit(1);
	}
	return symtest_dir;
}

static inline void symtest_cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", symtest_dir);
	if (symtest_dir[0] && system(cmd))
		fprintf(stderr, "could not remove %s\n", symtest_dir);
}

/* tests/symbols/NAME. */
static inline const char *symtest_src(const char *name)
{
	return unit_path("../symbols", name);
}

/* Runs a shell command made like printf: 0 when it succeeded. */
__attribute__((format(printf, 1, 2)))
static inline int symtest_sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return system(cmd) ? -1 : 0;
}

/* The line of src holding marker (1-based), 0 if none. */
static inline int symtest_marker_line(const char *src, const char *marker)
{
	char line[512];
	int n = 0;
	FILE *f = fopen(src, "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		n++;
		if (strstr(line, marker)) {
			fclose(f);
			return n;
		}
	}
	fclose(f);
	return 0;
}

struct symtest_elf {
	uint64_t sym_value;	/* of the symbol asked for */
	uint64_t sym_size;
	uint64_t x_offset;	/* the executable PT_LOAD */
	uint64_t x_vaddr;
	uint64_t x_memsz;
	char build_id[BUILDID_HEX_LEN];
};

/* The symbol (from .symtab) and the executable segment of path. */
static inline int symtest_read_elf(const char *path, const char *sym,
				   struct symtest_elf *e)
{
	int fd = open(path, O_RDONLY);
	Elf_Scn *scn = NULL;
	size_t n, i;
	int found = 0;
	Elf *elf;

	memset(e, 0, sizeof(*e));
	if (fd < 0)
		return -1;
	elf_version(EV_CURRENT);
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || elf_getphdrnum(elf, &n)) {
		close(fd);
		return -1;
	}
	for (i = 0; i < n; i++) {
		GElf_Phdr mem, *ph = gelf_getphdr(elf, i, &mem);

		if (ph && ph->p_type == PT_LOAD && (ph->p_flags & PF_X)) {
			e->x_offset = ph->p_offset;
			e->x_vaddr = ph->p_vaddr;
			e->x_memsz = ph->p_memsz;
		}
	}
	while ((scn = elf_nextscn(elf, scn)) && !found) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_SYMTAB)
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; d && i < sh.sh_size / sh.sh_entsize; i++) {
			GElf_Sym s;
			const char *name;

			if (!gelf_getsym(d, i, &s))
				continue;
			name = elf_strptr(elf, sh.sh_link, s.st_name);
			if (name && !strcmp(name, sym)) {
				e->sym_value = s.st_value;
				e->sym_size = s.st_size;
				found = 1;
				break;
			}
		}
	}
	elf_end(elf);
	close(fd);
	buildid_read(path, e->build_id, sizeof(e->build_id));
	return found && e->x_memsz ? 0 : -1;
}

/*
 * A profile where process SYMTEST_PID mapped path's executable segment
 * at SYMTEST_BASE + its address, as /proc/PID/maps would have shown it,
 * with build_id as recorded (NULL: none).
 */
static inline struct profile *symtest_profile(const char *path,
					      const struct symtest_elf *e,
					      const char *build_id)
{
	struct profile *p = profile_new();
	struct profile_map m = {
		.pid = SYMTEST_PID,
		.start = SYMTEST_BASE + (e->x_vaddr & ~0xfffull),
		.end = SYMTEST_BASE + ((e->x_vaddr + e->x_memsz + 0xfff) &
				       ~0xfffull),
		.offset = e->x_offset & ~0xfffull,
		.build_id = (char *)build_id,
		.path = (char *)path,
	};

	CHECK(profile_add_map(p, &m) == 0);
	snprintf(p->hdr.kernel, sizeof(p->hdr.kernel), "test");
	snprintf(p->hdr.unit, sizeof(p->hdr.unit), "%s", PROFILE_UNIT_SAMPLES);
	return p;
}

#endif
