// SPDX-License-Identifier: GPL-2.0
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildid.h"
#include "cfi_cache.h"
#include "sym_debuginfo.h"

/* A cache file: this header, then nr rows; all in the host's order. */
struct cfi_cache_hdr {
	char magic[8];
	uint32_t row_size;	/* sizeof(struct fgprof_cfi_row) */
	uint32_t nr;
	uint64_t base;
	uint32_t fdes_eh, fdes_debug, fdes_skipped, plt_blocks;
	/*
	 * The build-id of the fgprof that compiled it: a table compiler
	 * fixed since must not be undone by an old table.
	 */
	char compiler[BUILDID_HEX_LEN];
};

static const char cache_magic[8] = "FGPCFI1\n";

/* Our own build-id (hex), or "" if we have none. */
static const char *compiler_id(void)
{
	static char hex[BUILDID_HEX_LEN];
	static bool done;

	if (!done && buildid_read("/proc/self/exe", hex, sizeof(hex)) <= 0)
		hex[0] = '\0';
	done = true;
	return hex;
}

const char *cfi_cache_dir(void)
{
	static char dir[4096];
	const char *v = getenv("FGPROF_CFI_CACHE");

	if (v)
		return *v && strcmp(v, "off") ? v : NULL;
	v = getenv("XDG_CACHE_HOME");
	if (v && *v == '/') {
		snprintf(dir, sizeof(dir), "%s/fgprof/cfi", v);
		return dir;
	}
	v = getenv("HOME");
	if (!v || *v != '/')
		return NULL;
	snprintf(dir, sizeof(dir), "%s/.cache/fgprof/cfi", v);
	return dir;
}

/* mkdir -p, private: a cache of what our processes map. */
static int make_dir(const char *dir)
{
	char p[4096], *s;

	snprintf(p, sizeof(p), "%s", dir);
	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	return mkdir(p, 0700) && errno != EEXIST ? -errno : 0;
}

static bool rows_sorted(const struct cfi_table *t)
{
	uint32_t i;

	for (i = 1; i < t->nr; i++)
		if (t->rows[i].start <= t->rows[i - 1].start)
			return false;
	return true;
}

/* 0 and t filled, or -ENOENT (absent, or not a table of ours). */
static int cache_read(const char *file, struct cfi_table *t)
{
	struct cfi_cache_hdr h;
	size_t bytes;
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	struct stat st;
	bool ok;

	memset(t, 0, sizeof(*t));
	if (fd < 0)
		return -ENOENT;
	ok = !fstat(fd, &st) && read(fd, &h, sizeof(h)) == sizeof(h) &&
	     !memcmp(h.magic, cache_magic, sizeof(h.magic)) &&
	     !strncmp(h.compiler, compiler_id(), sizeof(h.compiler)) &&
	     h.row_size == sizeof(*t->rows) && h.nr &&
	     h.nr <= FGPROF_CFI_MAX_ROWS &&
	     (uint64_t)st.st_size == sizeof(h) + (uint64_t)h.nr * h.row_size;
	bytes = ok ? (size_t)h.nr * h.row_size : 0;
	t->rows = ok ? malloc(bytes) : NULL;
	ok = t->rows && read(fd, t->rows, bytes) == (ssize_t)bytes;
	close(fd);
	t->nr = h.nr;
	if (!ok || !rows_sorted(t)) {
		free(t->rows);
		memset(t, 0, sizeof(*t));
		return -ENOENT;
	}
	t->base = h.base;
	t->fdes_eh = h.fdes_eh;
	t->fdes_debug = h.fdes_debug;
	t->fdes_skipped = h.fdes_skipped;
	t->plt_blocks = h.plt_blocks;
	/* Used now: the last to be evicted. */
	utimensat(AT_FDCWD, file, NULL, 0);
	return 0;
}

/* Oldest-used files out until the cache fits its bound. */
static void evict(const char *dir)
{
	struct ent { char name[96]; time_t used; off_t size; } *v = NULL, *n;
	size_t nr = 0, cap = 0, i, j;
	unsigned long long total = 0;
	char path[4300];
	struct dirent *d;
	struct stat st;
	DIR *dp = opendir(dir);

	if (!dp)
		return;
	while ((d = readdir(dp))) {
		if (!strstr(d->d_name, ".cfi") || strlen(d->d_name) >= 96)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (stat(path, &st))
			continue;
		if (nr == cap) {
			cap = cap ? cap * 2 : 64;
			n = realloc(v, cap * sizeof(*v));
			if (!n)
				break;
			v = n;
		}
		snprintf(v[nr].name, sizeof(v[nr].name), "%s", d->d_name);
		v[nr].used = st.st_mtime;
		v[nr].size = st.st_size;
		total += st.st_size;
		nr++;
	}
	closedir(dp);
	while (total > CFI_CACHE_MAX_BYTES && nr) {
		for (i = 0, j = 1; j < nr; j++)
			if (v[j].used < v[i].used)
				i = j;
		snprintf(path, sizeof(path), "%s/%s", dir, v[i].name);
		unlink(path);
		total -= v[i].size;
		v[i] = v[--nr];
	}
	free(v);
}

/* Into a temporary file renamed over: readers never see half a table. */
static void cache_write(const char *dir, const char *file,
			const struct cfi_table *t)
{
	struct cfi_cache_hdr h;
	char tmp[4400];
	size_t bytes = (size_t)t->nr * sizeof(*t->rows);
	bool ok;
	int fd;

	if (!t->nr || make_dir(dir))
		return;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, cache_magic, sizeof(h.magic));
	h.row_size = sizeof(*t->rows);
	h.nr = t->nr;
	h.base = t->base;
	h.fdes_eh = t->fdes_eh;
	h.fdes_debug = t->fdes_debug;
	h.fdes_skipped = t->fdes_skipped;
	h.plt_blocks = t->plt_blocks;
	snprintf(h.compiler, sizeof(h.compiler), "%s", compiler_id());
	snprintf(tmp, sizeof(tmp), "%s.XXXXXX", file);
	fd = mkstemp(tmp);
	if (fd < 0)
		return;
	ok = write(fd, &h, sizeof(h)) == sizeof(h) &&
	     write(fd, t->rows, bytes) == (ssize_t)bytes;
	ok = !close(fd) && ok;
	if (!ok || rename(tmp, file))
		unlink(tmp);
	else
		evict(dir);
}

int cfi_table_build_cached(const char *path, const char *debug_dirs,
			   const char *dir, struct cfi_table *t, bool *hit)
{
	char hex[BUILDID_HEX_LEN], dbg[4096], file[4300];
	int err;

	struct stat st;

	*hit = false;
	if (!dir || stat(path, &st) || buildid_read(path, hex, sizeof(hex)) <= 0)
		return cfi_table_build(path, debug_dirs, t);
	/*
	 * The build-id names the code, not the unwind information: a copy
	 * stripped of .debug_frame, or of .eh_frame, keeps it. The file's
	 * size tells those apart. The table of a file with a separate debug
	 * file holds that one's .debug_frame rows too: one installed since
	 * makes another table.
	 */
	snprintf(file, sizeof(file), "%s/%s-%llu%s.cfi", dir, hex,
		 (unsigned long long)st.st_size,
		 sym_find_by_build_id(sym_debug_dirs(debug_dirs), hex, dbg,
				      sizeof(dbg)) ? "" : "-debug");
	if (!cache_read(file, t)) {
		*hit = true;
		return 0;
	}
	err = cfi_table_build(path, debug_dirs, t);
	if (!err)
		cache_write(dir, file, t);
	return err;
}
