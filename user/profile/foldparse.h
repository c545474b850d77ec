/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_FOLDPARSE_H
#define FGPROF_USER_FOLDPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "folded.h"

/*
 * Folded text as flamegraph.pl reads it ("frame;frame;... COUNT" lines,
 * the count after the last space, so frames may hold spaces; a decimal
 * count is rounded; blank lines are skipped) into stacks sorted and
 * merged like folded_collect's. 0, -EINVAL with "NAME:LINE: what is
 * wrong" in err, or another negative errno; free with
 * folded_stacks_free either way.
 */
int folded_parse(FILE *f, const char *name, struct folded_stacks *out,
		 char *err, size_t errlen);

/* Does this text start like a profile file rather than folded text? */
bool folded_parse_is_profile(const char *first_line);

#endif
