/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SVG_H
#define FGPROF_USER_SVG_H

#include <stdbool.h>
#include <stdio.h>

#include "folded.h"

#define SVG_DEFAULT_WIDTH	1200
#define SVG_MIN_WIDTH		100
#define SVG_MAX_WIDTH		100000
#define SVG_FRAME_HEIGHT	16
#define SVG_MIN_FRAME_WIDTH	0.1	/* px: narrower frames are not drawn */

struct svg_opts {
	const char *title;	/* NULL: "Flame Graph" ("Icicle Graph") */
	const char *event;	/* named in the subtitle; NULL or "" = none */
	unsigned int width;	/* px, 0 = SVG_DEFAULT_WIDTH */
	bool inverted;		/* root at the top: an icicle graph */
};

/*
 * An interactive flame graph of the stacks, as flamegraph.pl draws them:
 * a root "all", children merged by name and sorted by it, widths by
 * samples, frames narrower than SVG_MIN_FRAME_WIDTH left out (their
 * samples still widen their parents). Hover details, click to zoom and
 * a regex search are inline JavaScript; the file refers to nothing
 * outside itself. The same stacks give the same bytes. 0, -EINVAL for
 * a width out of range, -ENOMEM or -EIO.
 */
int svg_write(FILE *out, const struct folded_stacks *fs,
	      const struct svg_opts *o);

#endif
