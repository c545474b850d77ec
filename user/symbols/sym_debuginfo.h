/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SYM_DEBUGINFO_H
#define FGPROF_USER_SYM_DEBUGINFO_H

#include <stdbool.h>
#include <stddef.h>

/* Where separate debug info lives unless told otherwise. */
#define SYM_DEBUG_DIR		"/usr/lib/debug"
#define SYM_DEBUG_DIR_ENV	"FGPROF_DEBUG_DIR"

/*
 * The debug directories to use: dirs if given, else $FGPROF_DEBUG_DIR,
 * else /usr/lib/debug. A colon-separated list of absolute directories.
 */
const char *sym_debug_dirs(const char *dirs);

/*
 * libdwfl's debuginfo_path for those directories: beside the file, its
 * .debug/ subdirectory, then each dir (by .build-id/xx/yyyy.debug and by
 * .gnu_debuglink name). malloc'd, NULL when out of memory.
 */
char *sym_debuginfo_path(const char *dirs);

/*
 * Is path's ELF file the one with this build-id? want NULL means none was
 * recorded: only a file without a build-id can match it (one that has a
 * build-id now is not the file that had none then).
 */
bool sym_build_id_matches(const char *path, const char *want);

/*
 * The file a recorded mapping's path names, into out: the path without
 * the " (deleted)" /proc/PID/maps adds to a file removed while mapped.
 */
void sym_mapped_file(const char *map_path, char *out, size_t len);

/*
 * A file with this build-id under dirs' .build-id/xx/yyyy trees, for a
 * mapped file that was deleted or rebuilt since: a full copy of the binary
 * (.build-id/xx/yyyy, as perf's build-id cache and debuginfod keep them)
 * first, else its separate debug file (.build-id/xx/yyyy.debug). Its
 * build-id is checked. 0 with the path in out, or -ENOENT.
 */
int sym_find_by_build_id(const char *dirs, const char *build_id, char *out,
			 size_t len);

#endif
