/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_INFLIGHT_H
#define FGPROF_INFLIGHT_H

#include <linux/types.h>

#include "fgprof.h"

/*
 * The tasks that are off-CPU now: switched out at start_ns with these
 * stacks, not yet switched back in. Every CPU's scheduler path writes it
 * and a task may come back on any CPU, so there is no per-CPU owner and
 * no lock: a slot is claimed with cmpxchg on its owner word, filled, then
 * published with a release store. A task is switched in only after its
 * switch-out finished (the scheduler orders the two through p->on_cpu),
 * so the CPU that finds a published slot reads it whole.
 *
 * owner: FG_IF_EMPTY (never used since the table was cleared),
 * FG_IF_TOMB (used, free again), the tid, or the tid | FG_IF_WRITING
 * while the claiming CPU fills the slot. Lookups stop at an empty slot:
 * a claim takes the first free slot of its probe sequence, so nothing
 * lives past a slot that was never used.
 */
#define FG_IF_EMPTY	0u
#define FG_IF_TOMB	0xffffffffu
#define FG_IF_WRITING	0x80000000u

struct fg_inflight_slot {
	u32 owner;
	u32 cpu;		/* whose stack table kstack and ustack are in */
	u32 kstack;
	u32 ustack;
	u64 start_ns;
	/*
	 * FG_WAKER_OPEN | gen from the switch-out on: no waker yet, and
	 * which claim of the slot this is. The waker replaces exactly that
	 * value (cmpxchg) by fg_waker_pack(): one that comes late, after the
	 * task was switched in and the slot went to another interval, finds
	 * another value and attaches nothing. Switch-in takes it (xchg 0).
	 */
	u64 waker;
	u32 tgid;
	u32 gen;		/* claims of this slot, for waker */
	char comm[FGPROF_COMM_LEN];
};

#define FG_WAKER_OPEN	(1ull << 63)	/* never set in a packed waker */

struct fg_inflight {
	struct fg_inflight_slot *slots;
	u32 mask;
};

int fg_inflight_alloc(struct fg_inflight *t, u32 slots);
void fg_inflight_free(struct fg_inflight *t);
void fg_inflight_clear(struct fg_inflight *t);

/* A slot owned by tid | FG_IF_WRITING, or NULL when none is free. */
struct fg_inflight_slot *fg_inflight_claim(struct fg_inflight *t, u32 tid);
void fg_inflight_publish(struct fg_inflight_slot *s, u32 tid);
/* tid's published slot, or NULL. */
struct fg_inflight_slot *fg_inflight_find(struct fg_inflight *t, u32 tid);
void fg_inflight_release(struct fg_inflight_slot *s);
u32 fg_inflight_used(const struct fg_inflight *t);

/*
 * A waker's stacks in one word, so the waking CPU stores them in one
 * write: stack ids fit 24 bits (FG_MAX_SLOTS is 2^22), CPU ids 16.
 */
static inline u64 fg_waker_pack(u32 cpu, u32 kstack, u32 ustack)
{
	return (u64)cpu << 48 | (u64)kstack << 24 | ustack;
}

static inline void fg_waker_unpack(u64 w, u32 *cpu, u32 *kstack, u32 *ustack)
{
	*cpu = w >> 48;
	*kstack = (w >> 24) & 0xffffff;
	*ustack = w & 0xffffff;
}

#endif
