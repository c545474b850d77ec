// SPDX-License-Identifier: GPL-2.0
/*
 * The hot path: the overflow handler of the per-CPU perf events
 * (cpu_events.c makes them, from fg_attr_init's attributes), which
 * turns an interrupt into a recorded sample. The handler runs in
 * hard-irq (cpu-clock) or NMI (hardware events) context: no locks, no
 * allocation, no printk, nothing that can fault.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/sched/clock.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>

#include "compat.h"
#include "maps.h"
#include "sample.h"
#include "session.h"
#include "stats.h"
#include "unwind.h"

bool fg_task_selected(const struct fg_session *s, struct task_struct *t)
{
	const struct fgprof_config *cfg = &s->cfg;
	pid_t id = (cfg->flags & FGPROF_CF_TIDS) ? t->pid : t->tgid;
	u32 i;

	if (cfg->nr_pids) {
		for (i = 0; i < cfg->nr_pids; i++)
			if (cfg->pids[i] == id)
				break;
		if (i == cfg->nr_pids)
			return false;
	}
	if (s->cgrp) {
		bool in;

		rcu_read_lock();	/* task_css_set() wants it, NMI-safe */
		in = task_under_cgroup_hierarchy(t, s->cgrp);
		rcu_read_unlock();
		return in;
	}
	return true;
}

s64 fg_record_stack(struct fg_cpu *c, const u64 *ips, int n,
			bool truncated, u16 kind)
{
	u32 id;

	if (!n)
		return 0;
	id = fg_stacks_insert(&c->stacks, ips, n,
			      kind | (truncated ? FGPROF_SF_TRUNCATED : 0));
	/* Spelled out: "id ? id : -1" would be unsigned, never negative. */
	if (!id)
		return -1;
	return id;
}

/*
 * The weight of a tracepoint hit: the configured field of its raw record.
 * False when the record is missing, too short, or the value negative.
 */
static bool sample_weight(const struct fgprof_config *cfg,
			  const struct perf_sample_data *data, u64 *w)
{
	const struct perf_raw_frag *raw = fg_sample_raw(data);
	bool sign = cfg->weight_flags & FGPROF_WF_SIGNED;
	u8 b[8];
	s64 v;

	if (!raw || !raw->data ||
	    (u64)cfg->weight_offset + cfg->weight_size > raw->size)
		return false;
	/* Record fields need not be aligned: copy, then widen (x86 order). */
	memcpy(b, (const u8 *)raw->data + cfg->weight_offset, cfg->weight_size);
	switch (cfg->weight_size) {
	case 1:
		v = sign ? (s64)(s8)b[0] : (s64)b[0];
		break;
	case 2: {
		u16 x;

		memcpy(&x, b, sizeof(x));
		v = sign ? (s64)(s16)x : (s64)x;
		break;
	}
	case 4: {
		u32 x;

		memcpy(&x, b, sizeof(x));
		v = sign ? (s64)(s32)x : (s64)x;
		break;
	}
	default:
		memcpy(&v, b, sizeof(v));
		break;
	}
	if ((cfg->weight_flags & FGPROF_WF_SIGNED) && v < 0)
		return false;
	if (cfg->weight_flags & FGPROF_WF_POW2)
		v = (u64)v < 63 ? 1ll << v : 0;	/* u64: no negative shift */
	*w = v;
	return true;
}

/* now: CLOCK_MONOTONIC ns if the handler read it, else 0. */
static void record_sample(const struct fg_session *s, struct fg_cpu *c,
			  struct perf_sample_data *data, struct pt_regs *regs,
			  u64 period, u64 now)
{
	const struct fgprof_config *cfg = &s->cfg;
	struct task_struct *t = current;
	struct fg_count_key key;
	bool truncated;
	s64 kid = 0, uid = 0;
	int n;

	if (is_idle_task(t) && !(cfg->flags & FGPROF_CF_IDLE)) {
		fg_stat_inc(idle);
		return;
	}
	if (!fg_task_selected(s, t)) {
		fg_stat_inc(filtered);
		return;
	}
	if ((cfg->flags & FGPROF_CF_WEIGHT) &&
	    !sample_weight(cfg, data, &period)) {
		fg_stat_inc(drop_weight);
		return;
	}
	if (cfg->flags & FGPROF_CF_KERNEL_STACK) {
		n = fg_unwind_kernel(regs, c->kips, cfg->kernel_depth, &truncated);
		if (truncated)
			fg_stat_inc(kernel_truncated);
		kid = fg_record_stack(c, c->kips, n, truncated, FGPROF_SF_KERNEL);
	}
	if (cfg->flags & FGPROF_CF_USER_STACK) {
		if (cfg->flags & FGPROF_CF_LBR)
			n = fg_unwind_lbr(data, regs, c->uips, cfg->user_depth,
					  &truncated);
		else
			n = fg_unwind_user(regs, c->uips, cfg->user_depth,
					   &truncated);
		if (truncated)
			fg_stat_inc(user_truncated);
		uid = fg_record_stack(c, c->uips, n, truncated, 0);
	}
	if (kid < 0 || uid < 0) {
		fg_stat_inc(drop_stacks_full);
		return;
	}

	memset(&key, 0, sizeof(key));
	key.tgid = t->tgid;
	key.tid = (cfg->flags & FGPROF_CF_PER_THREAD) ? t->pid : 0;
	key.kstack = kid;
	key.ustack = uid;
	strscpy(key.comm, t->comm, sizeof(key.comm));
	if (!fg_counts_add(&c->counts, &key, period)) {
		fg_stat_inc(drop_counts_full);
		return;
	}
	fg_stat_inc(recorded);
	if (uid > 0 && (cfg->flags & FGPROF_CF_MAPS))
		fg_maps_note(t);

	if (c->timeline.recs) {
		struct fgprof_timeline_rec rec = {
			.time_ns = now ?: ktime_get_mono_fast_ns(),
			.tgid = t->tgid,
			.tid = t->pid,
			.kstack = kid,
			.ustack = uid,
			.cpu = smp_processor_id(),
		};

		if (fg_timeline_push(&c->timeline, &rec))
			fg_stat_inc(timeline_records);
		else
			fg_stat_inc(drop_timeline_full);
	}
}

static bool clock_event(const struct fgprof_config *cfg)
{
	return cfg->event_type == PERF_TYPE_SOFTWARE &&
	       (cfg->event_config == PERF_COUNT_SW_CPU_CLOCK ||
		cfg->event_config == PERF_COUNT_SW_TASK_CLOCK);
}

/*
 * A clock event's sample weighs the nanoseconds since the CPU's previous
 * sample on the clock off-CPU intervals use (CLOCK_MONOTONIC), not the
 * nominal period: a timer that fires late (a loaded host, a long irq-off
 * section) would otherwise undercount on-CPU time, and sched_clock, which
 * the event's own counter runs on, may tick at another rate than the
 * monotonic clock (it does in an emulated guest) and skew a wall-clock
 * profile. The first sample of an event (start, CPU online) weighs the
 * period perf gives, as every sample of every other event does.
 */
static u64 sample_period(const struct fg_session *s, struct fg_cpu *c,
			 struct perf_event *event,
			 const struct perf_sample_data *data, u64 now)
{
	u64 last = c->clock_last;

	if (!clock_event(&s->cfg))
		return data->period;
	c->clock_last = now;
	if (c->clock_event == event && now > last)
		return now - last;
	c->clock_event = event;
	return data->period;
}

void fg_overflow(struct perf_event *event, struct perf_sample_data *data,
		 struct pt_regs *regs)
{
	const struct fg_session *s = event->overflow_handler_context;
	struct fg_cpu *c = s->cpu[smp_processor_id()];
	/*
	 * The handler times itself on the CPU's own cheap clock (the TSC
	 * where there is one): the monotonic clock's source may cost
	 * microseconds a read (HPET in an emulated guest), and perf's own
	 * path reads it once at most. It is read once here, only when the
	 * sample needs it: a clock event's weight, a timeline record.
	 */
	u64 start = local_clock(), now = 0;

	fg_stat_inc(samples);
	/* An NMI event landing inside another sample of this CPU. */
	if (local_inc_return(&c->busy) != 1) {
		local_dec(&c->busy);
		fg_stat_inc(drop_nested);
		return;
	}
	if (clock_event(&s->cfg) || c->timeline.recs)
		now = ktime_get_mono_fast_ns();
	record_sample(s, c, data, regs,
		      sample_period(s, c, event, data, now), now);
	local_dec(&c->busy);
	fg_stats_note_handler_ns(local_clock() - start);
}

void fg_attr_init(struct perf_event_attr *attr,
		  const struct fgprof_config *cfg, bool disabled)
{
	memset(attr, 0, sizeof(*attr));
	attr->type = cfg->event_type;
	attr->size = sizeof(*attr);
	attr->config = cfg->event_config;
	attr->freq = !!(cfg->flags & FGPROF_CF_FREQ);
	attr->sample_period = cfg->sample_rate;	/* a union with sample_freq */
	attr->precise_ip = cfg->precise_ip;
	attr->pinned = 1;
	attr->disabled = disabled;
	/* A tracepoint's record, for --weight; 6.12 keeps it only if asked. */
	if (cfg->event_type == PERF_TYPE_TRACEPOINT)
		attr->sample_type |= PERF_SAMPLE_RAW;
	/*
	 * LBR call-stack mode: the PMU keeps the user call stack in its branch
	 * records. perf refuses (EOPNOTSUPP/ENOENT) where the CPU has no LBR,
	 * which fg_sample_check_event() (cpu_events.c) turns into a
	 * configure-time error.
	 */
	if (cfg->flags & FGPROF_CF_LBR) {
		attr->sample_type |= PERF_SAMPLE_BRANCH_STACK;
		attr->branch_sample_type = PERF_SAMPLE_BRANCH_USER |
					   PERF_SAMPLE_BRANCH_CALL_STACK;
	}
}
