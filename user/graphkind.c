// SPDX-License-Identifier: GPL-2.0
/* A profile's kind of time, and the defaults each kind's graph takes. */
#include "graphkind.h"
#include "lockwait.h"

enum graph_kind graph_kind_of(const struct profile *p)
{
	bool on = false, off = false, alloc = false;
	size_t i;

	for (i = 0; i < p->nr_samples; i++) {
		if (p->samples[i].kind == PROFILE_ALLOC)
			alloc = true;
		else if (p->samples[i].kind == PROFILE_OFF_CPU)
			off = true;
		else
			on = true;
	}
	if (alloc && !off && !on)
		return GRAPH_ALLOC;
	if (off && !on && !strcmp(p->hdr.event, LOCKWAIT_EVENT))
		return GRAPH_LOCK_WAIT;
	return off ? (on ? GRAPH_WALL : GRAPH_OFF_CPU) : GRAPH_ON_CPU;
}

const char *graph_title(enum graph_kind k, bool inverted)
{
	switch (k) {
	case GRAPH_OFF_CPU:
		return inverted ? "Off-CPU Time Icicle Graph" :
				  "Off-CPU Time Flame Graph";
	case GRAPH_LOCK_WAIT:
		return inverted ? "Lock Wait Icicle Graph" :
				  "Lock Wait Flame Graph";
	case GRAPH_WALL:
		return inverted ? "Wall-Clock Icicle Graph" :
				  "Wall-Clock Flame Graph";
	case GRAPH_ALLOC:
		return inverted ? "Allocation Icicle Graph" :
				  "Allocation Flame Graph";
	case GRAPH_ON_CPU:
		break;
	}
	return inverted ? "Icicle Graph" : "Flame Graph";
}

enum palette graph_palette(enum graph_kind k)
{
	if (k == GRAPH_OFF_CPU || k == GRAPH_LOCK_WAIT)
		return PALETTE_IO;
	if (k == GRAPH_ALLOC)
		return PALETTE_MEM;
	return PALETTE_HOT;
}
