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

/*
 * The name of what a profile measured, the one every output gives it:
 * pprof's sample type and comment, speedscope's profile name, the SVG's
 * and the heat map's subtitle, the top table's header.
 */
struct measure {
	char label[PROFILE_NAME_LEN + PROFILE_UNIT_LEN + 16];
				/* "off-CPU time", "wall-clock time", "lock
				   wait", "allocations", the event ("cpu-clock",
				   "cycles"), a tracepoint and its weight
				   ("kmem:kmalloc bytes_alloc") */
	const char *type;	/* pprof's sample type: "cpu", "off_cpu", ... */
	const char *unit;	/* pprof's unit: "nanoseconds", "count", ... */
	uint64_t period;	/* one sample's worth in unit; 0: no
				   sampling period (blocked time, calls) */
};

void graph_measure(const struct profile *p, struct measure *m);

/* "Flame Graph", "Off-CPU Time Flame Graph", ... (icicle: inverted). */
const char *graph_title(enum graph_kind k, bool inverted);

/* io (blues) for blocked time alone, mem (greens) for allocations, else hot. */
enum palette graph_palette(enum graph_kind k);

#endif
