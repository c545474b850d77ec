// SPDX-License-Identifier: GPL-2.0
#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "inflight.h"
#include "memory.h"

/* As in the other tables: a crowded table drops (and counts), never spins. */
#define FG_IF_PROBES 32

int fg_inflight_alloc(struct fg_inflight *t, u32 slots)
{
	t->slots = kvzalloc(array_size(slots, sizeof(*t->slots)), FG_GFP);
	if (!t->slots)
		return -ENOMEM;
	t->mask = slots - 1;
	return 0;
}

void fg_inflight_free(struct fg_inflight *t)
{
	kvfree(t->slots);
	t->slots = NULL;
	t->mask = 0;
}

/* Only while no probe can run. */
void fg_inflight_clear(struct fg_inflight *t)
{
	if (t->slots)
		memset(t->slots, 0, (t->mask + 1) * sizeof(*t->slots));
}

struct fg_inflight_slot *fg_inflight_claim(struct fg_inflight *t, u32 tid)
{
	u32 h = hash_32(tid, 32), i;

	for (i = 0; i < FG_IF_PROBES && i <= t->mask; i++) {
		struct fg_inflight_slot *s = &t->slots[(h + i) & t->mask];
		u32 old = READ_ONCE(s->owner);

		if (old != FG_IF_EMPTY && old != FG_IF_TOMB)
			continue;
		/* Full barrier: a released slot's last reader is done with it. */
		if (cmpxchg(&s->owner, old, tid | FG_IF_WRITING) == old)
			return s;
	}
	return NULL;
}

void fg_inflight_publish(struct fg_inflight_slot *s, u32 tid)
{
	/* The slot's fields first; pairs with fg_inflight_find()'s acquire. */
	smp_store_release(&s->owner, tid);
}

struct fg_inflight_slot *fg_inflight_find(struct fg_inflight *t, u32 tid)
{
	u32 h = hash_32(tid, 32), i;

	for (i = 0; i < FG_IF_PROBES && i <= t->mask; i++) {
		struct fg_inflight_slot *s = &t->slots[(h + i) & t->mask];
		/* Pairs with fg_inflight_publish(): the fields are there. */
		u32 owner = smp_load_acquire(&s->owner);

		if (owner == tid)
			return s;
		if (owner == FG_IF_EMPTY)
			break;
	}
	return NULL;
}

void fg_inflight_release(struct fg_inflight_slot *s)
{
	/* The slot's fields were read: the next claim may overwrite them. */
	smp_store_release(&s->owner, FG_IF_TOMB);
}

u32 fg_inflight_used(const struct fg_inflight *t)
{
	u32 i, n = 0;

	for (i = 0; t->slots && i <= t->mask; i++) {
		u32 owner = READ_ONCE(t->slots[i].owner);

		n += owner != FG_IF_EMPTY && owner != FG_IF_TOMB;
	}
	return n;
}
