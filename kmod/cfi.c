// SPDX-License-Identifier: GPL-2.0
/*
 * The unwind tables of FGPROF_CF_USER_CFI (issue #10): tables loaded by
 * the tool, one per file however many processes map it, and each
 * process's mappings onto them, for kmod/unwind_cfi.c to read from the
 * sample path.
 *
 * Writers (the two ioctls, configure, teardown) hold the session lock.
 * The sample path (hard irq or NMI) only reads: the process hash with the
 * RCU list primitives, the mapping arrays (immutable, replaced whole,
 * freed after a grace period) and the tables (immutable, freed only at
 * teardown, when no event or probe is live). Nothing it reads can be
 * freed under it, and it takes no lock.
 */
#include <linux/hash.h>
#include <linux/overflow.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "cfi.h"
#include "memory.h"
#include "stats.h"

#define FG_CFI_HASH_BITS	10
#define FG_CFI_DEF_MB		64u
#define FG_CFI_MAX_MB		1024u

static struct hlist_head *procs;	/* NULL: no session uses tables */
static struct fg_cfi_table **tables;	/* by id - 1 */
static u32 nr_tables, tables_cap;
static u64 bytes_used, bytes_cap, row_bytes;

int fg_cfi_config_check(struct fgprof_config *cfg, u64 *bytes)
{
	if (!(cfg->flags & FGPROF_CF_USER_CFI))
		return cfg->cfi_mb ? -EINVAL : 0;
	if (!(cfg->flags & FGPROF_CF_USER_STACK) || (cfg->flags & FGPROF_CF_LBR))
		return -EINVAL;
	cfg->cfi_mb = cfg->cfi_mb ?: FG_CFI_DEF_MB;
	if (cfg->cfi_mb > FG_CFI_MAX_MB)
		return -EINVAL;
	*bytes += (u64)cfg->cfi_mb << 20;
	return 0;
}

int fg_cfi_alloc(const struct fgprof_config *cfg)
{
	struct hlist_head *h;
	u32 i;

	if (!(cfg->flags & FGPROF_CF_USER_CFI))
		return 0;
	h = kcalloc(1u << FG_CFI_HASH_BITS, sizeof(*h), FG_GFP);
	if (!h)
		return -ENOMEM;
	for (i = 0; i < 1u << FG_CFI_HASH_BITS; i++)
		INIT_HLIST_HEAD(&h[i]);
	bytes_cap = (u64)cfg->cfi_mb << 20;
	bytes_used = 0;
	row_bytes = 0;
	WRITE_ONCE(procs, h);
	return 0;
}

void fg_cfi_free(void)
{
	struct fg_cfi_proc *p;
	struct hlist_node *tmp;
	u32 i;

	if (procs) {
		for (i = 0; i < 1u << FG_CFI_HASH_BITS; i++) {
			hlist_for_each_entry_safe(p, tmp, &procs[i], node) {
				hlist_del(&p->node);
				kfree(p);
			}
		}
		kfree(procs);
		WRITE_ONCE(procs, NULL);
	}
	for (i = 0; i < nr_tables; i++) {
		kvfree(tables[i]->rows);
		kfree(tables[i]);
	}
	kfree(tables);
	tables = NULL;
	nr_tables = 0;
	tables_cap = 0;
	bytes_used = 0;
	row_bytes = 0;
	/*
	 * Mapping arrays replaced while sampling went to kfree_rcu(), which
	 * frees them later with no code of ours: nothing to wait for here.
	 */
}

void fg_cfi_stats(struct fgprof_stats *st)
{
	st->cfi_tables = nr_tables;
	st->cfi_bytes = row_bytes;
}

/* Sorted, unique starts, known kinds, and the last row a NONE. */
static bool rows_valid(const struct fgprof_cfi_row *rows, u32 nr)
{
	u32 i;

	for (i = 0; i < nr; i++) {
		if (rows[i].kind > FGPROF_CFI_OUTERMOST)
			return false;
		if (i && rows[i].start <= rows[i - 1].start)
			return false;
	}
	return rows[nr - 1].kind == FGPROF_CFI_NONE;
}

int fg_cfi_load(struct fgprof_cfi_load *ld)
{
	struct fg_cfi_table *t;
	u64 size;
	u32 i;
	int err;

	if (!procs)
		return -EINVAL;
	if (!ld->nr || ld->id)
		return -EINVAL;
	if (ld->nr > FGPROF_CFI_MAX_ROWS)
		return -E2BIG;
	for (i = 0; i < nr_tables; i++) {
		if (tables[i]->key == ld->key) {
			ld->id = tables[i]->id;
			return 0;
		}
	}
	size = (u64)ld->nr * sizeof(struct fgprof_cfi_row);
	if (bytes_used + size + sizeof(*t) > bytes_cap) {
		fg_stat_inc(cfi_tables_full);
		return -ENOSPC;
	}
	if (nr_tables == tables_cap) {
		u32 cap = tables_cap ? tables_cap * 2 : 64;
		struct fg_cfi_table **n;

		n = krealloc(tables, (size_t)cap * sizeof(*n), FG_GFP);
		if (!n)
			return -ENOMEM;
		tables = n;
		tables_cap = cap;
	}
	t = kzalloc(sizeof(*t), FG_GFP | __GFP_ACCOUNT);
	if (!t)
		return -ENOMEM;
	t->rows = kvmalloc(size, FG_GFP | __GFP_ACCOUNT);
	err = t->rows ? 0 : -ENOMEM;
	if (!err) {
		t->bytes = fg_footprint(t, sizeof(*t)) +
			   fg_footprint(t->rows, size);
		if (bytes_used + t->bytes > bytes_cap) {
			fg_stat_inc(cfi_tables_full);
			err = -ENOSPC;
		}
	}
	if (!err && copy_from_user(t->rows, u64_to_user_ptr(ld->rows), size))
		err = -EFAULT;
	if (!err && !rows_valid(t->rows, ld->nr))
		err = -EINVAL;
	if (err) {
		kvfree(t->rows);
		kfree(t);
		return err;
	}
	t->key = ld->key;
	t->nr = ld->nr;
	t->id = nr_tables + 1;
	tables[nr_tables++] = t;
	bytes_used += t->bytes;
	row_bytes += size;
	ld->id = t->id;
	return 0;
}

static struct hlist_head *bucket(u32 tgid)
{
	return &procs[hash_32(tgid, FG_CFI_HASH_BITS)];
}

static struct fg_cfi_proc *proc_find_locked(u32 tgid)
{
	struct fg_cfi_proc *p;

	hlist_for_each_entry(p, bucket(tgid), node)
		if (p->tgid == tgid)
			return p;
	return NULL;
}

static void proc_retire(struct fg_cfi_proc *old)
{
	bytes_used -= old->bytes;
	kfree_rcu(old, rcu);
}

/* Copies and checks the user's mappings into p (sorted by start). */
static int maps_fill(struct fg_cfi_proc *p, const struct fgprof_cfi_map *m)
{
	struct fgprof_cfi_mapping __user *um = u64_to_user_ptr(m->maps);
	u32 i;

	for (i = 0; i < m->nr; i++) {
		struct fgprof_cfi_mapping e;

		if (copy_from_user(&e, &um[i], sizeof(e)))
			return -EFAULT;
		if (e.pad || !e.id || e.id > nr_tables || e.start >= e.end ||
		    (i && e.start < p->maps[i - 1].end))
			return -EINVAL;
		p->maps[i].start = e.start;
		p->maps[i].end = e.end;
		p->maps[i].bias = e.bias;
		p->maps[i].table = tables[e.id - 1];
	}
	return 0;
}

int fg_cfi_map(const struct fgprof_cfi_map *m)
{
	struct fg_cfi_proc *old, *p;
	size_t size;
	int err;

	if (!procs || !m->tgid)
		return -EINVAL;
	if (m->nr > FGPROF_CFI_MAX_MAPS) {
		fg_stat_inc(cfi_map_full);
		return -E2BIG;
	}
	old = proc_find_locked(m->tgid);
	if (!m->nr) {
		if (old) {
			hlist_del_rcu(&old->node);
			proc_retire(old);
		}
		return 0;
	}
	size = struct_size(p, maps, m->nr);
	if (bytes_used - (old ? old->bytes : 0) + size > bytes_cap) {
		fg_stat_inc(cfi_map_full);
		return -ENOSPC;
	}
	p = kzalloc(size, FG_GFP | __GFP_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->bytes = fg_footprint(p, size);
	if (bytes_used - (old ? old->bytes : 0) + p->bytes > bytes_cap) {
		kfree(p);
		fg_stat_inc(cfi_map_full);
		return -ENOSPC;
	}
	p->tgid = m->tgid;
	p->nr = m->nr;
	err = maps_fill(p, m);
	if (err) {
		kfree(p);
		return err;
	}
	bytes_used += p->bytes;
	if (old) {
		hlist_replace_rcu(&old->node, &p->node);
		proc_retire(old);
	} else {
		hlist_add_head_rcu(&p->node, bucket(m->tgid));
	}
	return 0;
}

bool fg_cfi_enabled(void)
{
	return READ_ONCE(procs);
}

const struct fg_cfi_proc *fg_cfi_proc_find(u32 tgid)
{
	struct hlist_head *h = READ_ONCE(procs);
	struct fg_cfi_proc *p;

	if (!h)
		return NULL;
	hlist_for_each_entry_rcu(p, &h[hash_32(tgid, FG_CFI_HASH_BITS)], node)
		if (p->tgid == tgid)
			return p;
	return NULL;
}

const struct fg_cfi_map *fg_cfi_map_find(const struct fg_cfi_proc *p,
					 unsigned long addr)
{
	u32 lo = 0, hi = p->nr;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (p->maps[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo || addr >= p->maps[lo - 1].end)
		return NULL;
	return &p->maps[lo - 1];
}

/* As user/unwind/cfi_step.c's cfi_lookup. */
const struct fgprof_cfi_row *fg_cfi_lookup(const struct fg_cfi_table *t,
					   u64 key)
{
	u32 lo = 0, hi = t->nr;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (t->rows[mid].start <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &t->rows[lo - 1] : NULL;
}
