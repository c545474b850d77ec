// SPDX-License-Identifier: GPL-2.0
/*
 * Keeping the module's unwind tables and mappings current
 * (cfi_tracker.h). A file is compiled at most once per recording, even
 * when it has no CFI or the module refused it, so a rescan costs reading
 * /proc/PID/maps and comparing.
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cfi_cache.h"
#include "cfi_table.h"
#include "cfi_tracker.h"
#include "fgprof.h"
#include "procmaps.h"

#define MAX_LOADS 16

struct cfi_load_seg {
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
};

struct cfi_file {
	unsigned int dev_major, dev_minor;
	uint64_t inode;
	uint32_t id;			/* 0: no table for this file */
	/*
	 * Not opened yet: the process that mapped it exited before we
	 * could (its map_files entry is gone). Another process mapping
	 * the same file tries again: one lost race must not leave the
	 * file without a table for the rest of the run.
	 */
	bool unread;
	uint64_t base;
	struct cfi_load_seg loads[MAX_LOADS];
	unsigned int nr_loads;
};

struct cfi_proc {
	pid_t pid;
	bool gone;			/* exited: not looked at again */
	struct fgprof_cfi_mapping *maps;	/* as last sent */
	uint32_t nr;
};

/* The mappings of one scan, while /proc/PID/maps is read. */
struct scan {
	struct cfi_tracker *t;
	pid_t pid;
	struct fgprof_cfi_mapping *maps;
	uint32_t nr, cap;
	int err;
};

void cfi_tracker_init(struct cfi_tracker *t, int fd)
{
	memset(t, 0, sizeof(*t));
	t->fd = fd;
	t->cache_dir = cfi_cache_dir();
}

void cfi_tracker_free(struct cfi_tracker *t)
{
	size_t i;

	for (i = 0; i < t->nr_procs; i++)
		free(t->procs[i].maps);
	free(t->procs);
	free(t->files);
	t->procs = NULL;
	t->files = NULL;
	t->nr_procs = t->nr_files = 0;
}

static void *grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 16;
	void *q;

	if (need <= *cap)
		return p;
	while (n < need)
		n *= 2;
	q = realloc(p, n * size);
	if (q)
		*cap = n;
	return q;
}

/* The PT_LOAD segments, for the load bias of a mapping. */
static void read_loads(const char *path, struct cfi_file *f)
{
	size_t i, n;
	Elf *elf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (elf && !elf_getphdrnum(elf, &n)) {
		for (i = 0; i < n && f->nr_loads < MAX_LOADS; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(elf, i, &ph) || ph.p_type != PT_LOAD)
				continue;
			f->loads[f->nr_loads].vaddr = ph.p_vaddr;
			f->loads[f->nr_loads].offset = ph.p_offset;
			f->loads[f->nr_loads].filesz = ph.p_filesz;
			f->nr_loads++;
		}
	}
	if (elf)
		elf_end(elf);
	close(fd);
}

/* Compile and load path's table: f->id stays 0 when there is none. */
static void load_file(struct cfi_tracker *t, const char *path,
		      struct cfi_file *f)
{
	struct fgprof_cfi_load ld;
	struct cfi_table tab;
	bool hit;
	int err = cfi_table_build_cached(path, NULL, t->cache_dir, &tab, &hit);

	f->unread = err && access(path, R_OK);
	if (f->unread)
		return;
	if (err) {
		t->no_cfi++;
		return;
	}
	read_loads(path, f);
	memset(&ld, 0, sizeof(ld));
	ld.rows = (uintptr_t)tab.rows;
	ld.nr = tab.nr;
	/* The same file in every process: its device and inode. */
	ld.key = ((uint64_t)f->dev_major << 52) ^ ((uint64_t)f->dev_minor << 40) ^
		 f->inode;
	if (f->nr_loads && ioctl(t->fd, FGPROF_IOC_CFI_LOAD, &ld) == 0) {
		f->id = ld.id;
		f->base = tab.base;
		t->tables++;
		t->cached += hit;
		t->bytes += (uint64_t)tab.nr * sizeof(*tab.rows);
	} else if (f->nr_loads) {
		t->load_errors++;
		t->last_error = errno;
	}
	cfi_table_free(&tab);
}

/*
 * The file to read for a mapping of pid: its path when that names the
 * mapped file from our root, else the mapped file itself. A process in a
 * container shows its namespace's paths, which we may not reach; on an
 * overlay, maps shows the layer's ids, which stat() of the path does not.
 */
static const char *mapped_file(pid_t pid, const struct procmap *m, char *buf,
			       size_t len)
{
	struct stat st;

	if (!stat(m->path, &st) && st.st_ino == m->inode &&
	    major(st.st_dev) == m->dev_major && minor(st.st_dev) == m->dev_minor)
		return m->path;
	snprintf(buf, len, "/proc/%d/map_files/%" PRIx64 "-%" PRIx64, (int)pid,
		 m->start, m->end);
	return buf;
}

static struct cfi_file *file_of(struct cfi_tracker *t, pid_t pid,
				const struct procmap *m)
{
	char buf[128];
	struct cfi_file *f;
	size_t i;

	for (i = 0; i < t->nr_files; i++) {
		f = &t->files[i];
		if (f->inode != m->inode || f->dev_major != m->dev_major ||
		    f->dev_minor != m->dev_minor)
			continue;
		if (f->unread)
			load_file(t, mapped_file(pid, m, buf, sizeof(buf)), f);
		return f;
	}
	f = grow(t->files, &t->cap_files, t->nr_files + 1, sizeof(*f));
	if (!f)
		return NULL;
	t->files = f;
	f = &t->files[t->nr_files++];
	memset(f, 0, sizeof(*f));
	f->dev_major = m->dev_major;
	f->dev_minor = m->dev_minor;
	f->inode = m->inode;
	load_file(t, mapped_file(pid, m, buf, sizeof(buf)), f);
	return f;
}

/* load bias + base for a mapping of f at start with file offset off. */
static bool bias_of(const struct cfi_file *f, uint64_t start, uint64_t off,
		    uint64_t *bias)
{
	unsigned int i;

	for (i = 0; i < f->nr_loads; i++) {
		const struct cfi_load_seg *l = &f->loads[i];
		uint64_t lo = l->offset & ~4095ull;

		if (off >= lo && off < l->offset + l->filesz) {
			*bias = start - (l->vaddr + off - l->offset) + f->base;
			return true;
		}
	}
	return false;
}

static int add_mapping(void *ctx, const struct procmap *m)
{
	struct scan *s = ctx;
	struct fgprof_cfi_mapping *e;
	struct cfi_file *f;
	uint64_t bias;
	size_t cap = s->cap;

	if (m->path[0] != '/' || !m->inode)
		return 0;
	f = file_of(s->t, s->pid, m);
	if (!f) {
		s->err = -ENOMEM;
		return 1;
	}
	if (!f->id || !bias_of(f, m->start, m->offset, &bias))
		return 0;
	if (s->nr == FGPROF_CFI_MAX_MAPS)
		return 0;
	e = grow(s->maps, &cap, s->nr + 1, sizeof(*e));
	if (!e) {
		s->err = -ENOMEM;
		return 1;
	}
	s->maps = e;
	s->cap = cap;
	e = &s->maps[s->nr++];
	memset(e, 0, sizeof(*e));
	e->start = m->start;
	e->end = m->end;
	e->bias = bias;
	e->id = f->id;
	return 0;
}

static struct cfi_proc *proc_of(struct cfi_tracker *t, pid_t pid, bool add)
{
	struct cfi_proc *p;
	size_t i;

	for (i = 0; i < t->nr_procs; i++)
		if (t->procs[i].pid == pid)
			return &t->procs[i];
	if (!add)
		return NULL;
	p = grow(t->procs, &t->cap_procs, t->nr_procs + 1, sizeof(*p));
	if (!p)
		return NULL;
	t->procs = p;
	p = &t->procs[t->nr_procs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	return p;
}

static int send(struct cfi_tracker *t, pid_t pid, struct fgprof_cfi_mapping *maps,
		uint32_t nr)
{
	struct fgprof_cfi_map m = {
		.maps = (uintptr_t)maps, .tgid = (uint32_t)pid, .nr = nr,
	};

	if (ioctl(t->fd, FGPROF_IOC_CFI_MAP, &m) == 0)
		return 0;
	t->map_errors++;
	t->last_error = errno;
	return -errno;
}

/* The C library and dynamic loader: nearly every command maps ours. */
static int prewarm_one(void *ctx, const struct procmap *m)
{
	const char *base = strrchr(m->path, '/');

	if (!base || !m->inode ||
	    (strncmp(base, "/libc.so", 8) && strncmp(base, "/ld-linux", 9)))
		return 0;
	return file_of(ctx, getpid(), m) ? 0 : -ENOMEM;
}

int cfi_tracker_prewarm(struct cfi_tracker *t)
{
	int err = procmaps_read("/proc/self/maps", prewarm_one, t);

	return err < 0 ? err : 0;
}

/* The file execvp would run for name, into buf: 0 or -ENOENT. */
static int command_path(const char *name, char *buf, size_t len)
{
	const char *dirs = getenv("PATH"), *end;
	size_t n;

	if (strchr(name, '/')) {
		snprintf(buf, len, "%s", name);
		return access(buf, X_OK) ? -ENOENT : 0;
	}
	for (dirs = dirs ? dirs : "/usr/bin:/bin"; *dirs; dirs = end + !!*end) {
		end = strchrnul(dirs, ':');
		n = end - dirs;
		snprintf(buf, len, "%.*s/%s", (int)n, n ? dirs : ".", name);
		if (!access(buf, X_OK))
			return 0;
	}
	return -ENOENT;
}

int cfi_tracker_prewarm_command(struct cfi_tracker *t, const char *name)
{
	struct procmap m = { .exec = true };
	char path[4096];
	struct stat st;

	if (command_path(name, path, sizeof(path)) || stat(path, &st))
		return 0;	/* the exec fails and says so, or a scan finds it */
	m.dev_major = major(st.st_dev);
	m.dev_minor = minor(st.st_dev);
	m.inode = st.st_ino;
	m.path = path;
	return file_of(t, getpid(), &m) ? 0 : -ENOMEM;
}

bool cfi_tracker_follows(const struct cfi_tracker *t, pid_t pid)
{
	return proc_of((struct cfi_tracker *)t, pid, false) != NULL;
}

/* 1: the process is gone (and forgotten). */
static int scan_proc(struct cfi_tracker *t, struct cfi_proc *p)
{
	struct scan s = { .t = t, .pid = p->pid };
	char path[64];
	int err;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
	err = procmaps_read(path, add_mapping, &s);
	if (err < 0 || s.err) {
		free(s.maps);
		if (err == -ENOENT || err == -ESRCH) {
			if (p->nr)
				send(t, p->pid, NULL, 0);
			return 1;
		}
		return s.err ? s.err : 0;	/* unreadable: try again later */
	}
	if (s.nr == p->nr &&
	    (!s.nr || !memcmp(s.maps, p->maps, s.nr * sizeof(*s.maps)))) {
		free(s.maps);
		return 0;
	}
	if (send(t, p->pid, s.maps, s.nr)) {
		free(s.maps);
		return 0;	/* counted; the next rescan tries again */
	}
	free(p->maps);
	p->maps = s.maps;
	p->nr = s.nr;
	return 0;
}

/* Kept, marked: its samples stay in the counts, which name it again. */
static void forget(struct cfi_tracker *t, size_t i)
{
	free(t->procs[i].maps);
	t->procs[i].maps = NULL;
	t->procs[i].nr = 0;
	t->procs[i].gone = true;
}

int cfi_tracker_scan(struct cfi_tracker *t, pid_t pid)
{
	struct cfi_proc *p = proc_of(t, pid, true);
	int err;

	if (!p)
		return -ENOMEM;
	if (p->gone)
		return 0;
	err = scan_proc(t, p);
	if (err == 1)
		forget(t, p - t->procs);
	return err < 0 ? err : 0;
}

int cfi_tracker_rescan(struct cfi_tracker *t)
{
	size_t i;
	int err;

	for (i = 0; i < t->nr_procs; i++) {
		if (t->procs[i].gone)
			continue;
		err = scan_proc(t, &t->procs[i]);
		if (err < 0)
			return err;
		if (err == 1)
			forget(t, i);
	}
	return 0;
}
