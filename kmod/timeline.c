// SPDX-License-Identifier: GPL-2.0
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "memory.h"
#include "timeline.h"

int fg_timeline_alloc(struct fg_timeline *t, u32 slots, int node,
		      void (*wake)(struct irq_work *))
{
	memset(t, 0, sizeof(*t));
	init_irq_work(&t->wake, wake);
	if (!slots)
		return 0;
	t->recs = kvzalloc_node(array_size(slots, sizeof(*t->recs)),
				FG_GFP, node);
	if (!t->recs)
		return -ENOMEM;
	t->mask = slots - 1;
	return 0;
}

void fg_timeline_free(struct fg_timeline *t)
{
	irq_work_sync(&t->wake);
	kvfree(t->recs);
	t->recs = NULL;
}

bool fg_timeline_push(struct fg_timeline *t, const struct fgprof_timeline_rec *rec)
{
	u32 head = t->head;
	/* The consumer is done with slots before tail: pairs with its release. */
	u32 tail = smp_load_acquire(&t->tail);

	if (head - tail > t->mask)
		return false;
	t->recs[head & t->mask] = *rec;
	/* Publish the record: pairs with the consumer's acquire of head. */
	smp_store_release(&t->head, head + 1);
	/* Wake pollers when the ring is half full, not on every record. */
	if (head - tail == (t->mask + 1) / 2)
		irq_work_queue(&t->wake);
	return true;
}

u32 fg_timeline_pending(const struct fg_timeline *t)
{
	/* Pairs with the producer's release of head. */
	return t->recs ? smp_load_acquire(&t->head) - READ_ONCE(t->tail) : 0;
}

/* Drains what fits into the buffer; the caller holds the session lock. */
int fg_timeline_read(struct fg_timeline *t, struct fgprof_read *r, char *buf)
{
	u32 head, tail = t->tail;

	if (!t->recs) {
		r->cursor = FGPROF_CURSOR_END;
		return 0;
	}
	/* Records before head are complete: pairs with the producer's release. */
	head = smp_load_acquire(&t->head);
	while (tail != head &&
	       r->bytes + sizeof(struct fgprof_timeline_rec) <= r->buf_len) {
		memcpy(buf + r->bytes, &t->recs[tail & t->mask],
		       sizeof(struct fgprof_timeline_rec));
		r->bytes += sizeof(struct fgprof_timeline_rec);
		r->nr_records++;
		tail++;
	}
	/* Hand the slots back: pairs with the producer's acquire of tail. */
	smp_store_release(&t->tail, tail);
	r->cursor = tail == head ? FGPROF_CURSOR_END : 0;
	return 0;
}
