/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SVG_H
#define FGPROF_USER_SVG_H

#include <stdbool.h>
#include <stdio.h>

#include "folded.h"
#include "palette.h"

#define SVG_DEFAULT_WIDTH	1200
#define SVG_MIN_WIDTH		100
#define SVG_MAX_WIDTH		100000
#define SVG_FRAME_HEIGHT	16
#define SVG_MIN_FRAME_WIDTH	0.1	/* px: narrower frames are not drawn */

struct svg_opts {
	const char *title;	/* NULL: "Flame Graph" ("Icicle Graph") */
	const char *subtitle;	/* NULL: the event and the total */
	const char *quality;	/* after the default subtitle: stack quality */
	const char *event;	/* named in the subtitle; NULL or "" = none */
	const char *unit;	/* the values' (profile.h); NULL = samples */
	unsigned int width;	/* px, 0 = SVG_DEFAULT_WIDTH */
	double minwidth;	/* narrower frames are left out; 0 = default */
	bool minwidth_pct;	/* minwidth is a % of the total, not px */
	bool inverted;		/* root at the top: an icicle graph */
	enum palette palette;

	/*
	 * A differential graph: the stacks drawn are one profile, these
	 * the other's, and each frame is coloured by its self delta (B - A).
	 * shape_is_a: the stacks drawn are A's, so other is B.
	 */
	const struct folded_stacks *other;
	bool shape_is_a;
};

/*
 * "PX" or "N%" as flamegraph.pl's --minwidth takes it, into o: 0 or
 * -EINVAL.
 */
int svg_parse_minwidth(const char *arg, struct svg_opts *o);

/*
 * An interactive flame graph of the stacks, as flamegraph.pl draws them:
 * a root "all", children merged by name and sorted by it, widths by
 * value, frames narrower than the minimum width left out (their values
 * still widen their parents). Hover details, click to zoom and a regex
 * search are inline JavaScript; the file refers to nothing outside
 * itself. The same stacks give the same bytes. 0, -EINVAL for a width
 * out of range, -ENOMEM or -EIO.
 */
int svg_write(FILE *out, const struct folded_stacks *fs,
	      const struct svg_opts *o);

#endif
