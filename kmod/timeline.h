/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_TIMELINE_H
#define FGPROF_TIMELINE_H

#include <linux/irq_work.h>
#include <linux/types.h>

#include "fgprof.h"

/*
 * One CPU's timeline: a single-producer (the CPU's handler), single-consumer
 * (the reader, under the session lock) ring of sample records. A full ring
 * drops the record and counts it; the sample itself still counts.
 */
struct fg_timeline {
	struct fgprof_timeline_rec *recs;
	u32 mask;
	u32 head;		/* written by the producer */
	u32 tail;		/* written by the consumer */
	struct irq_work wake;	/* poll wake-up, queued from NMI-safe code */
};

int fg_timeline_alloc(struct fg_timeline *t, u32 slots, int node,
		      void (*wake)(struct irq_work *));
void fg_timeline_free(struct fg_timeline *t);
bool fg_timeline_push(struct fg_timeline *t, const struct fgprof_timeline_rec *rec);
u32 fg_timeline_pending(const struct fg_timeline *t);
int fg_timeline_read(struct fg_timeline *t, struct fgprof_read *r, char *buf);

#endif
