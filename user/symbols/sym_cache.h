/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SYM_CACHE_H
#define FGPROF_USER_SYM_CACHE_H

#include <stdint.h>

#include "htab.h"
#include "symbolize.h"

/*
 * What the symbolizer already worked out: the frames of each (file,
 * address) it looked up, since a profile repeats the same addresses in
 * many stacks and processes, and every string it handed out, interned,
 * so that callers get pointers that stay valid (and equal for equal
 * strings) until the symbolizer is freed.
 */
struct sym_cache {
	struct sym_cache_entry {
		uint64_t addr;
		uint32_t file;
		uint32_t nr;
		size_t first;		/* in frames[] */
	} *entries;
	size_t nr, cap;
	struct htab index;
	struct sym_frame *frames;
	size_t nr_frames, cap_frames;
	char **strs;
	size_t nr_strs, cap_strs;
	struct htab str_index;
};

void sym_cache_free(struct sym_cache *c);

/*
 * The frames remembered for (file, addr), *nr of them, or NULL. The
 * pointer is good until the next sym_cache_put: copy the frames out.
 */
const struct sym_frame *sym_cache_get(const struct sym_cache *c,
				      uint32_t file, uint64_t addr, int *nr);
/* Remembers frames whose strings are already interned: 0 or -ENOMEM. */
int sym_cache_put(struct sym_cache *c, uint32_t file, uint64_t addr,
		  const struct sym_frame *f, int nr);

/* The interned copy of s (NULL for NULL), or NULL when out of memory. */
const char *sym_intern(struct sym_cache *c, const char *s);

#endif
