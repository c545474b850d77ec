// SPDX-License-Identifier: GPL-2.0
/*
 * User symbols with libdwfl: each distinct mapped file (by build-id, else
 * by path) gets one Dwfl holding one module, opened the first time one of
 * its addresses is asked for. An address becomes an ELF address of that
 * file through the mapping (start, file offset) and the file's PT_LOAD
 * segments, so the same library mapped at different places in different
 * processes is read once, and its answers (inline chains, lines, names:
 * sym_inline.c, sym_demangle.c) are cached by (file, ELF address) in
 * sym_cache.c. Where the debug info comes from: sym_debuginfo.c.
 */
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "cfi_table.h"
#include "htab.h"
#include "kallsyms.h"
#include "sym_cache.h"
#include "sym_debuginfo.h"
#include "sym_demangle.h"
#include "sym_elfsyms.h"
#include "sym_inline.h"
#include "symbolize.h"

#define PAGE_SIZE_X86	4096ull
#define KSYMS_HINT	"without --kallsyms the profile's own kernel symbols are used"

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
	/*
	 * Only a separate debug file was found (the binary is gone): its
	 * program headers keep addresses but not file offsets, so the one
	 * executable segment is placed by the mapping's start instead.
	 */
	bool debug_only;
	uint64_t x_vaddr, x_memsz;
	struct sym_elfsyms syms;	/* its ELF symbols, sorted */
	bool from_archive;		/* read from opts.archive's copy */
	/*
	 * Its .eh_frame FDEs' ranges, read the first time an address has
	 * no symbol: unnamed code is named by its FDE's start, the
	 * function's entry, so one function reads as one name.
	 */
	bool fdes_tried;
	struct cfi_fde_range *fdes;
	size_t nr_fdes;
	int dwarf;			/* 0 unknown, 1 has DWARF, -1 none */
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

	/* Per symbolizer: debuginfo_path points into it. */
	Dwfl_Callbacks callbacks;
	char *debuginfo_path;

	struct sym_cache cache;
	struct sym_stats stats;

	struct kallsyms ks;
	const struct kallsyms *kernel;	/* ks or the profile's ksyms */
	bool ks_tried;
	uint64_t ks_lookups, ks_named;
	char ks_warning[512];
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

/*
 * Indexes every map of the profile. Run again after maps were added, it
 * keeps the files known (their numbers, Dwfl handles and cached answers,
 * which are by file and address) and only appends the new ones.
 */
static int index_maps(struct symbolizer *s)
{
	const struct profile *p = s->p;
	struct symfile *files;
	size_t i;

	free(s->by_pid);
	free(s->pids);
	free(s->map_file);
	s->nr_pids = 0;
	s->by_pid = calloc(p->nr_maps + 1, sizeof(*s->by_pid));
	s->pids = calloc(p->nr_maps + 1, sizeof(*s->pids));
	s->map_file = calloc(p->nr_maps + 1, sizeof(*s->map_file));
	files = realloc(s->files, (p->nr_maps + 1) * sizeof(*files));
	if (files) {
		memset(files + s->nr_files, 0,
		       (p->nr_maps + 1 - s->nr_files) * sizeof(*files));
		s->files = files;
	}
	if (!s->by_pid || !s->pids || !s->map_file || !files)
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
	s->stats.files = s->nr_files;
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
	s->debuginfo_path = sym_debuginfo_path(s->opts.debug_dir);
	s->callbacks.find_elf = dwfl_build_id_find_elf;
	s->callbacks.find_debuginfo = dwfl_standard_find_debuginfo;
	s->callbacks.debuginfo_path = &s->debuginfo_path;
	if (!s->debuginfo_path || index_maps(s)) {
		symbolizer_free(s);
		return NULL;
	}
	return s;
}

int symbolizer_sync_maps(struct symbolizer *s)
{
	return index_maps(s);
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
		free(s->files[i].fdes);
		sym_elfsyms_free(&s->files[i].syms);
	}
	free(s->files);
	free(s->map_file);
	free(s->pids);
	free(s->by_pid);
	htab_free(&s->file_index);
	sym_cache_free(&s->cache);
	free(s->debuginfo_path);
	kallsyms_free(&s->ks);
	free(s);
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
		/* A debug file's text is NOBITS: no bytes, same addresses. */
		if ((ph->p_flags & PF_X) && !ph->p_filesz && ph->p_memsz) {
			if (f->debug_only)
				return -ENOEXEC;	/* two: which one? */
			f->debug_only = true;
			f->x_vaddr = ph->p_vaddr;
			f->x_memsz = ph->p_memsz;
		}
	}
	return f->nr_loads ? 0 : -ENOEXEC;
}

/* One module from the ELF file at path, or false. */
static bool report_file(struct symbolizer *s, struct symfile *f,
			const char *path)
{
	const char *base = strrchr(f->path, '/');
	Elf *elf;

	f->dwfl = dwfl_begin(&s->callbacks);
	if (!f->dwfl)
		return false;
	dwfl_report_begin(f->dwfl);
	f->mod = dwfl_report_elf(f->dwfl, base ? base + 1 : f->path, path, -1,
				 0, true);
	dwfl_report_end(f->dwfl, NULL, NULL);
	elf = f->mod ? dwfl_module_getelf(f->mod, &f->bias) : NULL;
	if (elf && !read_loads(f, elf) && !sym_elfsyms_load(&f->syms, f->mod)) {
		s->stats.files_opened++;
		return true;
	}
	dwfl_end(f->dwfl);
	sym_elfsyms_free(&f->syms);
	free(f->loads);
	f->loads = NULL;
	f->nr_loads = 0;
	f->debug_only = false;
	f->dwfl = NULL;
	f->mod = NULL;
	return false;
}

/*
 * The recorded file if it is still the same (build-id), else a copy or
 * its debug file found by build-id: a file that changed since it was
 * recorded would name wrong functions.
 */
static void open_file(struct symbolizer *s, struct symfile *f)
{
	char path[4200];

	f->tried = true;
	if (f->path[0] != '/')
		return;		/* [vdso]: no file to read */
	sym_mapped_file(f->path, path, sizeof(path));
	if (sym_build_id_matches(path, f->build_id) &&
	    report_file(s, f, path))
		return;
	/* The archive made for this profile, then the debug directories. */
	if (f->build_id && s->opts.archive &&
	    !sym_find_by_build_id(s->opts.archive, f->build_id, path,
				  sizeof(path)) &&
	    report_file(s, f, path)) {
		f->from_archive = true;
		s->stats.files_from_archive++;
		return;
	}
	if (f->build_id &&
	    !sym_find_by_build_id(s->opts.debug_dir, f->build_id, path,
				  sizeof(path)) &&
	    report_file(s, f, path))
		s->stats.files_by_build_id++;
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

static bool to_elf_addr(const struct symfile *f, const struct profile_map *m,
			uint64_t addr, uint64_t *vaddr)
{
	uint64_t file_off = addr - m->start + m->offset;
	size_t i;

	if (f->debug_only) {
		/* The kernel maps a segment from its page: start is there. */
		*vaddr = (f->x_vaddr & ~(PAGE_SIZE_X86 - 1)) + (addr - m->start);
		return *vaddr >= f->x_vaddr && *vaddr - f->x_vaddr < f->x_memsz;
	}
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

/* "file+0xOFF", interned; "[unknown]" if even that cannot be kept. */
static const char *file_plus(struct symbolizer *s, const char *path,
			     uint64_t off)
{
	char buf[4200];
	const char *name;

	snprintf(buf, sizeof(buf), "%s+%#" PRIx64, basename_of(path), off);
	name = sym_intern(&s->cache, buf);
	return name ? name : SYM_UNKNOWN;
}

/*
 * Code without a symbol: "file+0xENTRY", the start of the FDE holding
 * ELF address look, or of vaddr itself where no FDE does.
 */
static void load_fdes(struct symfile *f)
{
	GElf_Addr bias;
	Elf *elf;

	if (f->fdes_tried)
		return;
	f->fdes_tried = true;
	elf = dwfl_module_getelf(f->mod, &bias);
	if (elf && !f->debug_only)
		cfi_fde_ranges(elf, &f->fdes, &f->nr_fdes);
}

static const char *unnamed(struct symbolizer *s, struct symfile *f,
			   uint64_t look, uint64_t vaddr)
{
	const struct cfi_fde_range *r;

	load_fdes(f);
	r = cfi_fde_find(f->fdes, f->nr_fdes, look);
	return file_plus(s, f->path, r ? r->start : vaddr);
}

/* A demangled, interned name; NULL only when out of memory. */
static const char *readable(struct symbolizer *s, const char *raw)
{
	char *d = sym_demangle(raw);
	const char *name = sym_intern(&s->cache, d ? d : raw);

	free(d);
	return name;
}

/*
 * What the file says about ELF address look (already one byte back for
 * return addresses), into out[SYM_MAX_FRAMES]: the DWARF inline chain
 * with its outer end named by the ELF symbol, or the symbol alone.
 */
static int resolve(struct symbolizer *s, struct symfile *f, uint64_t look,
		   uint64_t vaddr, struct sym_frame *out)
{
	struct sym_raw_frame raw[SYM_MAX_FRAMES];
	Dwarf_Addr a = look + f->bias;
	const char *sym = sym_elfsyms_lookup(&f->syms, a);
	Dwfl_Line *l;
	int n, i;

	n = sym_inline_chain(f->mod, a, raw, SYM_MAX_FRAMES);
	if (!n) {
		raw[0].name = NULL;
		raw[0].inlined = false;
		/* dwfl_lineinfo sets the line only when it finds the file. */
		raw[0].line = 0;
		l = dwfl_module_getsrc(f->mod, a);
		raw[0].file = l ? dwfl_lineinfo(l, NULL, &raw[0].line, NULL,
						NULL, NULL) : NULL;
		n = 1;
	}
	if (!raw[n - 1].inlined && sym)
		raw[n - 1].name = sym;
	for (i = 0; i < n; i++) {
		out[i].name = raw[i].name ? readable(s, raw[i].name) : NULL;
		out[i].resolved = out[i].name != NULL;
		if (!out[i].name)
			out[i].name = i == n - 1 ? unnamed(s, f, look, vaddr)
						 : SYM_UNKNOWN;
		out[i].file = sym_intern(&s->cache, raw[i].file);
		/* A line without its file names nothing: both or neither. */
		out[i].line = out[i].file && raw[i].line > 0 ? raw[i].line : 0;
		out[i].inlined = raw[i].inlined;
	}
	return n;
}

/* The outer max of n frames into out. */
static int copy_frames(struct sym_frame *out, int max,
		       const struct sym_frame *f, int n)
{
	int first = n > max ? n - max : 0, i;

	for (i = first; i < n; i++)
		out[i - first] = f[i];
	return n - first;
}

static int one_frame(struct sym_frame *out, const char *name, bool resolved)
{
	out->name = name;
	out->file = NULL;
	out->line = 0;
	out->inlined = false;
	out->resolved = resolved;
	return 1;
}

int symbolize_user_frames(struct symbolizer *s, uint32_t pid, uint64_t addr,
			  bool ret, struct sym_frame *out, int max)
{
	struct sym_frame frames[SYM_MAX_FRAMES];
	const struct sym_frame *cached;
	const struct profile_map *m;
	struct symfile *f;
	uint64_t vaddr, look;
	uint32_t fi;
	size_t idx;
	int n;

	if (max < 1)
		return 0;
	s->stats.lookups++;
	m = find_map(s, pid, addr, &idx);
	if (!m)
		return one_frame(out, SYM_UNKNOWN, false);
	fi = s->map_file[idx];
	f = &s->files[fi];
	if (!f->tried)
		open_file(s, f);
	if (!f->mod || !to_elf_addr(f, m, addr, &vaddr))
		return one_frame(out, file_plus(s, m->path,
						addr - m->start + m->offset),
				 false);
	look = vaddr - (ret ? 1 : 0);
	cached = sym_cache_get(&s->cache, fi, look, &n);
	if (cached) {
		s->stats.cache_hits++;
		s->stats.archive_frames += f->from_archive &&
					   cached[n - 1].resolved;
		return copy_frames(out, max, cached, n);
	}
	n = resolve(s, f, look, vaddr, frames);
	s->stats.archive_frames += f->from_archive && frames[n - 1].resolved;
	/* Not cached when out of memory: the next lookup tries again. */
	sym_cache_put(&s->cache, fi, look, frames, n);
	return copy_frames(out, max, frames, n);
}

const char *symbolize_user(struct symbolizer *s, uint32_t pid, uint64_t addr,
			   bool ret, bool *resolved)
{
	struct sym_frame f;

	symbolize_user_frames(s, pid, addr, ret, &f, 1);
	*resolved = f.resolved;
	return f.name;
}

/* The file and ELF address of a user address, or NULL. */
static struct symfile *user_file(struct symbolizer *s, uint32_t pid,
				 uint64_t addr, uint64_t *vaddr,
				 const char **path)
{
	const struct profile_map *m;
	struct symfile *f;
	size_t idx;

	*path = NULL;
	m = find_map(s, pid, addr, &idx);
	if (!m)
		return NULL;
	*path = m->path;
	f = &s->files[s->map_file[idx]];
	if (!f->tried)
		open_file(s, f);
	if (!f->mod || !to_elf_addr(f, m, addr, vaddr))
		return NULL;
	return f;
}

bool symbolize_user_outermost(struct symbolizer *s, uint32_t pid,
			      uint64_t addr, bool ret)
{
	Dwarf_Op mem[3], *ops;
	Dwarf_Addr bias;
	Dwarf_Frame *fr;
	Dwarf_CFI *cfi;
	const char *path;
	struct symfile *f = user_file(s, pid, addr, &addr, &path);
	size_t n;
	bool undefined;
	int ra;

	if (!f || f->debug_only)
		return false;
	cfi = dwfl_module_eh_cfi(f->mod, &bias);
	/* bias: Dwfl address - CFI address; f->bias: the same for ELF's. */
	if (!cfi || dwarf_cfi_addrframe(cfi, addr - (ret ? 1 : 0) + f->bias -
					bias, &fr))
		return false;
	ra = dwarf_frame_info(fr, NULL, NULL, NULL);
	undefined = ra >= 0 && !dwarf_frame_register(fr, ra, mem, &ops, &n) &&
		    n == 0 && ops == mem;
	free(fr);
	return undefined;
}

bool symbolize_user_file(struct symbolizer *s, uint32_t pid, uint64_t addr,
			 struct sym_file_info *fi)
{
	Dwarf_Addr bias;
	uint64_t vaddr;
	struct symfile *f = user_file(s, pid, addr, &vaddr, &fi->path);

	fi->dwarf = false;
	fi->cfi = false;
	if (!fi->path)
		return false;
	if (f && !f->dwarf)
		f->dwarf = dwfl_module_getdwarf(f->mod, &bias) ? 1 : -1;
	fi->dwarf = f && f->dwarf > 0;
	if (f)
		load_fdes(f);
	fi->cfi = f && f->nr_fdes;
	return true;
}

/*
 * The symbols the profile carries name its kernel addresses anywhere;
 * else (an older file, a recorder that could not read kallsyms) those
 * of this machine, only if it is the same kernel, same boot (KASLR
 * moves _text at every boot). --kallsyms FILE is used as asked.
 */
static void load_kallsyms(struct symbolizer *s)
{
	const struct profile_header *h = &s->p->hdr;
	const char *path = s->opts.kallsyms ? s->opts.kallsyms : KALLSYMS_PATH;
	struct utsname u;
	int err;

	s->ks_tried = true;
	if (!s->opts.kallsyms && s->p->ksyms.nr) {
		s->kernel = &s->p->ksyms;
		return;
	}
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
	s->kernel = &s->ks;
}

const char *symbolize_kernel(struct symbolizer *s, uint64_t addr, bool ret,
			     bool *resolved)
{
	const char *name;

	*resolved = false;
	if (!s->ks_tried)
		load_kallsyms(s);
	if (!s->kernel)
		return SYM_UNKNOWN;
	s->ks_lookups++;
	name = kallsyms_lookup(s->kernel, addr - (ret ? 1 : 0), NULL);
	if (!name)
		return SYM_UNKNOWN;
	s->ks_named++;
	*resolved = true;
	return name;
}

int symbolize_kernel_frames(struct symbolizer *s, uint64_t addr, bool ret,
			    struct sym_frame *out, int max)
{
	bool ok;
	const char *name;

	if (max < 1)
		return 0;
	name = symbolize_kernel(s, addr, ret, &ok);
	return one_frame(out, name, ok);
}

const char *symbolizer_kernel_warning(struct symbolizer *s)
{
	if (!s->ks_tried)
		return NULL;
	/* A file that names nothing is the wrong file, not a quiet one. */
	if (!s->ks_warning[0] && s->opts.kallsyms && s->ks_lookups &&
	    !s->ks_named)
		snprintf(s->ks_warning, sizeof(s->ks_warning),
			 "--kallsyms %s named none of the %" PRIu64 " kernel frames (%s)",
			 s->opts.kallsyms, s->ks_lookups,
			 s->ks.nr ? "another kernel or boot?" : "no text symbols in it");
	/* Said once, however often asked. */
	if (s->ks_warning[0] && s->opts.kallsyms && s->p->ksyms.nr &&
	    !strstr(s->ks_warning, KSYMS_HINT))
		snprintf(s->ks_warning + strlen(s->ks_warning),
			 sizeof(s->ks_warning) - strlen(s->ks_warning),
			 "; %s", KSYMS_HINT);
	return s->ks_warning[0] ? s->ks_warning : NULL;
}

void symbolizer_stats(const struct symbolizer *s, struct sym_stats *st)
{
	*st = s->stats;
}
