// SPDX-License-Identifier: GPL-2.0
/*
 * Off-CPU time by stack, from the sched_switch tracepoint (and the waker's
 * stack from sched_waking). At switch-out the task's kernel and user
 * stacks go into this CPU's stack table and the task into the in-flight
 * table; at switch-in, on whatever CPU, the blocked nanoseconds are added
 * to that CPU's counts under the same stacks. The probes run with
 * interrupts off and the runqueue lock held: no sleeping, no allocation,
 * nothing that can fault.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/sched/task_stack.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/tracepoint.h>

#include "compat.h"
#include "inflight.h"
#include "maps.h"
#include "offcpu.h"
#include "sample.h"
#include "session.h"
#include "stats.h"
#include "unwind.h"

/* A kernel tracepoint the module hooks, found by name. */
struct fg_tp {
	const char *name;
	struct tracepoint *tp;
	void *probe;
	bool registered;
	/* The tracepoint's iterator: frames there are not the caller's. */
	unsigned long skip_lo, skip_hi;
};

static void fg_switch(void *data, bool preempt, struct task_struct *prev,
		      struct task_struct *next, unsigned int prev_state);
FG_SCHED_SWITCH_PROBE(fg_switch_probe, fg_switch)
static void fg_waking_probe(void *data, struct task_struct *p);

static struct fg_tp tp_switch = {
	.name = "sched_switch", .probe = fg_switch_probe,
};
static struct fg_tp tp_waking = {
	.name = "sched_waking", .probe = fg_waking_probe,
};

/* Where a switched-out task goes in the state filter. */
static u32 state_class(bool preempt, unsigned int state)
{
	if (preempt || !state)
		return FGPROF_OF_RUNNABLE;
	if (state & TASK_INTERRUPTIBLE)
		return FGPROF_OF_INTERRUPTIBLE;
	/* D state, and the other ways to wait: stopped, parked, RT locks. */
	return FGPROF_OF_UNINTERRUPTIBLE;
}

static bool offcpu_selected(const struct fg_session *s, struct task_struct *t,
			    bool preempt, unsigned int state)
{
	u32 of = s->cfg.offcpu_flags;
	u32 states = of & FGPROF_OF_STATES ?: FGPROF_OF_STATES;
	bool kthread = t->flags & PF_KTHREAD;

	if (!(states & state_class(preempt, state)))
		return false;
	if ((of & FGPROF_OF_USER_THREADS) && kthread)
		return false;
	if ((of & FGPROF_OF_KERNEL_THREADS) && !kthread)
		return false;
	return fg_task_selected(s, t);
}

/*
 * The current task's stacks into this CPU's tables; false when a table is
 * full. The user stack only in task context: in an interrupt, the user
 * registers belong to whoever was interrupted, not to the waker.
 */
static bool record_current_stacks(const struct fg_session *s,
				  struct fg_cpu *c, const struct fg_tp *tp,
				  u32 *kid, u32 *uid)
{
	const struct fgprof_config *cfg = &s->cfg;
	struct task_struct *t = current;
	s64 k = 0, u = 0;
	bool truncated;
	int n;

	if (cfg->flags & FGPROF_CF_KERNEL_STACK) {
		n = fg_unwind_kernel_here(c->kips, cfg->kernel_depth, &truncated,
					  tp->skip_lo, tp->skip_hi);
		if (truncated)
			fg_stat_inc(kernel_truncated);
		k = fg_record_stack(c, c->kips, n, truncated, FGPROF_SF_KERNEL);
	}
	if ((cfg->flags & FGPROF_CF_USER_STACK) && in_task() &&
	    !(t->flags & PF_KTHREAD) && t->mm) {
		n = fg_unwind_user(task_pt_regs(t), c->uips, cfg->user_depth,
				   &truncated);
		if (truncated)
			fg_stat_inc(user_truncated);
		u = fg_record_stack(c, c->uips, n, truncated, 0);
	}
	if (k < 0 || u < 0)
		return false;
	*kid = k;
	*uid = u;
	return true;
}

/* A stack of another CPU's table as a stack of this CPU's; 0 = none, -1 full. */
static s64 restack(const struct fg_session *s, struct fg_cpu *c, u32 cpu,
		   u32 id)
{
	const u64 *ips;
	u16 nr, flags;
	u32 got;

	if (!id || s->cpu[cpu] == c)
		return id;
	ips = fg_stacks_get(&s->cpu[cpu]->stacks, id, &nr, &flags);
	if (!ips)
		return 0;
	got = fg_stacks_insert(&c->stacks, ips, nr, flags);
	return got ? got : -1;
}

static void switch_out(struct fg_session *s, struct task_struct *prev,
		       bool preempt, unsigned int state, u64 now)
{
	struct fg_cpu *c = s->cpu[smp_processor_id()];
	struct fg_inflight_slot *slot;
	u32 kid, uid;

	/* The last switch of an exiting task ends nothing. */
	if (state & TASK_DEAD)
		return;
	fg_stat_inc(offcpu_switch_outs);
	if (!offcpu_selected(s, prev, preempt, state)) {
		fg_stat_inc(offcpu_filtered);
		return;
	}
	if (local_inc_return(&c->busy) != 1) {
		fg_stat_inc(offcpu_drop_nested);
		goto out;
	}
	slot = fg_inflight_claim(&s->inflight, prev->pid);
	if (!slot) {
		fg_stat_inc(offcpu_drop_inflight_full);
		goto out;
	}
	if (!record_current_stacks(s, c, &tp_switch, &kid, &uid)) {
		fg_inflight_release(slot);
		fg_stat_inc(offcpu_drop_stacks_full);
		goto out;
	}
	slot->cpu = smp_processor_id();
	slot->kstack = kid;
	slot->ustack = uid;
	slot->start_ns = now;
	slot->waker = FG_WAKER_OPEN | ++slot->gen;
	slot->tgid = prev->tgid;
	/* Padded: a reused slot's tail would reach user space and the key. */
	strscpy_pad(slot->comm, prev->comm, sizeof(slot->comm));
	fg_inflight_publish(slot, prev->pid);
	fg_stat_inc(offcpu_tracked);
out:
	local_dec(&c->busy);
}

/*
 * Adds one finished interval to c's counts. Runs on c's CPU from the probe,
 * or at stop, when nothing else writes any table.
 */
static void add_interval(const struct fg_session *s, struct fg_cpu *c,
			 const struct fg_inflight_slot *slot, u32 tid, u64 now)
{
	const struct fgprof_config *cfg = &s->cfg;
	struct fg_count_key key;
	u32 wcpu, wk, wu;
	s64 k, u, kw = 0, uw = 0;
	u64 ns;

	if (now < slot->start_ns) {
		fg_stat_inc(offcpu_clock_skew);
		return;
	}
	ns = now - slot->start_ns;
	if (ns < cfg->min_block_ns) {
		fg_stat_inc(offcpu_short);
		return;
	}
	if (cfg->max_block_ns && ns > cfg->max_block_ns) {
		fg_stat_inc(offcpu_long);
		return;
	}
	k = restack(s, c, slot->cpu, slot->kstack);
	u = restack(s, c, slot->cpu, slot->ustack);
	if (slot->waker && !(slot->waker & FG_WAKER_OPEN)) {
		fg_waker_unpack(slot->waker, &wcpu, &wk, &wu);
		kw = restack(s, c, wcpu, wk);
		uw = restack(s, c, wcpu, wu);
	}
	if (k < 0 || u < 0 || kw < 0 || uw < 0) {
		fg_stat_inc(offcpu_drop_stacks_full);
		return;
	}
	memset(&key, 0, sizeof(key));
	key.tgid = slot->tgid;
	key.tid = (cfg->flags & FGPROF_CF_PER_THREAD) ? tid : 0;
	key.kstack = k;
	key.ustack = u;
	key.wkstack = kw;
	key.wustack = uw;
	key.kind = FGPROF_KIND_OFFCPU;
	memcpy(key.comm, slot->comm, sizeof(key.comm));
	if (!fg_counts_add(&c->counts, &key, ns)) {
		fg_stat_inc(offcpu_drop_counts_full);
		return;
	}
	fg_stat_inc(offcpu_recorded);
	fg_stat_add(offcpu_ns, ns);
}

static void switch_in(struct fg_session *s, struct task_struct *next, u64 now)
{
	struct fg_cpu *c = s->cpu[smp_processor_id()];
	struct fg_inflight_slot *slot, copy;

	slot = fg_inflight_find(&s->inflight, next->pid);
	if (!slot)
		return;
	copy = *slot;
	/* Closed to a late waker before the slot can be claimed again. */
	copy.waker = xchg(&slot->waker, 0);
	fg_inflight_release(slot);
	if (local_inc_return(&c->busy) != 1)
		fg_stat_inc(offcpu_drop_nested);
	else
		add_interval(s, c, &copy, next->pid, now);
	local_dec(&c->busy);
	if (copy.ustack && (s->cfg.flags & FGPROF_CF_MAPS))
		fg_maps_note(next);
}

static void fg_switch(void *data, bool preempt, struct task_struct *prev,
		      struct task_struct *next, unsigned int prev_state)
{
	struct fg_session *s = data;
	u64 now = ktime_get_mono_fast_ns();

	if (!is_idle_task(next))
		switch_in(s, next, now);
	if (!is_idle_task(prev))
		switch_out(s, prev, preempt, prev_state, now);
}

/*
 * In the waker's context: current is waking p. A wakeup that races with
 * p's own switch-out finds its slot still being written and attaches
 * nothing (the interval is still counted); one that races with p's
 * switch-in, and the slot's reuse, attaches nothing either (see the
 * waker field): the first waker of the interval is its waker.
 */
static void fg_waking_probe(void *data, struct task_struct *p)
{
	struct fg_session *s = data;
	struct fg_inflight_slot *slot;
	struct fg_cpu *c;
	u32 kid, uid;
	u64 open;

	if (p == current)
		return;
	slot = fg_inflight_find(&s->inflight, p->pid);
	if (!slot)
		return;
	/* This claim's token, then still p's slot: the token is p's. */
	open = smp_load_acquire(&slot->waker);
	if (!(open & FG_WAKER_OPEN) || READ_ONCE(slot->owner) != p->pid)
		return;
	c = s->cpu[smp_processor_id()];
	if (local_inc_return(&c->busy) != 1) {
		fg_stat_inc(offcpu_drop_nested);
	} else if (!record_current_stacks(s, c, &tp_waking, &kid, &uid)) {
		fg_stat_inc(offcpu_drop_stacks_full);
	} else if (cmpxchg(&slot->waker, open,
			   fg_waker_pack(smp_processor_id(), kid, uid)) == open) {
		fg_stat_inc(wakeups);
	}
	local_dec(&c->busy);
}

static void find_tp(struct tracepoint *tp, void *priv)
{
	struct fg_tp *want = priv;

	if (!strcmp(tp->name, want->name))
		want->tp = tp;
}

/* "name+0x0/0x1a0 [mod]": the function's size follows the slash. */
static void iterator_bounds(struct fg_tp *t)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long size;
	char *slash;

	t->skip_lo = (unsigned long)t->tp->iterator;
	t->skip_hi = t->skip_lo;
	if (!t->skip_lo)
		return;
	sprint_symbol(buf, t->skip_lo);
	slash = strchr(buf, '/');
	if (slash && sscanf(slash + 1, "%lx", &size) == 1)
		t->skip_hi = t->skip_lo + size;
}

static int lookup(struct fg_tp *t)
{
	if (!t->tp) {
		for_each_kernel_tracepoint(find_tp, t);
		if (!t->tp) {
			pr_warn("no %s tracepoint in this kernel\n", t->name);
			return -ENOENT;
		}
		iterator_bounds(t);
	}
	return 0;
}

int fg_offcpu_check(const struct fgprof_config *cfg)
{
	int err = lookup(&tp_switch);

	if (!err && (cfg->flags & FGPROF_CF_WAKEUPS))
		err = lookup(&tp_waking);
	return err;
}

static int hook(struct fg_tp *t, struct fg_session *s)
{
	int err = tracepoint_probe_register(t->tp, t->probe, s);

	t->registered = !err;
	return err;
}

static void unhook(struct fg_tp *t, struct fg_session *s)
{
	if (t->registered)
		tracepoint_probe_unregister(t->tp, t->probe, s);
	t->registered = false;
}

int fg_offcpu_start(struct fg_session *s)
{
	int err;

	if (!(s->cfg.flags & FGPROF_CF_OFFCPU))
		return 0;
	err = fg_offcpu_check(&s->cfg);
	/* The waker before the switch: no interval misses its waker hook. */
	if (!err && (s->cfg.flags & FGPROF_CF_WAKEUPS))
		err = hook(&tp_waking, s);
	if (!err)
		err = hook(&tp_switch, s);
	if (err)
		fg_offcpu_stop(s);
	return err;
}

/*
 * After the probes are gone, the tasks still blocked get their time up to
 * now: stopping loses no interval. Nothing else writes the tables then,
 * so each interval goes straight into the table of the CPU it began on.
 */
static void flush_open(struct fg_session *s)
{
	struct fg_inflight *t = &s->inflight;
	u64 now = ktime_get_mono_fast_ns();
	u32 i;

	for (i = 0; i <= t->mask; i++) {
		struct fg_inflight_slot *slot = &t->slots[i];
		u32 owner = slot->owner;

		if (owner == FG_IF_EMPTY || owner == FG_IF_TOMB ||
		    (owner & FG_IF_WRITING))
			continue;
		fg_stat_inc(offcpu_open_at_stop);
		add_interval(s, s->cpu[slot->cpu], slot, owner, now);
	}
	fg_inflight_clear(t);
}

void fg_offcpu_stop(struct fg_session *s)
{
	bool was = tp_switch.registered || tp_waking.registered;

	unhook(&tp_switch, s);
	unhook(&tp_waking, s);
	if (!was)
		return;
	/* No probe runs past this point, on any CPU. */
	tracepoint_synchronize_unregister();
	flush_open(s);
}
