// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "memory.h"
#include "fgprof.h"
#include "stacks.h"

/*
 * Linear probing gives up after this many slots: a crowded table drops
 * (and counts) the stack instead of making the sample path slow.
 */
#define FG_STACK_PROBES 64

int fg_stacks_alloc(struct fg_stacks *t, u32 slots, u32 frames, int node)
{
	memset(t, 0, sizeof(*t));
	t->slots = kvzalloc_node(array_size(slots, sizeof(*t->slots)),
				 FG_GFP, node);
	t->frames = kvzalloc_node(array_size(frames, sizeof(u64)), FG_GFP,
				  node);
	if (!t->slots || !t->frames) {
		fg_stacks_free(t);
		return -ENOMEM;
	}
	t->mask = slots - 1;
	t->frames_cap = frames;
	return 0;
}

void fg_stacks_free(struct fg_stacks *t)
{
	kvfree(t->slots);
	kvfree(t->frames);
	memset(t, 0, sizeof(*t));
}

/* Returns the stack's id, or 0 when the table has no room for it. */
u32 fg_stacks_insert(struct fg_stacks *t, const u64 *ips, u16 nr, u16 flags)
{
	u32 hash = jhash2((const u32 *)ips, nr * 2, flags);
	u32 i;

	for (i = 0; i < FG_STACK_PROBES && i <= t->mask; i++) {
		u32 idx = (hash + i) & t->mask;
		struct fg_stack_slot *s = &t->slots[idx];

		if (!s->state) {
			if (t->frames_cap - t->frames_used < nr)
				return 0;
			memcpy(&t->frames[t->frames_used], ips, nr * sizeof(u64));
			s->hash = hash;
			s->offset = t->frames_used;
			s->nr = nr;
			s->flags = flags;
			WRITE_ONCE(t->frames_used, t->frames_used + nr);
			WRITE_ONCE(t->slots_used, t->slots_used + 1);
			/* Publish: frames first; pairs with the readers' acquire. */
			smp_store_release(&s->state, 1);
			return idx + 1;
		}
		if (s->hash == hash && s->nr == nr && s->flags == flags &&
		    !memcmp(&t->frames[s->offset], ips, nr * sizeof(u64)))
			return idx + 1;
	}
	return 0;
}

const u64 *fg_stacks_get(const struct fg_stacks *t, u32 id, u16 *nr,
			 u16 *flags)
{
	const struct fg_stack_slot *s;

	if (!id || id - 1 > t->mask)
		return NULL;
	s = &t->slots[id - 1];
	/* Pairs with the release in fg_stacks_insert(). */
	if (!smp_load_acquire(&s->state))
		return NULL;
	*nr = s->nr;
	*flags = s->flags;
	return &t->frames[s->offset];
}

int fg_stacks_read(const struct fg_stacks *t, struct fgprof_read *r,
		   char *buf, bool hide_kernel)
{
	u32 idx;

	for (idx = r->cursor; idx <= t->mask; idx++) {
		const struct fg_stack_slot *s = &t->slots[idx];
		struct fgprof_stack_rec rec;
		size_t frames_len, len;
		bool hidden;

		/* Pairs with the release in fg_stacks_insert(). */
		if (!smp_load_acquire(&s->state))
			continue;
		hidden = hide_kernel && (s->flags & FGPROF_SF_KERNEL);
		frames_len = hidden ? 0 : s->nr * sizeof(u64);
		len = sizeof(rec) + frames_len;
		if (r->bytes + len > r->buf_len) {
			r->cursor = idx;
			return r->nr_records ? 0 : -ENOSPC;
		}
		memset(&rec, 0, sizeof(rec));
		rec.id = idx + 1;
		rec.nr = hidden ? 0 : s->nr;
		rec.flags = s->flags | (hidden ? FGPROF_SF_HIDDEN : 0);
		memcpy(buf + r->bytes, &rec, sizeof(rec));
		memcpy(buf + r->bytes + sizeof(rec), &t->frames[s->offset],
		       frames_len);
		r->bytes += len;
		r->nr_records++;
	}
	r->cursor = FGPROF_CURSOR_END;
	return 0;
}
