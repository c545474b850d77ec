// SPDX-License-Identifier: GPL-2.0
/* A continuous recording's files: names, and bounded disk use. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "rotate.h"

void rotate_name(char buf[ROTATE_NAME_LEN], uint64_t realtime_ns, bool millis)
{
	time_t secs = realtime_ns / 1000000000ull;
	char stamp[32] = "19700101T000000";
	struct tm tm;

	if (gmtime_r(&secs, &tm))
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%S", &tm);
	if (millis)
		snprintf(buf, ROTATE_NAME_LEN, ROTATE_PREFIX "%s.%03uZ" ROTATE_SUFFIX,
			 stamp,
			 (unsigned int)(realtime_ns / 1000000 % 1000));
	else
		snprintf(buf, ROTATE_NAME_LEN, ROTATE_PREFIX "%sZ" ROTATE_SUFFIX,
			 stamp);
}

static bool all_digits(const char *s, size_t n)
{
	while (n--)
		if (*s < '0' || *s++ > '9')
			return false;
	return true;
}

bool rotate_is_ours(const char *name)
{
	size_t pre = strlen(ROTATE_PREFIX), suf = strlen(ROTATE_SUFFIX);
	size_t len = strlen(name);
	const char *s = name + pre;

	/* PREFIX YYYYmmdd T HHMMSS [.mmm] Z SUFFIX */
	if (len != pre + 16 + suf && len != pre + 20 + suf)
		return false;
	if (strncmp(name, ROTATE_PREFIX, pre) ||
	    strcmp(name + len - suf, ROTATE_SUFFIX))
		return false;
	if (!all_digits(s, 8) || s[8] != 'T' || !all_digits(s + 9, 6))
		return false;
	if (len == pre + 20 + suf)
		return s[15] == '.' && all_digits(s + 16, 3) && s[19] == 'Z';
	return s[15] == 'Z';
}

size_t rotate_excess(const struct rotate_file *files, size_t nr, size_t keep,
		     uint64_t max_bytes)
{
	size_t drop = keep && nr > keep ? nr - keep : 0;
	uint64_t sum = 0;
	size_t i;

	if (!max_bytes)
		return drop;
	/* Newest first, until the next one would go over the cap. */
	for (i = nr; i-- > drop;) {
		if (i < nr - 1 && sum + files[i].size > max_bytes)
			return i + 1;
		sum += files[i].size;
	}
	return drop;
}

static int cmp_name(const void *a, const void *b)
{
	const struct rotate_file *x = a, *y = b;

	/*
	 * Same instant: "...05.678Z" and "...05Z" differ at '.', before
	 * 'Z'; whole seconds from one run and milliseconds from another
	 * only meet within one second, where either order will do.
	 */
	return strcmp(x->name, y->name);
}

long rotate_prune(const char *dir, size_t keep, uint64_t max_bytes)
{
	struct rotate_file *files = NULL;
	size_t nr = 0, cap = 0, drop, i;
	struct dirent *de;
	long ret = 0;
	DIR *d;

	if (!keep && !max_bytes)
		return 0;
	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) != NULL) {
		struct stat st;

		if (!rotate_is_ours(de->d_name) ||
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode))
			continue;
		if (nr == cap) {
			size_t n = cap ? cap * 2 : 64;
			struct rotate_file *f = realloc(files, n * sizeof(*f));

			if (!f) {
				ret = -ENOMEM;
				goto out;
			}
			files = f;
			cap = n;
		}
		files[nr].name = strdup(de->d_name);
		if (!files[nr].name) {
			ret = -ENOMEM;
			goto out;
		}
		files[nr++].size = st.st_size;
	}
	qsort(files, nr, sizeof(*files), cmp_name);
	drop = rotate_excess(files, nr, keep, max_bytes);
	for (i = 0; i < drop; i++) {
		if (unlinkat(dirfd(d), files[i].name, 0) && errno != ENOENT) {
			ret = -errno;
			goto out;
		}
		ret++;
	}
out:
	for (i = 0; i < nr; i++)
		free(files[i].name);
	free(files);
	closedir(d);
	return ret;
}
