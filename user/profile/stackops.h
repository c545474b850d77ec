/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_STACKOPS_H
#define FGPROF_USER_STACKOPS_H

#include <stdbool.h>

#include "folded.h"

struct stackops_opts {
	bool reverse;		/* leaf first, as flamegraph.pl --reverse */
	bool fold_recursion;	/* a;b;b;b;c is a;b;c */
};

/*
 * Rewrites folded stacks in place, each one's text first recursion-folded
 * then reversed, and merges the stacks that now read alike: the result
 * is sorted by text like folded_collect's, so every output takes it.
 * 0 or -ENOMEM (fs is then still valid, possibly half rewritten).
 */
int stackops_apply(struct folded_stacks *fs, const struct stackops_opts *o);

/* Sorts by text and sums the counts of equal texts. */
void stackops_sort_merge(struct folded_stacks *fs);

#endif
