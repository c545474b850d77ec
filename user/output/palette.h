/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_PALETTE_H
#define FGPROF_USER_PALETTE_H

#include <stdbool.h>
#include <stddef.h>

/* flamegraph.pl's --colors that fit fgprof's frames. */
enum palette {
	PALETTE_HOT,		/* on-CPU: user red, kernel orange, inline purple */
	PALETTE_MEM,		/* greens, for memory profiles */
	PALETTE_IO,		/* blues, for off-CPU time */
	PALETTE_WAKEUP,		/* aqua, for wakeup stacks */
	PALETTE_CHAIN,		/* off-CPU blue, waker frames (_[w]) aqua */
};

/* "hot", "mem", ...: 0 and *out, or -EINVAL for a name it does not know. */
int palette_parse(const char *name, enum palette *out);
const char *palette_name(enum palette p);

/*
 * The colour of a frame, from its name alone (a hash of it), so that a
 * function keeps its colour from one graph to the next, as flamegraph.pl
 * --hash does. off_cpu: the frame's time is mostly blocked (it lies under
 * an "[off-cpu]" leaf), drawn blue in the warm palette so that a
 * wall-clock graph shows the two kinds apart.
 */
void palette_fill(enum palette p, const char *name, size_t len, bool off_cpu,
		  unsigned int rgb[3]);

/*
 * A differential graph's colour, as flamegraph.pl's: white for no change,
 * red for growth, blue for shrinkage, deeper as |delta| nears max (> 0).
 */
void palette_diff(double delta, double max, unsigned int rgb[3]);

#endif
