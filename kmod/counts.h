/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_COUNTS_H
#define FGPROF_COUNTS_H

#include <linux/types.h>

#include "fgprof.h"

/*
 * One CPU's counts: samples (and their summed period), or off-CPU
 * intervals (and their summed nanoseconds), per key. As in the
 * stack table, only the owning CPU writes; a key is published once, and
 * its count and period are single aligned 64-bit stores that a reader sees
 * whole, old or new.
 */
struct fg_count_key {
	u32 tgid;
	u32 tid;
	u32 kstack;
	u32 ustack;
	u32 wkstack;		/* off-CPU: the waker's stacks */
	u32 wustack;
	u32 kind;		/* FGPROF_KIND_* */
	char comm[FGPROF_COMM_LEN];
};

struct fg_count_slot {
	struct fg_count_key key;
	u64 count;
	u64 period;
	u32 hash;
	u32 state;		/* 0 empty, 1 published */
};

struct fg_counts {
	struct fg_count_slot *slots;
	u32 mask;
	u32 used;
};

int fg_counts_alloc(struct fg_counts *t, u32 slots, int node);
void fg_counts_free(struct fg_counts *t);
bool fg_counts_add(struct fg_counts *t, const struct fg_count_key *key,
		   u64 period);
const struct fg_count_slot *fg_counts_slot(const struct fg_counts *t, u32 idx);
int fg_counts_read(const struct fg_counts *t, struct fgprof_read *r,
		   char *buf);

#endif
