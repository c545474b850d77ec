/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_FOLDED_H
#define FGPROF_USER_FOLDED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile.h"
#include "symbolize.h"

struct folded_opts {
	bool pid;		/* root frame comm-PID */
	bool tid;		/* root frame comm-PID/TID */
	bool kernel_only;
	bool user_only;
};

/* What the lines were made of, for the report's summary. */
struct folded_summary {
	uint64_t samples;
	uint64_t unresolved;	/* samples with an unresolved frame shown */
	uint64_t truncated;	/* samples with a truncated stack shown */
	size_t lines;
	bool no_tids;		/* --tid on a profile without thread ids */
};

/*
 * One distinct stack after symbolization: its frames root first, joined
 * by ';' (a frame's name never holds one, see folded.c), and its samples.
 */
struct folded_stack {
	char *text;
	uint64_t count;
};

/* Every distinct stack of a profile, sorted by text (strcmp). */
struct folded_stacks {
	struct folded_stack *v;
	size_t nr;
};

/*
 * The profile's samples, symbolized once and merged by what they read:
 *   comm;user outermost;...;user innermost;kernel outermost_[k];...;kernel innermost_[k]
 * A truncated stack starts with a "[truncated]" frame ("[truncated]_[k]"
 * for a kernel one). Every output that draws stacks starts from this list
 * (folded_print, svg_write), so they always agree. 0 or a negative errno;
 * free with folded_stacks_free either way.
 */
int folded_collect(const struct profile *p, struct symbolizer *s,
		   const struct folded_opts *o, struct folded_stacks *out,
		   struct folded_summary *sum);
void folded_stacks_free(struct folded_stacks *fs);

/* Folded stacks as flamegraph.pl reads them: "TEXT COUNT" lines. */
int folded_print(FILE *out, const struct folded_stacks *fs);

/* folded_collect then folded_print; out may be NULL to fill only sum. */
int folded_write(FILE *out, const struct profile *p, struct symbolizer *s,
		 const struct folded_opts *o, struct folded_summary *sum);

#endif
