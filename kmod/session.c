// SPDX-License-Identifier: GPL-2.0
/*
 * The one profiling session: its configuration, its tables, and its
 * lifetime (configure, start, stop, reset). One open file at a time owns
 * it; the owner's close stops sampling (the tables stay readable until the
 * next configure or reset), so sampling never runs with nobody to read it.
 */
#include <linux/atomic.h>
#include <linux/capability.h>
#include <linux/cgroup.h>
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/perf_event.h>
#include <linux/slab.h>
#include <linux/topology.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "cfi.h"
#include "fgprof.h"
#include "maps.h"
#include "memory.h"
#include "offcpu.h"
#include "sample.h"
#include "session.h"
#include "stats.h"
#include "uprobes.h"

/* Bounds for the per-CPU table sizes. */
#define FG_MIN_SLOTS		16u
#define FG_MAX_SLOTS		(1u << 22)
#define FG_MAX_FRAMES		(1u << 26)
#define FG_DEF_INFLIGHT_SLOTS	16384u

static unsigned int max_mb = 1024;
module_param(max_mb, uint, 0644);
MODULE_PARM_DESC(max_mb, "memory cap for all tables of a session, MiB (default 1024; never more than a quarter of RAM)");

/* A profiler must not push the machine it measures into reclaim or OOM. */
static u64 memory_cap(void)
{
	u64 quarter_ram = (u64)totalram_pages() << PAGE_SHIFT >> 2;

	return min((u64)max_mb << 20, quarter_ram);
}

/*
 * Default per-CPU table sizes, largest first: the first whose tables, on
 * every possible CPU, take at most a quarter of the memory cap (the last
 * if none does; the rest is left for the other tables). 16k distinct
 * 30-deep stacks at 999 Hz on every CPU fill the last row in seconds; the
 * first holds them (bench/results/losses.txt) in 10.75 MiB per CPU. With
 * the default cap: the first row up to 23 CPUs, the second up to 75.
 */
static const struct {
	u32 stack_slots, stack_frames, count_slots;
} default_tables[] = {
	{ 32768, 1u << 20, 32768 },
	{ 16384, 1u << 18, 16384 },
	{ 8192, 1u << 16, 8192 },
};

static u64 tables_per_cpu(u32 stack_slots, u32 stack_frames, u32 count_slots)
{
	return (u64)stack_slots * sizeof(struct fg_stack_slot) +
	       (u64)stack_frames * sizeof(u64) +
	       (u64)count_slots * sizeof(struct fg_count_slot);
}

static void tables_default(struct fgprof_config *cfg)
{
	u64 budget = memory_cap() / 4 / num_possible_cpus();
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(default_tables) - 1; i++)
		if (tables_per_cpu(default_tables[i].stack_slots,
				   default_tables[i].stack_frames,
				   default_tables[i].count_slots) <= budget)
			break;
	cfg->stack_slots = cfg->stack_slots ?: default_tables[i].stack_slots;
	cfg->stack_frames = cfg->stack_frames ?: default_tables[i].stack_frames;
	cfg->count_slots = cfg->count_slots ?: default_tables[i].count_slots;
}

static DEFINE_MUTEX(session_lock);
static struct fg_session session;
static u32 session_state = FGPROF_STATE_IDLE;
static struct file *owner;
static atomic_t open_count = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(timeline_wait);

static const char *const state_names[FGPROF_STATE_NR] = FGPROF_STATE_NAMES;

u32 fgprof_session_state(void)
{
	return READ_ONCE(session_state);
}

const char *fgprof_state_name(u32 state)
{
	return state < FGPROF_STATE_NR ? state_names[state] : "invalid";
}

static void set_state(u32 state)
{
	WRITE_ONCE(session_state, state);
}

static bool valid_slots(u32 n, u32 min)
{
	return n >= min && n <= FG_MAX_SLOTS && is_power_of_2(n);
}

/* Off-CPU fields: all zero unless asked for, then consistent. */
static int offcpu_config_check(struct fgprof_config *cfg)
{
	u32 threads = FGPROF_OF_USER_THREADS | FGPROF_OF_KERNEL_THREADS;

	/* Allocation probes may stand alone, without the perf event too. */
	u32 no_oncpu = (cfg->flags & FGPROF_CF_ALLOC) ? 0 : FGPROF_CF_NO_ONCPU;

	if (!(cfg->flags & FGPROF_CF_OFFCPU))
		return (cfg->flags & (no_oncpu | FGPROF_CF_WAKEUPS)) ||
		       cfg->offcpu_flags || cfg->inflight_slots ||
		       cfg->min_block_ns || cfg->max_block_ns ? -EINVAL : 0;
	cfg->inflight_slots = cfg->inflight_slots ?: FG_DEF_INFLIGHT_SLOTS;
	if (cfg->offcpu_flags & ~FGPROF_OF_ALL ||
	    (cfg->offcpu_flags & threads) == threads ||
	    !valid_slots(cfg->inflight_slots, FG_MIN_SLOTS) ||
	    (cfg->max_block_ns && cfg->min_block_ns > cfg->max_block_ns))
		return -EINVAL;
	/* Without a perf event there is nothing for LBR to come with. */
	if ((cfg->flags & FGPROF_CF_NO_ONCPU) && (cfg->flags & FGPROF_CF_LBR))
		return -EINVAL;
	return 0;
}

/* A weight is a field of a tracepoint's record: sized like a number. */
static int weight_config_check(const struct fgprof_config *cfg)
{
	u16 sz = cfg->weight_size;

	if (!(cfg->flags & FGPROF_CF_WEIGHT))
		return cfg->weight_offset || sz || cfg->weight_flags ?
		       -EINVAL : 0;
	if (cfg->event_type != PERF_TYPE_TRACEPOINT ||
	    (sz != 1 && sz != 2 && sz != 4 && sz != 8) ||
	    cfg->weight_flags & ~FGPROF_WF_ALL || cfg->weight_offset > 0xffff)
		return -EINVAL;
	return 0;
}

/* Fills in defaults, then checks every field. */
static int config_check(struct fgprof_config *cfg)
{
	u64 per_cpu, whole = 0;	/* whole: the tables not per CPU */

	if (cfg->flags & ~FGPROF_CF_ALL || cfg->pad || cfg->precise_ip > 3)
		return -EINVAL;
	if (offcpu_config_check(cfg) || weight_config_check(cfg) ||
	    fg_maps_config_check(cfg, &whole) ||
	    fg_cfi_config_check(cfg, &whole))
		return -EINVAL;
	if (!(cfg->flags & (FGPROF_CF_KERNEL_STACK | FGPROF_CF_USER_STACK)))
		return -EINVAL;
	/* LBR call stacks come with a hardware event's samples only. */
	if ((cfg->flags & FGPROF_CF_LBR) &&
	    (!(cfg->flags & FGPROF_CF_USER_STACK) ||
	     (cfg->event_type != PERF_TYPE_HARDWARE &&
	      cfg->event_type != PERF_TYPE_RAW)))
		return -EINVAL;
	if (!cfg->sample_rate && !(cfg->flags & FGPROF_CF_NO_ONCPU))
		return -EINVAL;
	if (cfg->nr_pids > FGPROF_MAX_PIDS)
		return -E2BIG;
	cfg->kernel_depth = cfg->kernel_depth ?: FGPROF_MAX_DEPTH;
	cfg->user_depth = cfg->user_depth ?: FGPROF_MAX_DEPTH;
	tables_default(cfg);
	if (cfg->kernel_depth > FGPROF_MAX_DEPTH ||
	    cfg->user_depth > FGPROF_MAX_DEPTH)
		return -EINVAL;
	if (!valid_slots(cfg->stack_slots, FG_MIN_SLOTS) ||
	    !valid_slots(cfg->count_slots, FG_MIN_SLOTS) ||
	    (cfg->timeline_slots && !valid_slots(cfg->timeline_slots, FG_MIN_SLOTS)) ||
	    cfg->stack_frames < FGPROF_MAX_DEPTH || cfg->stack_frames > FG_MAX_FRAMES)
		return -EINVAL;

	per_cpu = tables_per_cpu(cfg->stack_slots, cfg->stack_frames,
				 cfg->count_slots) +
		  (u64)cfg->timeline_slots * sizeof(struct fgprof_timeline_rec) +
		  sizeof(struct fg_cpu);
	if (per_cpu * num_possible_cpus() + whole +
	    (u64)cfg->inflight_slots * sizeof(struct fg_inflight_slot) >
	    memory_cap())
		return -E2BIG;
	return 0;
}

static void timeline_wake(struct irq_work *work)
{
	wake_up_interruptible(&timeline_wait);
}

static void tables_free(struct fg_session *s)
{
	int cpu;

	/* Taken at configure, before the tables: put even when none came. */
	if (s->cgrp)
		cgroup_put(s->cgrp);
	s->cgrp = NULL;
	if (!s->cpu)
		return;
	for_each_possible_cpu(cpu) {
		struct fg_cpu *c = s->cpu[cpu];

		if (!c)
			continue;
		fg_stacks_free(&c->stacks);
		fg_counts_free(&c->counts);
		fg_timeline_free(&c->timeline);
		kvfree(c);
	}
	kfree(s->cpu);
	s->cpu = NULL;
	fg_inflight_free(&s->inflight);
}

static int tables_alloc(struct fg_session *s)
{
	const struct fgprof_config *cfg = &s->cfg;
	int cpu, err;

	s->cpu = kcalloc(nr_cpu_ids, sizeof(*s->cpu), GFP_KERNEL);
	if (!s->cpu)
		return -ENOMEM;
	if (cfg->flags & FGPROF_CF_OFFCPU) {
		err = fg_inflight_alloc(&s->inflight, cfg->inflight_slots);
		if (err)
			return err;
	}
	for_each_possible_cpu(cpu) {
		int node = cpu_to_node(cpu);
		struct fg_cpu *c = kvzalloc_node(sizeof(*c), FG_GFP, node);

		if (!c)
			return -ENOMEM;
		s->cpu[cpu] = c;
		local_set(&c->busy, 0);
		err = fg_stacks_alloc(&c->stacks, cfg->stack_slots,
				      cfg->stack_frames, node);
		err = err ?: fg_counts_alloc(&c->counts, cfg->count_slots, node);
		err = err ?: fg_timeline_alloc(&c->timeline, cfg->timeline_slots,
					       node, timeline_wake);
		if (err)
			return err;
	}
	err = fg_cfi_alloc(cfg);
	return err ?: fg_maps_alloc(cfg);
}

/* The caller holds session_lock. Only a session that is not sampling. */
static void session_teardown(void)
{
	fg_uprobes_clear();
	tables_free(&session);
	fg_maps_free();
	fg_cfi_free();
	memset(&session.cfg, 0, sizeof(session.cfg));
	fg_stats_reset();
	set_state(FGPROF_STATE_IDLE);
}

/* Configure and the timeline: any file, unless another one owns it. */
static int check_owner(struct file *f)
{
	return owner && owner != f ? -EBUSY : 0;
}

/*
 * Start, stop, probes and tables: only the file that configured the
 * session. A session whose owner closed has no owner, and nobody restarts
 * it: an opener the admin let in (mode=0666) would otherwise set a
 * privileged session sampling again, kernel stacks, probes and all, with
 * no owner whose close stops it. Configure (privileged) takes it over.
 */
static int check_steer(struct file *f)
{
	if (owner == f)
		return 0;
	return owner ? -EBUSY : -EPERM;
}

int fgprof_session_configure(struct file *f, const struct fgprof_config *ucfg)
{
	struct fgprof_config cfg = *ucfg;
	struct cgroup *cgrp = NULL;
	int err;

	if (!perfmon_capable())
		return -EPERM;
	err = config_check(&cfg);
	if (err)
		return err;
	if (!(cfg.flags & FGPROF_CF_NO_ONCPU)) {
		err = fg_sample_check_event(&cfg);
		if (err)
			return err;
	}
	if (cfg.flags & FGPROF_CF_OFFCPU) {
		err = fg_offcpu_check(&cfg);
		if (err)
			return err;
	}
	if (cfg.flags & FGPROF_CF_CGROUP) {
		cgrp = cgroup_get_from_fd(cfg.cgroup_fd);
		if (IS_ERR(cgrp))
			return PTR_ERR(cgrp);
	}

	mutex_lock(&session_lock);
	err = check_owner(f);
	if (!err && session_state == FGPROF_STATE_RUNNING)
		err = -EBUSY;
	if (err) {
		mutex_unlock(&session_lock);
		if (cgrp)
			cgroup_put(cgrp);
		return err;
	}
	session_teardown();
	session.cfg = cfg;
	session.cgrp = cgrp;
	err = tables_alloc(&session);
	if (err) {
		session_teardown();
	} else {
		owner = f;
		set_state(FGPROF_STATE_CONFIGURED);
	}
	mutex_unlock(&session_lock);
	return err;
}

int fgprof_session_start(struct file *f)
{
	int err;

	mutex_lock(&session_lock);
	err = session_state == FGPROF_STATE_IDLE ? -EINVAL : check_steer(f);
	if (!err && session_state != FGPROF_STATE_RUNNING) {
		/* Each start undoes itself when it fails. */
		err = fg_uprobes_start(&session);
		if (!err) {
			err = fg_offcpu_start(&session);
			if (err)
				fg_uprobes_stop();
		}
		if (!err) {
			err = fg_sample_start(&session);
			/*
			 * In stop_locked()'s order: flushing the open
			 * intervals writes other CPUs' tables, so no probe
			 * may be writing them any more.
			 */
			if (err) {
				fg_uprobes_stop();
				fg_offcpu_stop(&session);
			}
		}
		if (!err)
			set_state(FGPROF_STATE_RUNNING);
	}
	mutex_unlock(&session_lock);
	return err;
}

static void stop_locked(void)
{
	if (session_state != FGPROF_STATE_RUNNING)
		return;
	/* Events first: flushing the open intervals needs no other writer. */
	fg_sample_stop();
	fg_uprobes_stop();
	fg_offcpu_stop(&session);
	set_state(FGPROF_STATE_STOPPED);
	wake_up_interruptible(&timeline_wait);
}

int fgprof_session_stop(struct file *f)
{
	int err;

	mutex_lock(&session_lock);
	err = session_state == FGPROF_STATE_IDLE ? -EINVAL : check_steer(f);
	if (!err)
		stop_locked();
	mutex_unlock(&session_lock);
	return err;
}

/* An allocator probe, for START to register: only before sampling. */
int fgprof_session_uprobe(struct file *f, const struct fgprof_uprobe *up)
{
	int err;

	/* It plants breakpoints in other processes: as privileged as configure. */
	if (!perfmon_capable())
		return -EPERM;
	mutex_lock(&session_lock);
	if (session_state == FGPROF_STATE_IDLE ||
	    !(session.cfg.flags & FGPROF_CF_ALLOC))
		err = -EINVAL;
	else
		err = check_steer(f);
	if (!err && session_state == FGPROF_STATE_RUNNING)
		err = -EBUSY;
	if (!err)
		err = fg_uprobe_add(up);
	mutex_unlock(&session_lock);
	return err;
}

/*
 * Unwind tables and mappings (FGPROF_CF_USER_CFI): while configured or
 * running, since processes map libraries at any time.
 */
static int cfi_check(struct file *f)
{
	/* They steer reads of other processes' stacks: as privileged. */
	if (!perfmon_capable())
		return -EPERM;
	if (session_state == FGPROF_STATE_IDLE ||
	    !(session.cfg.flags & FGPROF_CF_USER_CFI))
		return -EINVAL;
	return check_steer(f);
}

int fgprof_session_cfi_load(struct file *f, struct fgprof_cfi_load *ld)
{
	int err;

	mutex_lock(&session_lock);
	err = cfi_check(f) ?: fg_cfi_load(ld);
	mutex_unlock(&session_lock);
	return err;
}

int fgprof_session_cfi_map(struct file *f, const struct fgprof_cfi_map *m)
{
	int err;

	mutex_lock(&session_lock);
	err = cfi_check(f) ?: fg_cfi_map(m);
	mutex_unlock(&session_lock);
	return err;
}

int fgprof_session_reset(struct file *f)
{
	int err;

	mutex_lock(&session_lock);
	err = check_owner(f);
	/* An orphan's data may be someone's: only a privileged opener's. */
	if (!err && !owner && !perfmon_capable())
		err = -EPERM;
	if (!err && session_state == FGPROF_STATE_RUNNING)
		err = -EBUSY;
	if (!err) {
		session_teardown();
		owner = NULL;
	}
	mutex_unlock(&session_lock);
	return err;
}

void fgprof_session_stats(struct fgprof_stats *st)
{
	int cpu;

	memset(st, 0, sizeof(*st));
	mutex_lock(&session_lock);
	fg_stats_sum(st);
	fg_maps_stats(st);
	fg_cfi_stats(st);
	if (session.cpu) {
		for_each_possible_cpu(cpu) {
			const struct fg_cpu *c = session.cpu[cpu];

			st->stack_slots_used += READ_ONCE(c->stacks.slots_used);
			st->stack_frames_used += READ_ONCE(c->stacks.frames_used);
			st->count_slots_used += READ_ONCE(c->counts.used);
		}
		st->inflight_used = fg_inflight_used(&session.inflight);
	}
	st->state = session_state;
	st->nr_cpus_sampling = fg_sample_nr_cpus();
	st->cpu_event_errors = fg_sample_cpu_errors();
	mutex_unlock(&session_lock);
}

/*
 * Kernel addresses go only to openers who could have profiled the kernel
 * themselves (perf's rule at perf_event_paranoid 2): CAP_PERFMON or
 * CAP_SYS_ADMIN, judged by the credentials the file was opened with, so
 * a descriptor handed to a less privileged process reveals no more.
 */
bool fgprof_reader_sees_kernel(const struct file *f)
{
	return file_ns_capable(f, &init_user_ns, CAP_PERFMON) ||
	       file_ns_capable(f, &init_user_ns, CAP_SYS_ADMIN);
}

/* With the session lock held: the table's records into buf (r->buf_len). */
static int read_locked(struct file *f, struct fgprof_read *r, char *buf)
{
	struct fg_cpu *c;

	if (!session.cpu)
		return -ENODATA;
	/* The timeline is a queue: only its owner may drain it. */
	if (r->table == FGPROF_TABLE_TIMELINE && check_owner(f))
		return -EBUSY;
	/* One table for the machine; other processes' layouts: privileged. */
	if (r->table == FGPROF_TABLE_MAPS)
		return fgprof_reader_sees_kernel(f) ? fg_maps_read(r, buf) :
						      -EPERM;
	c = session.cpu[r->cpu];
	if (!c) {		/* an id in a hole of the possible mask */
		r->cursor = FGPROF_CURSOR_END;
		return 0;
	}
	switch (r->table) {
	case FGPROF_TABLE_STACKS:
		return fg_stacks_read(&c->stacks, r, buf,
				      !fgprof_reader_sees_kernel(f));
	case FGPROF_TABLE_COUNTS:
		return fg_counts_read(&c->counts, r, buf);
	default:
		return fg_timeline_read(&c->timeline, r, buf);
	}
}

/*
 * The records go through a kernel buffer, copied out once the lock is
 * dropped: a reader whose buffer faults slowly (a FUSE mapping that never
 * answers) must not hold the lock that the owner's STOP and close take.
 */
#define FG_READ_CHUNK	(256u << 10)

int fgprof_session_read(struct file *f, struct fgprof_read *r)
{
	/* The smallest record of each table: a buffer must hold one. */
	static const u32 min_len[FGPROF_TABLE_NR] = {
		[FGPROF_TABLE_STACKS] = sizeof(struct fgprof_stack_rec) + sizeof(u64),
		[FGPROF_TABLE_COUNTS] = sizeof(struct fgprof_count_rec),
		[FGPROF_TABLE_TIMELINE] = sizeof(struct fgprof_timeline_rec),
		[FGPROF_TABLE_MAPS] = sizeof(struct fgprof_map_rec) + 8,
	};
	u32 user_len = r->buf_len;
	char *buf;
	int err;

	if (r->table >= FGPROF_TABLE_NR || r->cpu >= nr_cpu_ids)
		return -EINVAL;
	if (r->buf_len < min_len[r->table])
		return -ENOSPC;
	r->nr_records = 0;
	r->bytes = 0;
	/* A chunk holds the largest record of any table (127 frames, PATH_MAX). */
	r->buf_len = min(r->buf_len, FG_READ_CHUNK);
	buf = kvmalloc(r->buf_len, GFP_KERNEL);
	if (!buf) {
		r->buf_len = user_len;
		return -ENOMEM;
	}
	mutex_lock(&session_lock);
	err = read_locked(f, r, buf);
	mutex_unlock(&session_lock);
	r->buf_len = user_len;
	if (!err && r->bytes &&
	    copy_to_user(u64_to_user_ptr(r->buf), buf, r->bytes))
		err = -EFAULT;
	kvfree(buf);
	return err;
}

/* Readable when any CPU's timeline has records, or sampling has ended. */
__poll_t fgprof_session_poll(struct file *f, poll_table *wait)
{
	__poll_t mask = 0;
	int cpu;

	poll_wait(f, &timeline_wait, wait);
	mutex_lock(&session_lock);
	if (session.cpu) {
		for_each_possible_cpu(cpu)
			if (fg_timeline_pending(&session.cpu[cpu]->timeline))
				mask = EPOLLIN | EPOLLRDNORM;
		if (session_state == FGPROF_STATE_STOPPED)
			mask |= EPOLLHUP;
	}
	mutex_unlock(&session_lock);
	return mask;
}

void fgprof_session_opened(void)
{
	atomic_inc(&open_count);
}

void fgprof_session_release(struct file *f)
{
	mutex_lock(&session_lock);
	if (owner == f) {
		stop_locked();
		owner = NULL;
	}
	mutex_unlock(&session_lock);
	atomic_dec(&open_count);
}

u32 fgprof_session_open_count(void)
{
	return atomic_read(&open_count);
}

const struct fg_session *fgprof_session_lock_tables(void)
{
	mutex_lock(&session_lock);
	return session.cpu ? &session : NULL;
}

void fgprof_session_unlock_tables(void)
{
	mutex_unlock(&session_lock);
}

int fgprof_session_init(void)
{
	set_state(FGPROF_STATE_IDLE);
	return 0;
}

/* Unload: no file is open (each pins the module), so nothing samples. */
void fgprof_session_exit(void)
{
	mutex_lock(&session_lock);
	stop_locked();
	session_teardown();
	mutex_unlock(&session_lock);
}
