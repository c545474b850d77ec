/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_FRAMES_H
#define FGPROF_USER_FRAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile.h"
#include "symbolize.h"

/*
 * What the interchange formats (pprof, speedscope, perf-script) need to
 * know of one address: every function it stands for, innermost first
 * (an inline chain: each frame inlined into the next one, the last the
 * real function), with source file and line when known (symbolize.h's
 * frames), and the mapping it lies in.
 */
#define FRAMES_KERNEL_DSO	"[kernel.kallsyms]"

/*
 * An off-CPU sample's waker stack follows its own stack after a "--"
 * frame, innermost first (the sleeper's leaf meets the waker's leaf),
 * each waker frame named with "_[w]": folded's layout, in every format.
 */
#define FRAMES_WAKER_SEP	"--"
#define FRAMES_WAKER_SUFFIX	"_[w]"
#define FRAMES_NAME_MAX		1024

/* name + FRAMES_WAKER_SUFFIX in buf[FRAMES_NAME_MAX], cut if need be. */
const char *frames_waker_name(char *buf, const char *name);

struct frames {
	struct sym_frame v[SYM_MAX_FRAMES];
	int nr;			/* at least 1 after frames_of */
};

/*
 * The frames of addr, in the kernel or in process pid; ret as for
 * symbolize_user_frames (a return address, looked up one byte back);
 * no_inline keeps the real function alone (report --no-inline). The
 * strings live until symbolizer_free.
 */
void frames_of(struct symbolizer *s, bool kernel, uint32_t pid,
	       uint64_t addr, bool ret, bool no_inline, struct frames *out);

/* The recorded mappings of a profile, indexed by (pid, address). */
struct map_lookup {
	const struct profile *p;
	size_t *order;		/* indexes of p->maps sorted by pid, start */
	size_t nr;
};

int map_lookup_init(struct map_lookup *ml, const struct profile *p);
void map_lookup_free(struct map_lookup *ml);
/* The mapping of pid that holds addr, or NULL. */
const struct profile_map *map_lookup_find(const struct map_lookup *ml,
					  uint32_t pid, uint64_t addr);

#endif
