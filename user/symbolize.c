// SPDX-License-Identifier: GPL-2.0
/*
 * User symbols with libdwfl: each distinct mapped file (by build-id, else
 * by path) gets one Dwfl holding one module, opened the first time one of
 * its addresses is asked for. An address becomes an ELF address of that
 * file through the mapping (start, file offset) and the file's PT_LOAD
 * segments, so the same library mapped at different places in different
 * processes is read once.
 */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "htab.h"
#include "kallsyms.h"
#include "symbolize.h"

struct load {
	uint64_t offset;
	uint64_t vaddr;
	uint64_t filesz;
};

struct symfile {
	const char *path;		/* the first map's, owned by the profile */
	const char *build_id;		/* as recorded, may be NULL */
	bool tried;
	Dwfl *dwfl;			/* NULL when the file is unusable */
	Dwfl_Module *mod;
	GElf_Addr bias;
	struct load *loads;
	size_t nr_loads;
};

struct pid_maps {
	uint32_t pid;
	size_t first;			/* in by_pid[] */
	size_t nr;
};

struct symbolizer {
	const struct profile *p;
	struct sym_opts opts;
	size_t *by_pid;			/* map indices, by pid then file order */
	struct pid_maps *pids;
	size_t nr_pids;
	uint32_t *map_file;		/* map index -> files[] index */
	struct symfile *files;
	size_t nr_files;
	struct htab file_index;

	struct kallsyms ks;
	bool ks_tried;
	bool ks_usable;
	char ks_warning[256];

	char scratch[4200];
};

static char *debuginfo_path;
static const Dwfl_Callbacks dwfl_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.debuginfo_path = &debuginfo_path,
};

static const char *file_key(const struct profile_map *m)
{
	return m->build_id ? m->build_id : m->path;
}

static bool file_eq(const void *ctx, uint32_t idx, const void *key)
{
	const struct symfile *f = &((const struct symbolizer *)ctx)->files[idx];
	const char *k = f->build_id ? f->build_id : f->path;

	return !strcmp(k, key);
}

static const struct profile *cmp_profile;	/* qsort has no context */

static int cmp_map_idx(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	uint32_t px = cmp_profile->maps[x].pid, py = cmp_profile->maps[y].pid;

	if (px != py)
		return px < py ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int index_maps(struct symbolizer *s)
{
	const struct profile *p = s->p;
	size_t i;

	s->by_pid = calloc(p->nr_maps + 1, sizeof(*s->by_pid));
	s->pids = calloc(p->nr_maps + 1, sizeof(*s->pids));
	s->map_file = calloc(p->nr_maps + 1, sizeof(*s->map_file));
	s->files = calloc(p->nr_maps + 1, sizeof(*s->files));
	if (!s->by_pid || !s->pids || !s->map_file || !s->files)
		return -ENOMEM;
	for (i = 0; i < p->nr_maps; i++)
		s->by_pid[i] = i;
	cmp_profile = p;
	qsort(s->by_pid, p->nr_maps, sizeof(*s->by_pid), cmp_map_idx);
	for (i = 0; i < p->nr_maps; i++) {
		const struct profile_map *m = &p->maps[s->by_pid[i]];
		struct pid_maps *pm = s->nr_pids ? &s->pids[s->nr_pids - 1] :
						   NULL;

		if (!pm || pm->pid != m->pid) {
			pm = &s->pids[s->nr_pids++];
			pm->pid = m->pid;
			pm->first = i;
		}
		pm->nr++;
	}
	for (i = 0; i < p->nr_maps; i++) {
		const struct profile_map *m = &p->maps[i];
		const char *key = file_key(m);
		uint32_t h = hash_bytes(key, strlen(key), 0);
		long f = htab_find(&s->file_index, h, file_eq, s, key);

		if (f < 0) {
			f = s->nr_files++;
			s->files[f].path = m->path;
			s->files[f].build_id = m->build_id;
			if (htab_insert(&s->file_index, h, f))
				return -ENOMEM;
		}
		s->map_file[i] = f;
	}
	return 0;
}

struct symbolizer *symbolizer_new(const struct profile *p,
				  const struct sym_opts *o)
{
	struct symbolizer *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->p = p;
	if (o)
		s->opts = *o;
	if (index_maps(s)) {
		symbolizer_free(s);
		return NULL;
	}
	return s;
}

void symbolizer_free(struct symbolizer *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nr_files; i++) {
		if (s->files[i].dwfl)
			dwfl_end(s->files[i].dwfl);
		free(s->files[i].loads);
	}
	free(s->files);
	free(s->map_file);
	free(s->pids);
	free(s->by_pid);
	htab_free(&s->file_index);
	kallsyms_free(&s->ks);
	free(s);
}

static bool build_id_matches(Dwfl_Module *mod, const char *want)
{
	const unsigned char *bits;
	GElf_Addr vaddr;
	char hex[3];
	int n, i;

	if (!want)
		return true;	/* nothing recorded to check against */
	n = dwfl_module_build_id(mod, &bits, &vaddr);
	if (n <= 0 || (size_t)n * 2 != strlen(want))
		return false;
	for (i = 0; i < n; i++) {
		snprintf(hex, sizeof(hex), "%02x", bits[i]);
		if (memcmp(hex, want + 2 * i, 2))
			return false;
	}
	return true;
}

static int read_loads(struct symfile *f, Elf *elf)
{
	size_t n, i;

	if (elf_getphdrnum(elf, &n))
		return -ENOEXEC;
	f->loads = calloc(n ? n : 1, sizeof(*f->loads));
	if (!f->loads)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		GElf_Phdr mem, *ph = gelf_getphdr(elf, i, &mem);

		if (!ph || ph->p_type != PT_LOAD)
			continue;
		f->loads[f->nr_loads].offset = ph->p_offset;
		f->loads[f->nr_loads].vaddr = ph->p_vaddr;
		f->loads[f->nr_loads].filesz = ph->p_filesz;
		f->nr_loads++;
	}
	return f->nr_loads ? 0 : -ENOEXEC;
}

/* A file that changed since it was recorded would name wrong functions. */
static void open_file(struct symfile *f)
{
	const char *base = strrchr(f->path, '/');
	Elf *elf;

	f->tried = true;
	if (f->path[0] != '/')
		return;		/* [vdso]: no file to read */
	f->dwfl = dwfl_begin(&dwfl_callbacks);
	if (!f->dwfl)
		return;
	dwfl_report_begin(f->dwfl);
	f->mod = dwfl_report_elf(f->dwfl, base ? base + 1 : f->path, f->path,
				 -1, 0, true);
	dwfl_report_end(f->dwfl, NULL, NULL);
	elf = f->mod ? dwfl_module_getelf(f->mod, &f->bias) : NULL;
	if (!elf || !build_id_matches(f->mod, f->build_id) ||
	    read_loads(f, elf)) {
		dwfl_end(f->dwfl);
		f->dwfl = NULL;
		f->mod = NULL;
	}
}

static const struct profile_map *find_map(struct symbolizer *s, uint32_t pid,
					  uint64_t addr, size_t *idx)
{
	size_t lo = 0, hi = s->nr_pids, i;
	const struct pid_maps *pm;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->pids[mid].pid < pid)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == s->nr_pids || s->pids[lo].pid != pid)
		return NULL;
	pm = &s->pids[lo];
	/* Later snapshots win: a range reused after munmap is the newer file. */
	for (i = pm->nr; i-- > 0;) {
		const struct profile_map *m = &s->p->maps[s->by_pid[pm->first + i]];

		if (addr >= m->start && addr < m->end) {
			*idx = s->by_pid[pm->first + i];
			return m;
		}
	}
	return NULL;
}

static bool to_elf_addr(const struct symfile *f, uint64_t file_off,
			uint64_t *vaddr)
{
	size_t i;

	for (i = 0; i < f->nr_loads; i++) {
		const struct load *l = &f->loads[i];

		if (file_off >= l->offset && file_off - l->offset < l->filesz) {
			*vaddr = file_off - l->offset + l->vaddr;
			return true;
		}
	}
	return false;
}

static const char *basename_of(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

const char *symbolize_user(struct symbolizer *s, uint32_t pid, uint64_t addr,
			   bool ret, bool *resolved)
{
	const struct profile_map *m;
	struct symfile *f;
	uint64_t file_off, vaddr;
	const char *name;
	GElf_Off off;
	GElf_Sym sym;
	size_t idx;

	*resolved = false;
	m = find_map(s, pid, addr, &idx);
	if (!m)
		return SYM_UNKNOWN;
	f = &s->files[s->map_file[idx]];
	if (!f->tried)
		open_file(f);
	file_off = addr - m->start + m->offset;
	if (!f->mod || !to_elf_addr(f, file_off, &vaddr)) {
		snprintf(s->scratch, sizeof(s->scratch), "%s+%#" PRIx64,
			 basename_of(m->path), file_off);
		return s->scratch;
	}
	name = dwfl_module_addrinfo(f->mod, vaddr + f->bias - (ret ? 1 : 0),
				    &off, &sym, NULL, NULL, NULL);
	if (name && *name) {
		*resolved = true;
		return name;
	}
	snprintf(s->scratch, sizeof(s->scratch), "%s+%#" PRIx64,
		 basename_of(m->path), vaddr);
	return s->scratch;
}

/*
 * Kernel symbols of this machine name the recording's addresses only if
 * it is the same kernel, same boot (KASLR moves _text at every boot).
 */
static void load_kallsyms(struct symbolizer *s)
{
	const struct profile_header *h = &s->p->hdr;
	const char *path = s->opts.kallsyms ? s->opts.kallsyms : KALLSYMS_PATH;
	struct utsname u;
	int err;

	s->ks_tried = true;
	err = kallsyms_load(&s->ks, s->opts.kallsyms);
	if (err) {
		snprintf(s->ks_warning, sizeof(s->ks_warning),
			 "kernel symbols unavailable: %s: %s", path,
			 strerror(-err));
		return;
	}
	if (s->ks.hidden) {
		snprintf(s->ks_warning, sizeof(s->ks_warning), "%s",
			 KALLSYMS_HIDDEN_MSG);
		return;
	}
	if (h->kernel_text && s->ks.text && h->kernel_text != s->ks.text) {
		snprintf(s->ks_warning, sizeof(s->ks_warning),
			 "kernel symbols left unresolved: recorded on another boot or kernel (_text %#" PRIx64 ", now %#" PRIx64 ")",
			 h->kernel_text, s->ks.text);
		return;
	}
	if (!h->kernel_text && !uname(&u) && strcmp(u.release, h->kernel)) {
		snprintf(s->ks_warning, sizeof(s->ks_warning),
			 "kernel symbols left unresolved: recorded on kernel %s, this is %s",
			 h->kernel, u.release);
		return;
	}
	s->ks_usable = true;
}

const char *symbolize_kernel(struct symbolizer *s, uint64_t addr, bool ret,
			     bool *resolved)
{
	const char *name;

	*resolved = false;
	if (!s->ks_tried)
		load_kallsyms(s);
	if (!s->ks_usable)
		return SYM_UNKNOWN;
	name = kallsyms_lookup(&s->ks, addr - (ret ? 1 : 0), NULL);
	if (!name)
		return SYM_UNKNOWN;
	*resolved = true;
	return name;
}

const char *symbolizer_kernel_warning(struct symbolizer *s)
{
	if (!s->ks_tried)
		return NULL;
	return s->ks_warning[0] ? s->ks_warning : NULL;
}
