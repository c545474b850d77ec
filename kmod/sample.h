/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_SAMPLE_H
#define FGPROF_SAMPLE_H

#include <linux/types.h>

struct fg_session;
struct fgprof_config;

/*
 * Per-CPU perf events and their overflow handler. check creates (and
 * drops) one disabled event so a bad or missing event is refused at
 * configuration time; start/stop follow CPUs going on and offline.
 */
int fg_sample_check_event(const struct fgprof_config *cfg);
int fg_sample_start(struct fg_session *s);
void fg_sample_stop(void);
u32 fg_sample_nr_cpus(void);
u32 fg_sample_cpu_errors(void);

#endif
