/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Compiled unwind tables kept on disk by build-id, as perf keeps its
 * build-id cache: a file's table is compiled once (0.1-1 s for a large
 * binary) and a later run loads it in milliseconds, so its first samples
 * are walked by tables too (issue #17, point 2).
 */
#ifndef FGPROF_USER_CFI_CACHE_H
#define FGPROF_USER_CFI_CACHE_H

#include <stdbool.h>

#include "cfi_table.h"

/*
 * The cache's directory: $FGPROF_CFI_CACHE ("" or "off": none), else
 * $XDG_CACHE_HOME/fgprof/cfi, else $HOME/.cache/fgprof/cfi; NULL: none.
 */
const char *cfi_cache_dir(void);

/*
 * cfi_table_build() through the cache in dir (NULL: none): a table
 * compiled before for the same build-id (and the same debug file, or the
 * lack of one) is read back; a new one is stored. *hit says which.
 * Files without a build-id are compiled every time.
 */
int cfi_table_build_cached(const char *path, const char *debug_dirs,
			   const char *dir, struct cfi_table *t, bool *hit);

/* Bytes the cache may hold; past it the least recently used go. */
#define CFI_CACHE_MAX_BYTES	(512ull << 20)

#endif
