/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_GRAPHKIND_H
#define FGPROF_USER_GRAPHKIND_H

#include "palette.h"
#include "profile.h"

/* What a profile's samples measured, which names and colours its graph. */
enum graph_kind {
	GRAPH_ON_CPU,		/* every sample on-CPU (or no samples) */
	GRAPH_OFF_CPU,		/* every sample off-CPU: blocked time */
	GRAPH_WALL,		/* both: wall-clock time */
	GRAPH_LOCK_WAIT,	/* off-CPU, lock waits only (record --lock-wait) */
	GRAPH_ALLOC,		/* allocations (record --alloc): bytes or calls */
};

enum graph_kind graph_kind_of(const struct profile *p);

/* "Flame Graph", "Off-CPU Time Flame Graph", ... (icicle: inverted). */
const char *graph_title(enum graph_kind k, bool inverted);

/* io (blues) for blocked time alone, mem (greens) for allocations, else hot. */
enum palette graph_palette(enum graph_kind k);

#endif
