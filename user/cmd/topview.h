/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_TOPVIEW_H
#define FGPROF_USER_TOPVIEW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "fgprof.h"
#include "toptable.h"

/* What one screen of `fgprof top` says besides the table. */
struct topview {
	const char *event;		/* e.g. "cpu-clock" */
	const char *unit;		/* the values' (profile.h) */
	uint64_t rate;			/* -F HZ, or -c period */
	bool freq;
	bool cumulative;		/* since the start, else the last interval */
	double elapsed_s;		/* since sampling started */
	double interval_s;		/* the last interval's length */
	const struct fgprof_stats *now;	/* the module's counters now ... */
	const struct fgprof_stats *last; /* ... and at the last refresh */
	unsigned int rows, cols;	/* the screen; 0 = no limit */
};

/*
 * One screen as plain lines: a heading (event, elapsed time, what is
 * shown, the keys), the sample rate over the last interval, every loss
 * counter that is not 0, then the top table cut to the rows left; each
 * line cut to cols. No escape sequences: the caller positions them.
 * 0 or -EIO/-ENOMEM.
 */
int topview_write(FILE *out, const struct topview *v,
		  const struct top_table *t);

#endif
