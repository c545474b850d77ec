/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels fgprof builds for (5.10 and later)
 * lives here as a small inline shim, the LTTng-modules way: no
 * LINUX_VERSION_CODE test appears in any other file. Each shim names the
 * kernel release that changed the interface.
 */
#ifndef FGPROF_COMPAT_H
#define FGPROF_COMPAT_H

#include <linux/fs.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/uprobes.h>
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

/*
 * Uprobes. 6.12 made uprobe_register() return the uprobe (ERR_PTR on
 * failure) and take the reference-counter offset, and split unregistering
 * into uprobe_unregister_nosync() (per probe) and uprobe_unregister_sync()
 * (once, after a batch: no handler runs after it). Before, uprobe_register()
 * returns an errno and uprobe_unregister(inode, offset, uc) waits itself:
 * it takes the uprobe's register_rwsem for writing, which every handler
 * run holds for reading. Without CONFIG_UPROBES the kernel's own stubs
 * return -ENOSYS.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
static inline int fg_uprobe_register(struct inode *inode, loff_t offset,
				     struct uprobe_consumer *uc,
				     struct uprobe **up)
{
	struct uprobe *u = uprobe_register(inode, offset, 0, uc);

	if (IS_ERR(u))
		return PTR_ERR(u);
	*up = u;
	return 0;
}

static inline void fg_uprobe_unregister(struct inode *inode, loff_t offset,
					struct uprobe_consumer *uc,
					struct uprobe *up)
{
	uprobe_unregister_nosync(up, uc);
}

static inline void fg_uprobe_unregister_sync(void)
{
	uprobe_unregister_sync();
}
#else
static inline int fg_uprobe_register(struct inode *inode, loff_t offset,
				     struct uprobe_consumer *uc,
				     struct uprobe **up)
{
	*up = NULL;
	return uprobe_register(inode, offset, uc);
}

static inline void fg_uprobe_unregister(struct inode *inode, loff_t offset,
					struct uprobe_consumer *uc,
					struct uprobe *up)
{
	uprobe_unregister(inode, offset, uc);
}

static inline void fg_uprobe_unregister_sync(void)
{
}
#endif

/*
 * The parameters of a uprobe consumer's handler: its consumer and the
 * registers. 6.13 added a third (data shared with the return handler),
 * unused here.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define FG_UPROBE_HANDLER_ARGS(self, regs)				\
	struct uprobe_consumer *self, struct pt_regs *regs, __u64 *data
#else
#define FG_UPROBE_HANDLER_ARGS(self, regs)				\
	struct uprobe_consumer *self, struct pt_regs *regs
#endif

/*
 * Walking an address space's VMAs (under mmap_read_lock). 6.1 replaced
 * the vm_next list with the maple tree and its VMA iterator.
 *   FG_VMA_ITER(it, mm); fg_for_each_vma(it, vma) { ... }
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
#define FG_VMA_ITER(it, mm)		VMA_ITERATOR(it, mm, 0)
#define fg_for_each_vma(it, vma)	for_each_vma(it, vma)
#else
#define FG_VMA_ITER(it, mm)		struct mm_struct *it = (mm)
#define fg_for_each_vma(it, vma)					\
	for ((vma) = (it)->mmap; (vma); (vma) = (vma)->vm_next)
#endif

/*
 * The path and inode of a mapped file as its process sees them, as
 * stat() would: /proc/PID/maps shows the same since 6.8. On a stacking
 * file system (overlayfs) vm_file is the layer's file; until 6.8 its
 * f_path was the user-visible ("fake") path, from 6.8 that path is kept
 * beside it (file_user_path).
 */
static inline const struct path *fg_file_user_path(const struct file *f)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	return file_user_path(f);
#else
	return &f->f_path;
#endif
}

/*
 * A file's last modification time. 6.7 hid the field behind accessors
 * (and 6.11 split it into seconds and nanoseconds).
 */
static inline struct timespec64 fg_inode_mtime(const struct inode *inode)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
	return inode_get_mtime(inode);
#else
	return inode->i_mtime;
#endif
}

/*
 * An irq_work that runs in hard-irq context on PREEMPT_RT too (there,
 * plain ones run in a per-CPU thread). 5.11 added IRQ_WORK_INIT_HARD;
 * before, every irq_work ran in hard irq (no RT kernel fgprof builds for).
 */
static inline void fg_init_irq_work_hard(struct irq_work *w,
					 void (*fn)(struct irq_work *))
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 11, 0)
	*w = IRQ_WORK_INIT_HARD(fn);
#else
	init_irq_work(w, fn);
#endif
}

#endif /* FGPROF_COMPAT_H */
