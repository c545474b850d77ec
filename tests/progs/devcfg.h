/* SPDX-License-Identifier: GPL-2.0 */
/* The smallest session the device takes: cpu-clock at 999 Hz, both stacks. */
#ifndef FGPROF_PROGS_DEVCFG_H
#define FGPROF_PROGS_DEVCFG_H

#include <linux/perf_event.h>
#include <string.h>

#include "fgprof.h"

static inline struct fgprof_config base_config(void)
{
	struct fgprof_config c;

	memset(&c, 0, sizeof(c));
	c.flags = FGPROF_CF_FREQ | FGPROF_CF_KERNEL_STACK | FGPROF_CF_USER_STACK;
	c.event_type = PERF_TYPE_SOFTWARE;
	c.event_config = PERF_COUNT_SW_CPU_CLOCK;
	c.sample_rate = 999;
	return c;
}

#endif
