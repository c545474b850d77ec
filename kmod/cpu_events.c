// SPDX-License-Identifier: GPL-2.0
/*
 * The per-CPU perf events of a sampling session: made at start for the
 * online CPUs, released at stop, and following CPUs that go offline and
 * come back while sampling runs.
 *
 * Making or releasing a perf event can take cpu_hotplug_lock: a software
 * event's init and destroy flip a static key, a tracepoint's registers a
 * probe, an LBR event enables perf's scheduler hooks. A CPU hotplug
 * callback runs with that lock held (lockdep on the debug kernel reported
 * the recursion for -e page-faults, and a hotplug writer waiting between
 * the two acquisitions would deadlock), so the callbacks only note the
 * change and queue a work item per CPU that makes or releases the event
 * outside the hotplug lock. A CPU going down stops counting as sampling at
 * once; perf itself detaches its events from a CPU that goes offline, so
 * no sample comes from it while the release waits for the work.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpuhotplug.h>
#include <linux/mutex.h>
#include <linux/percpu.h>
#include <linux/perf_event.h>
#include <linux/workqueue.h>

#include "sample.h"
#include "session.h"

struct fg_cpu_event {
	struct perf_event *event;	/* under events_lock */
	struct work_struct resync;	/* makes or releases event */
	unsigned int cpu;
	int counted;			/* in cpus_sampling; xchg() */
	int gone;			/* went offline since; xchg() */
	int up;				/* online, per our callbacks */
};

static DEFINE_PER_CPU(struct fg_cpu_event, cpu_events);
static DEFINE_MUTEX(events_lock);
static struct fg_session *active;	/* while sampling; events_lock */
static enum cpuhp_state hp_state;
static bool hp_registered;
static atomic_t cpus_sampling = ATOMIC_INIT(0);
static atomic_t cpu_errors = ATOMIC_INIT(0);

/* The probe event is never enabled; were it to fire, it would do nothing. */
static void fg_probe_overflow(struct perf_event *event,
			      struct perf_sample_data *data,
			      struct pt_regs *regs)
{
}

int fg_sample_check_event(const struct fgprof_config *cfg)
{
	struct perf_event_attr attr;
	struct perf_event *event;

	fg_attr_init(&attr, cfg, true);
	/* The CPU we run on cannot go offline (ENODEV) while we hold this. */
	cpus_read_lock();
	event = perf_event_create_kernel_counter(&attr, raw_smp_processor_id(),
						 NULL, fg_probe_overflow, NULL);
	cpus_read_unlock();
	if (IS_ERR(event))
		return PTR_ERR(event);
	perf_event_release_kernel(event);
	return 0;
}

/* events_lock held, active set, e->event NULL. */
static int event_make(struct fg_cpu_event *e)
{
	struct perf_event_attr attr;
	struct perf_event *event;

	fg_attr_init(&attr, &active->cfg, false);
	/*
	 * The new event may get the address of the one released before it
	 * (a STOP and START, the CPU coming back): its first sample must not
	 * weigh the whole gap since that one's last. Nothing samples on this
	 * CPU for this session until the event exists.
	 */
	WRITE_ONCE(active->cpu[e->cpu]->clock_event, NULL);
	event = perf_event_create_kernel_counter(&attr, e->cpu, NULL,
						 fg_overflow, active);
	if (IS_ERR(event))
		return PTR_ERR(event);
	e->event = event;
	xchg(&e->counted, 1);
	atomic_inc(&cpus_sampling);
	return 0;
}

/* events_lock held. */
static void event_release(struct fg_cpu_event *e)
{
	if (!e->event)
		return;
	if (xchg(&e->counted, 0))
		atomic_dec(&cpus_sampling);
	perf_event_release_kernel(e->event);
	e->event = NULL;
}

static void resync_work(struct work_struct *work)
{
	struct fg_cpu_event *e = container_of(work, struct fg_cpu_event,
					      resync);
	int err;

	mutex_lock(&events_lock);
	if (xchg(&e->gone, 0))
		event_release(e);
	/*
	 * Not cpu_online(): on the way down that stays true until after perf
	 * has detached the CPU's events, and an event made then would never
	 * sample.
	 */
	if (active && !e->event && READ_ONCE(e->up)) {
		err = event_make(e);
		/* -ENODEV: the CPU went down again meanwhile. */
		if (err && err != -ENODEV) {
			atomic_inc(&cpu_errors);
			pr_warn_ratelimited("cpu %u: no event (%d)\n", e->cpu,
					    err);
		}
	}
	mutex_unlock(&events_lock);
}

/* Hotplug callbacks: cpu_hotplug_lock is held, see the top of the file. */
static int fg_cpu_online(unsigned int cpu)
{
	struct fg_cpu_event *e = per_cpu_ptr(&cpu_events, cpu);

	WRITE_ONCE(e->up, 1);
	queue_work(system_unbound_wq, &e->resync);
	return 0;
}

static int fg_cpu_offline(unsigned int cpu)
{
	struct fg_cpu_event *e = per_cpu_ptr(&cpu_events, cpu);

	WRITE_ONCE(e->up, 0);
	xchg(&e->gone, 1);
	if (xchg(&e->counted, 0))
		atomic_dec(&cpus_sampling);
	queue_work(system_unbound_wq, &e->resync);
	return 0;
}

int fg_sample_start(struct fg_session *s)
{
	unsigned int cpu;
	int err = 0;

	if (s->cfg.flags & FGPROF_CF_NO_ONCPU)
		return 0;
	atomic_set(&cpu_errors, 0);
	mutex_lock(&events_lock);
	active = s;
	mutex_unlock(&events_lock);
	/*
	 * Which CPUs are up, and the callbacks that say when that changes,
	 * with no hotplug in between: from here on the callbacks tell.
	 */
	cpus_read_lock();
	for_each_possible_cpu(cpu) {
		struct fg_cpu_event *e = per_cpu_ptr(&cpu_events, cpu);

		e->cpu = cpu;
		e->gone = 0;
		e->up = cpu_online(cpu);
		INIT_WORK(&e->resync, resync_work);
	}
	err = cpuhp_setup_state_nocalls_cpuslocked(CPUHP_AP_ONLINE_DYN,
						   "fgprof:online",
						   fg_cpu_online,
						   fg_cpu_offline);
	cpus_read_unlock();
	if (err < 0)
		goto fail;
	hp_state = err;
	hp_registered = true;
	err = 0;
	mutex_lock(&events_lock);
	for_each_possible_cpu(cpu) {
		struct fg_cpu_event *e = per_cpu_ptr(&cpu_events, cpu);

		/* Down, or a hotplug work came first. */
		if (!READ_ONCE(e->up) || e->event)
			continue;
		err = event_make(e);
		if (err == -ENODEV)	/* going down: its work follows */
			err = 0;
		if (err)
			break;
	}
	mutex_unlock(&events_lock);
	if (!err)
		return 0;
fail:
	fg_sample_stop();
	return err;
}

/*
 * After this returns no handler runs or will run: releasing an event
 * waits for its hrtimer callback, and a hardware event's NMI cannot
 * outlive its removal from the CPU.
 */
void fg_sample_stop(void)
{
	unsigned int cpu;

	if (hp_registered) {
		cpuhp_remove_state_nocalls(hp_state);
		hp_registered = false;
	}
	mutex_lock(&events_lock);
	if (!active) {
		mutex_unlock(&events_lock);
		return;
	}
	active = NULL;		/* works from now on make nothing */
	mutex_unlock(&events_lock);
	for_each_possible_cpu(cpu)
		cancel_work_sync(&per_cpu_ptr(&cpu_events, cpu)->resync);
	mutex_lock(&events_lock);
	for_each_possible_cpu(cpu) {
		struct fg_cpu_event *e = per_cpu_ptr(&cpu_events, cpu);

		e->gone = 0;
		event_release(e);
	}
	mutex_unlock(&events_lock);
}

u32 fg_sample_nr_cpus(void)
{
	return atomic_read(&cpus_sampling);
}

u32 fg_sample_cpu_errors(void)
{
	return atomic_read(&cpu_errors);
}
