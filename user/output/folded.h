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
	bool no_inline;		/* real functions only, no inlined frames */
};

/*
 * What the lines were made of, for the report's summary. Like the lines'
 * counts, these are values in the profile's unit (profile_sample_value:
 * samples, or ns for off-CPU and wall-clock profiles).
 */
struct folded_summary {
	uint64_t samples;	/* the total value */
	uint64_t unresolved;	/* ... of those with an unresolved frame shown */
	uint64_t truncated;	/* ... of those with a truncated stack shown */
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
 * each line counting its samples' value (profile_sample_value: the count
 * for unit "samples", the summed period, e.g. ns, otherwise).
 *
 * - A user address whose code was inlined gives its whole inline chain,
 *   caller first: "outer;inlined_callee_[i]" (flamegraph.pl's inline
 *   suffix); o->no_inline keeps the real function alone.
 * - A truncated stack starts with a "[truncated]" frame ("[truncated]_[k]"
 *   for a kernel one).
 * - Off-CPU samples (PROFILE_OFF_CPU) in a profile that also holds on-CPU
 *   ones (wall-clock) end in a "[off-cpu]" leaf frame, so blocked time
 *   stands apart from running time in the same graph.
 * - An off-CPU sample with waker stacks continues, as BCC's offwaketime
 *   folds them, with a "--" frame and then the waker's frames from its
 *   innermost kernel frame out to its user root (reversed, so the two
 *   stacks meet at "--"), each suffixed "_[w]" for flamegraph.pl's chain
 *   palette: "comm;...;schedule_[k];[off-cpu];--;try_to_wake_up_[w];...;
 *   main_[w]". The profile records no waker pid, so the waker's user
 *   frames are looked up in the sleeper's process (right for the usual
 *   same-process wake-ups: futexes, condition variables, pipes between
 *   threads; a cross-process waker's user frames can be misnamed until
 *   the profile carries the waker's pid).
 *
 * Every output that draws stacks starts from this list (folded_print,
 * svg_write, ...), so they always agree. 0 or a negative errno; free with
 * folded_stacks_free either way.
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
