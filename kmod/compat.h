/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels fgprof builds for (5.10 to 6.12 and
 * later) lives here as a small inline shim, the LTTng-modules way: no
 * LINUX_VERSION_CODE test appears in any other file. Each shim names the
 * kernel release that changed the interface.
 */
#ifndef FGPROF_COMPAT_H
#define FGPROF_COMPAT_H

#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/version.h>

/* compat_ptr_ioctl (5.5) and copy_from_user_nofault (5.8) are relied on. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(5, 8, 0)
#error "fgprof needs Linux 5.8 or later (tested from 5.10)"
#endif

/*
 * A user-memory read that never takes a page fault and is safe in NMI.
 * x86's copy_from_user_nmi (what perf's own callchains use) also checks
 * nmi_uaccess_okay(), which copy_from_user_nofault does not on older
 * kernels: an NMI can land while CR3 is switched mid context-switch.
 * Returns 0 on success.
 */
static inline long fg_copy_from_user_nofault(void *dst, const void __user *src,
					     size_t size)
{
	return copy_from_user_nmi(dst, src, size) ? -EFAULT : 0;
}

/*
 * The branch records of a sample, or NULL. 6.1 added sample_flags and
 * stopped zeroing br_stack in perf_sample_data_init(): the flag says
 * whether it is valid. Before, br_stack started NULL and a PMU that had
 * records set it.
 */
static inline const struct perf_branch_stack *
fg_sample_branch_stack(const struct perf_sample_data *data)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
	if (!(data->sample_flags & PERF_SAMPLE_BRANCH_STACK))
		return NULL;
#endif
	return data->br_stack;
}

/*
 * A tracepoint sample's raw record (its first fragment), or NULL; as for
 * the branch stack, 6.1 made sample_flags say whether it is there. The
 * event must ask for PERF_SAMPLE_RAW: 6.12 fills it only then.
 */
static inline const struct perf_raw_frag *
fg_sample_raw(const struct perf_sample_data *data)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
	if (!(data->sample_flags & PERF_SAMPLE_RAW))
		return NULL;
#endif
	return data->raw ? &data->raw->frag : NULL;
}

/*
 * The state a task had when it was switched out. 5.14 renamed the field
 * (state to __state) and made it an unsigned int.
 */
static inline unsigned int fg_task_state(struct task_struct *t)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 14, 0)
	return READ_ONCE(t->__state);
#else
	return READ_ONCE(t->state);
#endif
}

/*
 * FG_SCHED_SWITCH_PROBE(name, fn) defines the sched_switch probe "name",
 * with this kernel's prototype, calling
 *   fn(data, preempt, prev, next, prev_state).
 * 5.18 added prev_state as the last argument; before, it is read from the
 * task (the probe runs before the switch, so it is the same value).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
#define FG_SCHED_SWITCH_PROBE(name, fn)					\
static void name(void *data, bool preempt, struct task_struct *prev,	\
		 struct task_struct *next, unsigned int prev_state)	\
{									\
	fn(data, preempt, prev, next, prev_state);			\
}
#else
#define FG_SCHED_SWITCH_PROBE(name, fn)					\
static void name(void *data, bool preempt, struct task_struct *prev,	\
		 struct task_struct *next)				\
{									\
	fn(data, preempt, prev, next, fg_task_state(prev));		\
}
#endif

#endif /* FGPROF_COMPAT_H */
