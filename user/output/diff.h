/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_DIFF_H
#define FGPROF_USER_DIFF_H

#include <stdint.h>
#include <stdio.h>

#include "folded.h"

/* The sum of every stack's count. */
uint64_t diff_total(const struct folded_stacks *fs);

/*
 * Scales b so that its total is exactly a's (difffolded.pl -n truncates
 * each line, rounding each to the nearest would drift too): each count
 * is its exact share's floor or ceiling, the ceilings going to the
 * largest remainders. A differential graph then compares shares, not
 * amounts. Stacks that round to 0 stay, with 0. Nothing changes when
 * either total is 0. 0 or -ENOMEM.
 */
int diff_normalize(const struct folded_stacks *a, struct folded_stacks *b);

/*
 * difffolded.pl's output: "STACK COUNT_A COUNT_B" for every stack of
 * either (both sorted, as folded_collect and folded_parse leave them),
 * 0 where one lacks it. 0 or -EIO.
 */
int diff_print(FILE *out, const struct folded_stacks *a,
	       const struct folded_stacks *b);

#endif
