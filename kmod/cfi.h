/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_CFI_H
#define FGPROF_CFI_H

#include <linux/rculist.h>
#include <linux/types.h>

#include "fgprof.h"

struct file;

/* One loaded unwind table: immutable from load until the session ends. */
struct fg_cfi_table {
	u64 key;
	u32 nr;
	u32 id;
	struct fgprof_cfi_row *rows;	/* kvmalloc'd, sorted by start */
	u64 bytes;			/* counted against cfi_mb */
};

struct fg_cfi_map {
	u64 start;
	u64 end;
	u64 bias;
	const struct fg_cfi_table *table;
};

/*
 * A process's mappings, sorted by start. Never changed once published:
 * an update publishes a new one (hlist_replace_rcu) and frees the old
 * after a grace period, so the sample path reads it without a lock.
 */
struct fg_cfi_proc {
	struct hlist_node node;
	struct rcu_head rcu;
	u32 tgid;
	u32 nr;
	u64 bytes;			/* counted against cfi_mb */
	struct fg_cfi_map maps[];
};

/* Configure: check cfi_mb, fill its default, add it to *bytes. */
int fg_cfi_config_check(struct fgprof_config *cfg, u64 *bytes);
/* Configure (after the check) and teardown (nothing samples any more). */
int fg_cfi_alloc(const struct fgprof_config *cfg);
void fg_cfi_free(void);
void fg_cfi_stats(struct fgprof_stats *st);

/* The ioctls; the caller holds the session lock. */
int fg_cfi_load(struct fgprof_cfi_load *ld);
int fg_cfi_map(const struct fgprof_cfi_map *m);

/* Sample path, under rcu_read_lock(): is a session using tables? */
bool fg_cfi_enabled(void);
/* ... tgid's mappings, or NULL. */
const struct fg_cfi_proc *fg_cfi_proc_find(u32 tgid);
/* ... the mapping holding addr, or NULL. */
const struct fg_cfi_map *fg_cfi_map_find(const struct fg_cfi_proc *p,
					 unsigned long addr);
/* ... the row of key (see fgprof.h), or NULL: the last with start <= key. */
const struct fgprof_cfi_row *fg_cfi_lookup(const struct fg_cfi_table *t,
					   u64 key);

#endif
