// SPDX-License-Identifier: GPL-2.0
/* A profile's kind of time, and the defaults each kind's graph takes. */
#include <linux/perf_event.h>
#include <stdio.h>

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

static bool is_clock(const struct profile_header *h)
{
	return h->event_type == PERF_TYPE_SOFTWARE &&
	       (h->event_config == PERF_COUNT_SW_CPU_CLOCK ||
		h->event_config == PERF_COUNT_SW_TASK_CLOCK);
}

/* What each kind of time is called, in words and as pprof's type. */
static const struct {
	const char *label, *type;
} measures[] = {
	[GRAPH_OFF_CPU] = { "off-CPU time", "off_cpu" },
	[GRAPH_LOCK_WAIT] = { "lock wait", "lock_wait" },
	[GRAPH_WALL] = { "wall-clock time", "wall" },
	[GRAPH_ALLOC] = { "allocations", "alloc" },
};

/*
 * The header's event is the sampling event even where no sample was
 * kept (--off-cpu records "cpu-clock"): the kind of time comes first.
 */
void graph_measure(const struct profile *p, struct measure *m)
{
	const struct profile_header *h = &p->hdr;
	const char *event = h->event[0] ? h->event : "events";
	enum graph_kind k = graph_kind_of(p);

	m->period = 0;
	if (k != GRAPH_ON_CPU) {
		snprintf(m->label, sizeof(m->label), "%s", measures[k].label);
		m->type = measures[k].type;
		m->unit = k == GRAPH_ALLOC ? h->unit : "nanoseconds";
		return;
	}
	if (h->freq && h->rate && is_clock(h))
		m->period = 1000000000ull / h->rate;
	else if (!h->freq)
		m->period = h->rate;
	if (profile_unit_is_samples(p)) {
		snprintf(m->label, sizeof(m->label), "%s", event);
		m->type = is_clock(h) ? "cpu" : event;
		m->unit = is_clock(h) ? "nanoseconds" : "count";
	} else {
		/* A tracepoint's weight: "kmem:kmalloc bytes_alloc". */
		snprintf(m->label, sizeof(m->label), "%s %s", event, h->unit);
		m->type = event;
		m->unit = h->unit;
	}
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
