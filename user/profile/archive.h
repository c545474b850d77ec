/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_ARCHIVE_H
#define FGPROF_USER_ARCHIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "symbolize.h"

/*
 * `fgprof archive`: the user binaries a profile maps, copied beside it
 * so that it can be reported where they are missing (another machine,
 * an upgrade later). The archive is a directory, PROFILE.archive unless
 * told otherwise, laid out as perf's build-id cache and debuginfod are:
 *
 *   DIR/.build-id/xx/yyyy...   a copy of the mapped file whose build-id
 *                              is xxyyyy... (its whole ELF file: symbol
 *                              tables, and DWARF when the binary has it)
 *   DIR/index                  "fgprof-archive 1", then one line per
 *                              copy: "BUILDID SIZE PATH" (for people;
 *                              report finds copies by build-id alone)
 *
 * Only mapped files with a build-id are archived: without one a copy
 * cannot be told from another file of the same name.
 */
#define ARCHIVE_SUFFIX	".archive"

struct archive_result {
	size_t copied;		/* files copied now */
	size_t present;		/* already in the archive */
	uint64_t bytes;		/* of the files copied */
	size_t missing;		/* gone or changed since the recording */
	size_t no_build_id;	/* mapped files without one */
};

/*
 * Copies every file p maps that has a build-id and is still the recorded
 * one (build-id checked) into dir; each one that cannot be is named on
 * warn (NULL: silent). 0 or a negative errno (dir unwritable, ...).
 */
int archive_write(const struct profile *p, const char *dir, FILE *warn,
		  struct archive_result *res);

/*
 * The archive for profile path when one exists: dir if given, else
 * PATH.archive; made absolute into buf. NULL when none (with dir given:
 * an error said on stderr, -1 in *err).
 */
const char *archive_find(const char *path, const char *dir, char *buf,
			 size_t len, int *err);

/* What archive_write did, on stderr ("fgprof: DIR: N files copied..."). */
void archive_print_result(const char *dir, const struct archive_result *res,
			  bool quiet);

/* "fgprof: archive DIR: N frames named from its M files", on out. */
void archive_print_use(FILE *out, const char *dir,
		       const struct symbolizer *sym);

#endif
