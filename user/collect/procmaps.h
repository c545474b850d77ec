/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_PROCMAPS_H
#define FGPROF_USER_PROCMAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* One line of /proc/PID/maps. */
struct procmap {
	uint64_t start;
	uint64_t end;
	uint64_t offset;
	unsigned int dev_major;
	unsigned int dev_minor;
	uint64_t inode;
	/* From the module's records only (0: unknown): see kmaps_same_file. */
	uint64_t size;
	int64_t mtime_sec;
	uint32_t mtime_nsec;
	bool exec;
	const char *path;	/* points into the parsed line; "" if none */
};

/* Parses a maps line in place (its path is cut at the newline). */
bool procmaps_parse_line(char *line, struct procmap *m);

/*
 * Hands each executable mapping of a file (a path starting with '/') or
 * of [vdso] to fn, which stops the walk by returning non-zero. Returns 0,
 * fn's value, or a negative errno (-ENOENT: the process is gone).
 */
typedef int (*procmaps_fn)(void *ctx, const struct procmap *m);
int procmaps_read(const char *maps_path, procmaps_fn fn, void *ctx);

#endif
