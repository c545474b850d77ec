/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_MEMORY_H
#define FGPROF_MEMORY_H

#include <linux/gfp.h>

/*
 * Table memory is allocated at configure time only. A large request fails
 * (ENOMEM) rather than push the machine being measured into reclaim or the
 * OOM killer.
 */
#define FG_GFP (GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)

#endif
