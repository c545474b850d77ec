/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_MAPS_H
#define FGPROF_MAPS_H

#include <linux/types.h>

struct fgprof_config;
struct fgprof_read;
struct fgprof_stats;
struct task_struct;

/*
 * Mapping capture (FGPROF_CF_MAPS), see maps.c. Configure time: check
 * (fills in the default size, adds the bytes it will take to *bytes),
 * alloc, and free at teardown; all with the session lock held and no
 * sampling running.
 */
int fg_maps_config_check(struct fgprof_config *cfg, u64 *bytes);
int fg_maps_alloc(const struct fgprof_config *cfg);
void fg_maps_free(void);

/*
 * Sample path, any context (NMI, a tracepoint under the runqueue lock):
 * t, current or being switched in, has a user stack in a recorded sample;
 * its address space is captured once, soon, by a kworker.
 */
void fg_maps_note(struct task_struct *t);

/* FGPROF_IOC_READ of FGPROF_TABLE_MAPS, with the session lock held. */
int fg_maps_read(struct fgprof_read *r, char *out);
/* Adds the counters kept here (not per CPU) to st. */
void fg_maps_stats(struct fgprof_stats *st);

#endif
