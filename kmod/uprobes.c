// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation profiling (FGPROF_CF_ALLOC): uprobes on the entry points of
 * malloc and its family in one ELF file (usually libc). A hit records the
 * calling task's user stack in this CPU's tables, kind FGPROF_KIND_ALLOC,
 * count 1 and period = the bytes requested, read from the argument
 * registers as the tool said.
 *
 * The handler runs in the probed task, in process context on its way
 * back from the breakpoint trap (interrupts on, preemptible; it may even
 * sleep). It disables preemption for as long as it uses the per-CPU
 * tables, exactly like the other writers of those tables, and reads user
 * memory with the same no-fault reads.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/overflow.h>
#include <linux/preempt.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/string.h>
#include <linux/uprobes.h>

#include "compat.h"
#include "fgprof.h"
#include "sample.h"
#include "session.h"
#include "stats.h"
#include "unwind.h"
#include "uprobes.h"

struct fg_uprobe {
	struct uprobe_consumer uc;	/* first: the kernel links it */
	/*
	 * The file as the tool opened it, held until clear: the reference
	 * keeps its mount (an unmount says EBUSY, a lazy one waits for us)
	 * and, on a stacking file system, the layer's inode below.
	 */
	struct path path;
	/*
	 * The inode the pages belong to, where the probe goes: on overlayfs
	 * (every Docker or Podman container) the layer's, not the overlay's
	 * (which has no page cache), as the kernel's own uprobe tracer does.
	 */
	struct inode *inode;
	loff_t offset;
	u32 size_arg;			/* enum fgprof_uprobe_size */
	u32 flags;			/* FGPROF_UF_* */
	struct uprobe *up;		/* 6.12's handle, else NULL */
	bool registered;
};

/* Written under the session lock, never while registered. */
static struct fg_uprobe probes[FGPROF_MAX_UPROBES];
static unsigned int nr_probes;
/* The session handlers record into: set before the first register. */
static struct fg_session *active;

/* The bytes this call asks for (x86-64: rdi, rsi, rdx). */
static u64 requested_bytes(const struct fg_uprobe *p,
			   const struct pt_regs *regs)
{
	u64 n;

	switch (p->size_arg) {
	case FGPROF_US_ARG1:
		return regs->di;
	case FGPROF_US_ARG2:
		return regs->si;
	case FGPROF_US_ARG3:
		return regs->dx;
	default:
		/* calloc's product; an overflowing one fails, allocating 0. */
		if (check_mul_overflow((u64)regs->di, (u64)regs->si, &n))
			return 0;
		return n;
	}
}

/* A call the allocator passes on to a probed malloc: counted there. */
static bool relayed(const struct fg_uprobe *p, const struct pt_regs *regs)
{
	u64 align;

	if ((p->flags & FGPROF_UF_SKIP_NULL_ARG1) && !regs->di)
		return true;
	if (!(p->flags & FGPROF_UF_SKIP_ALIGN_LE16))
		return false;
	align = p->size_arg == FGPROF_US_ARG3 ? regs->si : regs->di;
	return align <= 16;
}

static void record_alloc(const struct fg_session *s, struct fg_cpu *c,
			 struct pt_regs *regs, u64 bytes)
{
	const struct fgprof_config *cfg = &s->cfg;
	struct task_struct *t = current;
	struct fg_count_key key;
	bool truncated;
	s64 uid = 0;
	int n;

	if (cfg->flags & FGPROF_CF_USER_STACK) {
		n = fg_unwind_user_entry(regs, c->uips, cfg->user_depth,
					 &truncated);
		if (truncated)
			fg_stat_inc(user_truncated);
		uid = fg_record_stack(c, c->uips, n, truncated, 0);
	}
	if (uid < 0) {
		fg_stat_inc(uprobe_drop_stacks_full);
		return;
	}
	memset(&key, 0, sizeof(key));
	key.tgid = t->tgid;
	key.tid = (cfg->flags & FGPROF_CF_PER_THREAD) ? t->pid : 0;
	key.ustack = uid;
	key.kind = FGPROF_KIND_ALLOC;
	strscpy(key.comm, t->comm, sizeof(key.comm));
	if (!fg_counts_add(&c->counts, &key, bytes)) {
		fg_stat_inc(uprobe_drop_counts_full);
		return;
	}
	fg_stat_inc(uprobe_recorded);
	fg_stat_add(uprobe_bytes, bytes);
}

static int fg_uprobe_hit(FG_UPROBE_HANDLER_ARGS(self, regs))
{
	struct fg_uprobe *p = container_of(self, struct fg_uprobe, uc);
	const struct fg_session *s = READ_ONCE(active);
	struct fg_cpu *c;

	if (!s)
		return 0;
	preempt_disable();	/* the tables and counters are per CPU */
	fg_stat_inc(uprobe_hits);
	if (relayed(p, regs) || !fg_task_selected(s, current)) {
		fg_stat_inc(uprobe_filtered);
		goto out;
	}
	c = s->cpu[smp_processor_id()];
	/* A sample's interrupt cannot be under us, but we can be under it. */
	if (local_inc_return(&c->busy) != 1)
		fg_stat_inc(uprobe_drop_nested);
	else
		record_alloc(s, c, regs, requested_bytes(p, regs));
	local_dec(&c->busy);
out:
	preempt_enable();
	return 0;
}

int fg_uprobe_add(const struct fgprof_uprobe *req)
{
	struct fg_uprobe *p;
	struct inode *inode;
	struct file *f;
	unsigned int i;
	int err = 0;

	if (req->pad || req->flags & ~FGPROF_UF_ALL || !req->size_arg ||
	    req->size_arg >= FGPROF_US_NR || req->offset > LLONG_MAX)
		return -EINVAL;
	/* An alignment comes before the size: only the second or third. */
	if ((req->flags & FGPROF_UF_SKIP_ALIGN_LE16) &&
	    req->size_arg != FGPROF_US_ARG2 && req->size_arg != FGPROF_US_ARG3)
		return -EINVAL;
	if (nr_probes == FGPROF_MAX_UPROBES)
		return -ENOSPC;
	if (req->fd < 0)
		return -EBADF;
	f = fget(req->fd);
	if (!f)
		return -EBADF;
	inode = d_real_inode(f->f_path.dentry);
	/* uprobe_register() would refuse these only at START. */
	if (!S_ISREG(inode->i_mode) || req->offset >= i_size_read(inode))
		err = -EINVAL;
	for (i = 0; !err && i < nr_probes; i++)
		if (probes[i].inode == inode && probes[i].offset == req->offset)
			err = -EEXIST;	/* each call would count twice */
	if (err) {
		fput(f);
		return err;
	}
	p = &probes[nr_probes++];
	memset(p, 0, sizeof(*p));
	p->path = f->f_path;
	path_get(&p->path);
	fput(f);
	p->uc.handler = fg_uprobe_hit;
	p->inode = inode;
	p->offset = req->offset;
	p->size_arg = req->size_arg;
	p->flags = req->flags;
	return 0;
}

int fg_uprobes_start(struct fg_session *s)
{
	unsigned int i;
	int err;

	if (!(s->cfg.flags & FGPROF_CF_ALLOC))
		return 0;
	WRITE_ONCE(active, s);
	for (i = 0; i < nr_probes; i++) {
		struct fg_uprobe *p = &probes[i];

		err = fg_uprobe_register(p->inode, p->offset, &p->uc, &p->up);
		if (err) {
			fg_uprobes_stop();
			return err;
		}
		p->registered = true;
	}
	return 0;
}

/* After this returns no handler runs or will run (process context). */
void fg_uprobes_stop(void)
{
	bool any = false;
	unsigned int i;

	for (i = 0; i < nr_probes; i++) {
		struct fg_uprobe *p = &probes[i];

		if (!p->registered)
			continue;
		fg_uprobe_unregister(p->inode, p->offset, &p->uc, p->up);
		p->registered = false;
		p->up = NULL;
		any = true;
	}
	if (any)
		fg_uprobe_unregister_sync();
	WRITE_ONCE(active, NULL);
}

void fg_uprobes_clear(void)
{
	unsigned int i;

	fg_uprobes_stop();
	for (i = 0; i < nr_probes; i++)
		path_put(&probes[i].path);
	memset(probes, 0, sizeof(probes));
	nr_probes = 0;
}
