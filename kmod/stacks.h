/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_STACKS_H
#define FGPROF_STACKS_H

#include <linux/types.h>

struct fgprof_read;

/*
 * One CPU's stack table: distinct stacks deduplicated by content, with
 * ids (slot + 1). Frames live in one preallocated pool. Only the owning
 * CPU inserts (its handler is never re-entered); a slot is published with
 * a release store once its frames are in place and never changes again,
 * so readers on other CPUs need no lock. A full table refuses the stack:
 * nothing is ever overwritten.
 */
struct fg_stack_slot {
	u32 state;		/* 0 empty, 1 published */
	u32 hash;
	u32 offset;		/* first frame in the pool */
	u16 nr;
	u16 flags;		/* FGPROF_SF_* */
};

struct fg_stacks {
	struct fg_stack_slot *slots;
	u64 *frames;
	u32 mask;		/* slots - 1 */
	u32 frames_cap;
	u32 frames_used;
	u32 slots_used;
};

int fg_stacks_alloc(struct fg_stacks *t, u32 slots, u32 frames, int node);
void fg_stacks_free(struct fg_stacks *t);
u32 fg_stacks_insert(struct fg_stacks *t, const u64 *ips, u16 nr, u16 flags);
/* Safe from any CPU: a published stack never changes. */
const u64 *fg_stacks_get(const struct fg_stacks *t, u32 id, u16 *nr,
			 u16 *flags);
int fg_stacks_read(const struct fg_stacks *t, struct fgprof_read *r,
		   char *buf,
		   bool hide_kernel);

#endif
