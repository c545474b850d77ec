// SPDX-License-Identifier: GPL-2.0
/*
 * Packing a profile's user binaries into a build-id tree (the layout is
 * in archive.h), and finding that tree again for report: the symbolizer
 * reads it like a debug directory (sym_find_by_build_id).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "archive.h"
#include "sym_debuginfo.h"

static int mkdirs(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
		return -ENAMETOOLONG;
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

/* from to "to", through "to.tmp": never a half-copied file there. */
static int copy_file(const char *from, const char *to, uint64_t *bytes)
{
	char tmp[PATH_MAX + 176], buf[65536];
	int in, out, err = 0;
	ssize_t n;

	snprintf(tmp, sizeof(tmp), "%s.tmp", to);
	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		err = -errno;
		close(in);
		return err;
	}
	*bytes = 0;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			err = errno ? -errno : -EIO;
			break;
		}
		*bytes += n;
	}
	if (n < 0)
		err = -errno;
	close(in);
	if (close(out) && !err)
		err = -errno;
	if (!err && rename(tmp, to))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static const struct profile *cmp_profile;	/* qsort has no context */

/* By build-id (NULL last), then path: each file's maps side by side. */
static int cmp_maps(const void *a, const void *b)
{
	const struct profile_map *x = &cmp_profile->maps[*(const size_t *)a];
	const struct profile_map *y = &cmp_profile->maps[*(const size_t *)b];
	int c;

	if (!x->build_id || !y->build_id) {
		if (x->build_id || y->build_id)
			return x->build_id ? -1 : 1;
	} else if ((c = strcmp(x->build_id, y->build_id))) {
		return c;
	}
	return strcmp(x->path, y->path);
}

/* One mapped file into dir; -ENOENT/-ESTALE: gone/changed, said on warn. */
static int archive_one(const struct profile_map *m, const char *dir,
		       FILE *index, FILE *warn, struct archive_result *res)
{
	char path[PATH_MAX], to[PATH_MAX + 160], sub[PATH_MAX];
	const char *id = m->build_id;
	uint64_t bytes = 0;
	int err;

	sym_mapped_file(m->path, path, sizeof(path));
	snprintf(sub, sizeof(sub), "%s/.build-id/%.2s", dir, id);
	snprintf(to, sizeof(to), "%s/%s", sub, id + 2);
	if (sym_build_id_matches(to, id)) {
		res->present++;
		fprintf(index, "%s %d %s\n", id, 0, path);
		return 0;
	}
	if (!sym_build_id_matches(path, id)) {
		res->missing++;
		if (warn)
			fprintf(warn, "fgprof: not archived: %s (build-id %s): %s\n",
				path, id, access(path, F_OK) ?
				"gone" : "changed since the recording");
		return 0;
	}
	err = mkdirs(sub) ?: copy_file(path, to, &bytes);
	if (err)
		return err;
	res->copied++;
	res->bytes += bytes;
	fprintf(index, "%s %" PRIu64 " %s\n", id, bytes, path);
	return 0;
}

int archive_write(const struct profile *p, const char *dir, FILE *warn,
		  struct archive_result *res)
{
	char index_path[PATH_MAX + 16];
	const struct profile_map *m, *prev = NULL;
	size_t *order, i;
	FILE *index;
	int err;

	memset(res, 0, sizeof(*res));
	err = mkdirs(dir);
	if (err)
		return err;
	order = malloc((p->nr_maps + 1) * sizeof(*order));
	if (!order)
		return -ENOMEM;
	for (i = 0; i < p->nr_maps; i++)
		order[i] = i;
	cmp_profile = p;
	qsort(order, p->nr_maps, sizeof(*order), cmp_maps);
	snprintf(index_path, sizeof(index_path), "%s/index", dir);
	index = fopen(index_path, "we");
	if (!index) {
		err = -errno;
		free(order);
		return err;
	}
	fputs("fgprof-archive 1\n", index);
	for (i = 0; !err && i < p->nr_maps; prev = m, i++) {
		m = &p->maps[order[i]];
		if (m->path[0] != '/')
			continue;	/* [vdso] and the like: no file */
		if (!m->build_id) {
			if (!prev || prev->build_id || strcmp(prev->path, m->path))
				res->no_build_id++;
			continue;
		}
		if (!prev || !prev->build_id || strcmp(prev->build_id, m->build_id))
			err = archive_one(m, dir, index, warn, res);
	}
	free(order);
	if (fclose(index) && !err)
		err = -errno;
	return err;
}

const char *archive_find(const char *path, const char *dir, char *buf,
			 size_t len, int *err)
{
	char want[PATH_MAX + 16], abs[PATH_MAX];
	struct stat st;

	*err = 0;
	if (dir)
		snprintf(want, sizeof(want), "%s", dir);
	else
		snprintf(want, sizeof(want), "%s%s", path, ARCHIVE_SUFFIX);
	errno = 0;
	if (!stat(want, &st) && !S_ISDIR(st.st_mode))
		errno = ENOTDIR;
	if (errno || !realpath(want, abs)) {
		if (dir) {
			fprintf(stderr, "fgprof: --archive %s: %s\n", dir,
				strerror(errno ? errno : ENOTDIR));
			*err = -1;
		}
		return NULL;
	}
	/* ':' separates debug directories: such a path cannot be one. */
	if (strchr(abs, ':') || snprintf(buf, len, "%s", abs) >= (int)len) {
		fprintf(stderr, "fgprof: archive %s: a path with ':' or too long is not usable\n",
			abs);
		*err = dir ? -1 : 0;
		return NULL;
	}
	return buf;
}

void archive_print_use(FILE *out, const char *dir,
		       const struct symbolizer *sym)
{
	struct sym_stats st;

	symbolizer_stats(sym, &st);
	fprintf(out, "fgprof: archive %s: %" PRIu64 " frames named from %" PRIu64 " of its files (the recorded ones gone or changed)\n",
		dir, st.archive_frames, st.files_from_archive);
}

void archive_print_result(const char *dir, const struct archive_result *res,
			  bool quiet)
{
	if (res->no_build_id)
		fprintf(stderr, "fgprof: %zu mapped files without a build-id not archived (a copy could not be told from another file)\n",
			res->no_build_id);
	if (!quiet)
		fprintf(stderr, "fgprof: %s: %zu files copied (%.1f MiB), %zu already there, %zu missing\n",
			dir, res->copied, res->bytes / (1024.0 * 1024.0),
			res->present, res->missing);
}
