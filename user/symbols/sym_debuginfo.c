// SPDX-License-Identifier: GPL-2.0
/*
 * Where to look for a mapped file's symbols besides the file itself.
 * libdwfl's standard callbacks (dwfl_standard_find_debuginfo) already
 * look up .build-id/xx/yyyy.debug and .gnu_debuglink names under the
 * debuginfo_path given here, and ask debuginfod (libdebuginfod.so,
 * dlopen()ed by libdw) when DEBUGINFOD_URLS is set; this file only
 * builds that path and finds a file by build-id when the mapped one is
 * gone or changed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buildid.h"
#include "sym_debuginfo.h"

const char *sym_debug_dirs(const char *dirs)
{
	const char *env = getenv(SYM_DEBUG_DIR_ENV);

	if (dirs && *dirs)
		return dirs;
	return env && *env ? env : SYM_DEBUG_DIR;
}

char *sym_debuginfo_path(const char *dirs)
{
	char *path;

	/* "" = the file's own directory, ".debug" = a subdirectory of it. */
	if (asprintf(&path, ":.debug:%s", sym_debug_dirs(dirs)) < 0)
		return NULL;
	return path;
}

bool sym_build_id_matches(const char *path, const char *want)
{
	char hex[BUILDID_HEX_LEN];
	int n = buildid_read(path, hex, sizeof(hex));

	if (n < 0)
		return false;
	if (!want)
		return n == 0;
	return n > 0 && !strcmp(hex, want);
}

void sym_mapped_file(const char *map_path, char *out, size_t len)
{
	static const char deleted[] = " (deleted)";
	size_t n, sfx = sizeof(deleted) - 1;

	snprintf(out, len, "%s", map_path);
	n = strlen(out);
	if (n > sfx && !strcmp(out + n - sfx, deleted))
		out[n - sfx] = '\0';
}

int sym_find_by_build_id(const char *dirs, const char *build_id, char *out,
			 size_t len)
{
	static const char *const suffix[] = { "", ".debug" };
	const char *d = sym_debug_dirs(dirs), *end;
	size_t i, n;

	if (!build_id || strlen(build_id) < 4)
		return -ENOENT;
	for (; *d; d = *end ? end + 1 : end) {
		end = strchrnul(d, ':');
		n = end - d;
		if (!n || d[0] != '/')
			continue;
		for (i = 0; i < 2; i++) {
			snprintf(out, len, "%.*s/.build-id/%.2s/%s%s", (int)n,
				 d, build_id, build_id + 2, suffix[i]);
			if (sym_build_id_matches(out, build_id))
				return 0;
		}
	}
	return -ENOENT;
}
