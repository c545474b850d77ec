// SPDX-License-Identifier: GPL-2.0
/* user/unwind/cfi_cache.c: compiled unwind tables kept by build-id. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buildid.h"
#include "cfi_cache.h"
#include "unit.h"

static bool same_table(const struct cfi_table *a, const struct cfi_table *b)
{
	return a->nr && a->nr == b->nr && a->base == b->base &&
	       a->fdes_eh == b->fdes_eh && a->fdes_debug == b->fdes_debug &&
	       !memcmp(a->rows, b->rows, a->nr * sizeof(*a->rows));
}

static void cache_file(const char *dir, const char *bin, char *out,
		       size_t len)
{
	char hex[BUILDID_HEX_LEN] = "";
	struct stat st = { 0 };

	buildid_read(bin, hex, sizeof(hex));
	stat(bin, &st);
	snprintf(out, len, "%s/%s-%llu.cfi", dir, hex,
		 (unsigned long long)st.st_size);
}

/*
 * The second build of a file reads the first one's table back, row for
 * row; a damaged or foreign cache file is compiled again and replaced.
 */
static void a_table_is_compiled_once(void)
{
	char dir[] = "/tmp/test_cfi_cache.XXXXXX", file[4300], cmd[4400];
	const char *bin = "/proc/self/exe";
	struct cfi_table fresh, again, redone;
	bool hit = true;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	/* A subdirectory that does not exist yet: made on the first store. */
	strcat(dir, "/cfi");
	CHECK(cfi_table_build_cached(bin, "/nonexistent", dir, &fresh,
				     &hit) == 0);
	CHECK(!hit);
	cache_file(dir, bin, file, sizeof(file));
	CHECK(access(file, R_OK) == 0);
	CHECK(cfi_table_build_cached(bin, "/nonexistent", dir, &again,
				     &hit) == 0);
	CHECK(hit);
	CHECK(same_table(&fresh, &again));
	/* Cut short: not trusted, compiled again and stored whole. */
	CHECK(truncate(file, 100) == 0);
	CHECK(cfi_table_build_cached(bin, "/nonexistent", dir, &redone,
				     &hit) == 0);
	CHECK(!hit && same_table(&fresh, &redone));
	cfi_table_free(&redone);
	/* Rows out of order (a damaged file): the same. */
	f = fopen(file, "r+");
	CHECK(f != NULL);
	if (f) {
		static const unsigned char junk[8] = { 0xff, 0xff, 0xff, 0xff };

		fseek(f, -(long)(2 * sizeof(struct fgprof_cfi_row)), SEEK_END);
		fwrite(junk, 1, sizeof(junk), f);
		fclose(f);
	}
	CHECK(cfi_table_build_cached(bin, "/nonexistent", dir, &redone,
				     &hit) == 0);
	CHECK(!hit && same_table(&fresh, &redone));
	cfi_table_free(&again);
	cfi_table_free(&redone);
	/*
	 * A copy without .eh_frame keeps the build-id: it is not given the
	 * original's table (it has none of its own).
	 */
	snprintf(cmd, sizeof(cmd),
		 "objcopy --remove-section=.eh_frame --remove-section=.eh_frame_hdr "
		 "--remove-section=.debug_frame %s %s.noeh", bin, dir);
	CHECK(system(cmd) == 0);
	snprintf(file, sizeof(file), "%s.noeh", dir);
	CHECK(cfi_table_build_cached(file, "/nonexistent", dir, &again,
				     &hit) != 0 || !same_table(&fresh, &again));
	CHECK(!hit);
	cfi_table_free(&again);
	unlink(file);
	cfi_table_free(&fresh);
	/* No cache: compiled, nothing written. */
	CHECK(cfi_table_build_cached(bin, "/nonexistent", NULL, &fresh,
				     &hit) == 0);
	CHECK(!hit && fresh.nr);
	cfi_table_free(&fresh);
	dir[strlen(dir) - 4] = '\0';
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	CHECK(system(cmd) == 0);
}

static void where_the_cache_lives(void)
{
	setenv("FGPROF_CFI_CACHE", "off", 1);
	CHECK(cfi_cache_dir() == NULL);
	setenv("FGPROF_CFI_CACHE", "/x/y", 1);
	CHECK_STR(cfi_cache_dir(), "/x/y");
	unsetenv("FGPROF_CFI_CACHE");
	setenv("XDG_CACHE_HOME", "/xdg", 1);
	CHECK_STR(cfi_cache_dir(), "/xdg/fgprof/cfi");
	unsetenv("XDG_CACHE_HOME");
	setenv("HOME", "/home/u", 1);
	CHECK_STR(cfi_cache_dir(), "/home/u/.cache/fgprof/cfi");
	unsetenv("HOME");
	CHECK(cfi_cache_dir() == NULL);
}

int main(void)
{
	RUN(a_table_is_compiled_once);
	RUN(where_the_cache_lives);
	return UNIT_EXIT();
}
