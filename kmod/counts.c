// SPDX-License-Identifier: GPL-2.0
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "memory.h"
#include "counts.h"

#define FG_COUNT_PROBES 64

int fg_counts_alloc(struct fg_counts *t, u32 slots, int node)
{
	memset(t, 0, sizeof(*t));
	t->slots = kvzalloc_node(array_size(slots, sizeof(*t->slots)),
				 FG_GFP, node);
	if (!t->slots)
		return -ENOMEM;
	t->mask = slots - 1;
	return 0;
}

void fg_counts_free(struct fg_counts *t)
{
	kvfree(t->slots);
	memset(t, 0, sizeof(*t));
}

/* False when the key is new and the table has no room for it. */
bool fg_counts_add(struct fg_counts *t, const struct fg_count_key *key,
		   u64 period)
{
	u32 hash = jhash(key, sizeof(*key), 0);
	u32 i;

	for (i = 0; i < FG_COUNT_PROBES && i <= t->mask; i++) {
		struct fg_count_slot *s = &t->slots[(hash + i) & t->mask];

		if (!s->state) {
			s->key = *key;
			s->hash = hash;
			s->count = 1;
			s->period = period;
			WRITE_ONCE(t->used, t->used + 1);
			/* Publish: pairs with the acquire in fg_counts_slot(). */
			smp_store_release(&s->state, 1);
			return true;
		}
		if (s->hash == hash && !memcmp(&s->key, key, sizeof(*key))) {
			WRITE_ONCE(s->count, s->count + 1);
			WRITE_ONCE(s->period, s->period + period);
			return true;
		}
	}
	return false;
}

const struct fg_count_slot *fg_counts_slot(const struct fg_counts *t, u32 idx)
{
	const struct fg_count_slot *s = &t->slots[idx];

	/* Pairs with the publishing release in fg_counts_add(). */
	return smp_load_acquire(&s->state) ? s : NULL;
}

int fg_counts_read(const struct fg_counts *t, struct fgprof_read *r,
		   char *buf)
{
	u32 idx;

	for (idx = r->cursor; idx <= t->mask; idx++) {
		const struct fg_count_slot *s = fg_counts_slot(t, idx);
		struct fgprof_count_rec rec;

		if (!s)
			continue;
		if (r->bytes + sizeof(rec) > r->buf_len) {
			r->cursor = idx;
			return r->nr_records ? 0 : -ENOSPC;
		}
		memset(&rec, 0, sizeof(rec));
		rec.tgid = s->key.tgid;
		rec.tid = s->key.tid;
		rec.kstack = s->key.kstack;
		rec.ustack = s->key.ustack;
		rec.wkstack = s->key.wkstack;
		rec.wustack = s->key.wustack;
		rec.kind = s->key.kind;
		rec.count = READ_ONCE(s->count);
		rec.period = READ_ONCE(s->period);
		memcpy(rec.comm, s->key.comm, sizeof(rec.comm));
		memcpy(buf + r->bytes, &rec, sizeof(rec));
		r->bytes += sizeof(rec);
		r->nr_records++;
	}
	r->cursor = FGPROF_CURSOR_END;
	return 0;
}
