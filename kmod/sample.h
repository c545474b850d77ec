/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_SAMPLE_H
#define FGPROF_SAMPLE_H

#include <linux/types.h>

struct fg_cpu;
struct fg_session;
struct fgprof_config;
struct perf_event;
struct perf_event_attr;
struct perf_sample_data;
struct pt_regs;
struct task_struct;

/* sample.c: the events' attributes and their overflow handler. */
void fg_attr_init(struct perf_event_attr *attr,
		  const struct fgprof_config *cfg, bool disabled);
void fg_overflow(struct perf_event *event, struct perf_sample_data *data,
		 struct pt_regs *regs);

/*
 * cpu_events.c: the per-CPU perf events. check creates (and drops) one
 * disabled event so a bad or missing event is refused at configuration
 * time; start/stop follow CPUs going on and offline.
 */
int fg_sample_check_event(const struct fgprof_config *cfg);
int fg_sample_start(struct fg_session *s);
void fg_sample_stop(void);
u32 fg_sample_nr_cpus(void);
u32 fg_sample_cpu_errors(void);

/* Shared with the off-CPU probes, which record into the same tables. */
bool fg_task_selected(const struct fg_session *s, struct task_struct *t);
/* The stack's id, 0 for no stack; -1 when the table is full. */
s64 fg_record_stack(struct fg_cpu *c, const u64 *ips, int n, bool truncated,
		    u16 kind);

#endif
