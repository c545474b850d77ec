/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_MEMORY_H
#define FGPROF_MEMORY_H

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>

/*
 * Table memory is allocated at configure time only. A large request fails
 * (ENOMEM) rather than push the machine being measured into reclaim or the
 * OOM killer.
 */
#define FG_GFP (GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)

/*
 * What an allocation of size bytes at p really takes, for caps that must
 * hold: a vmalloc area is whole pages and a guard page, a slab object its
 * size class (a 100-byte vmalloc would otherwise cost 8 KiB uncounted).
 */
static inline u64 fg_footprint(const void *p, size_t size)
{
	return is_vmalloc_addr(p) ? PAGE_ALIGN(size) + PAGE_SIZE : ksize(p);
}

#endif
