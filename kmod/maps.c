// SPDX-License-Identifier: GPL-2.0
/*
 * The mappings of the processes seen in samples, captured inside each
 * process, so that one that exits before the tool reads /proc/PID/maps
 * still gets its user frames symbolized.
 *
 * The first sample with a user stack from an address space (a process,
 * and again after each exec: exec makes a new mm) takes a work item from
 * a fixed pool, with a reference on the task and on the mm_struct (atomic
 * increments: any context, NMI included), marks the address space in a
 * fixed table (no allocation, no lock), puts the item on a lock-free list
 * and raises an irq_work, which queues this module's one work_struct. The
 * work, in a kworker, walks each address space's VMAs under
 * mmap_read_lock if it still has users, appends one record per executable
 * file mapping (and [vdso]) to the session's buffer, and drops the
 * references.
 *
 * Teardown syncs the irq_works and flushes the work: nothing of this
 * module runs after it (a task_work in the task, as it was, could run
 * any time later, and had to hold a module reference that it dropped
 * while its own code was still running). The buffer is swapped under a lock
 * with a generation number: an item of an earlier session stores nothing.
 */
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/dcache.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/hash.h>
#include <linux/irq_work.h>
#include <linux/kdev_t.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/llist.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/path.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "fgprof.h"
#include "maps.h"
#include "memory.h"
#include "stats.h"

#define FG_MAPS_DEF_KB		4096u
#define FG_MAPS_MIN_KB		64u
#define FG_MAPS_MAX_KB		(256u * 1024)
/* One seen-table slot per 512 bytes of buffer (a process takes ~1 KiB). */
#define FG_MAPS_BYTES_PER_SEEN	512u
#define FG_MAPS_MIN_SEEN	1024u
#define FG_MAPS_PROBES		32	/* slots looked at before "full" */
/* Works queued at once: each runs within microseconds of its sample. */
#define FG_MAPS_POOL		256
/*
 * The first capture comes at the first sample, often while ld.so has not
 * mapped the libraries yet: an address space whose VMA count changed is
 * captured again, 10 ms after the first capture, then 20, 40 ... ms after
 * each, at most this many times in all.
 */
#define FG_MAPS_CAPTURES	8
#define FG_MAPS_AGAIN_NS	(10 * NSEC_PER_MSEC)

/*
 * EMPTY -> WRITING (claimed by a sample) -> QUEUED (a work pending) or
 * RETRY (no work item: the next sample tries again) -> DONE (captured;
 * WRITING again when it is due for another capture).
 */
enum { SEEN_EMPTY, SEEN_WRITING, SEEN_QUEUED, SEEN_RETRY, SEEN_DONE };

/* An address space seen this session: the pair, since mm_structs are reused. */
struct fg_seen {
	unsigned long mm;	/* compared, never dereferenced */
	u32 tgid;
	atomic_t state;		/* SEEN_*; the fields below before DONE */
	int map_count;		/* its VMAs at the last capture */
	u32 captures;
	u64 next_ns;		/* no capture again before this */
};

struct fg_maps_work {
	struct llist_node node;
	struct task_struct *task;	/* a reference: its root */
	struct mm_struct *mm;		/* mmgrab()bed: its VMAs */
	u32 gen;		/* the session it was queued for */
	u32 slot;		/* its seen-table slot */
};

static struct fg_maps_work pool[FG_MAPS_POOL];
static DECLARE_BITMAP(pool_busy, FG_MAPS_POOL);

/* Written by the sample path only, between start and stop. */
static struct fg_seen *seen;
static u32 seen_mask;

/* Items for the work: the sample path adds, the work takes them all. */
static LLIST_HEAD(pending);
static DEFINE_PER_CPU(struct irq_work, kick_irq_work);
static void kick(struct irq_work *w);
static void capture_all(struct work_struct *work);
static DECLARE_WORK(capture_work, capture_all);

/*
 * The records: appended under buf_lock by the works, read by the ioctl
 * without it up to buf_used (published with release; records are never
 * changed once there). gen changes whenever the buffer goes or comes.
 */
static DEFINE_SPINLOCK(buf_lock);
static char *buf;
static u32 buf_size, buf_used, gen;
static u64 nr_captured, nr_records, nr_drop_gone, nr_drop_records;

int fg_maps_config_check(struct fgprof_config *cfg, u64 *bytes)
{
	u32 slots;

	if (!(cfg->flags & FGPROF_CF_MAPS))
		return cfg->maps_kb ? -EINVAL : 0;
	cfg->maps_kb = cfg->maps_kb ?: FG_MAPS_DEF_KB;
	if (cfg->maps_kb < FG_MAPS_MIN_KB || cfg->maps_kb > FG_MAPS_MAX_KB)
		return -EINVAL;
	slots = roundup_pow_of_two(max(cfg->maps_kb * 1024u / FG_MAPS_BYTES_PER_SEEN,
				       FG_MAPS_MIN_SEEN));
	*bytes += (u64)cfg->maps_kb * 1024 + (u64)slots * sizeof(struct fg_seen);
	return 0;
}

static void reset_locked(char *b, u32 size)
{
	buf = b;
	buf_size = size;
	buf_used = 0;
	gen++;
	nr_captured = 0;
	nr_records = 0;
	nr_drop_gone = 0;
	nr_drop_records = 0;
}

int fg_maps_alloc(const struct fgprof_config *cfg)
{
	u32 size = cfg->maps_kb * 1024u, slots;
	struct fg_seen *sn;
	char *b;
	int cpu;

	if (!(cfg->flags & FGPROF_CF_MAPS))
		return 0;
	slots = roundup_pow_of_two(max(size / FG_MAPS_BYTES_PER_SEEN,
				       FG_MAPS_MIN_SEEN));
	b = kvzalloc(size, FG_GFP);
	sn = kvcalloc(slots, sizeof(*sn), FG_GFP);
	if (!b || !sn) {
		kvfree(b);
		kvfree(sn);
		return -ENOMEM;
	}
	spin_lock(&buf_lock);
	reset_locked(b, size);
	seen = sn;
	seen_mask = slots - 1;
	spin_unlock(&buf_lock);
	for_each_possible_cpu(cpu)
		fg_init_irq_work_hard(per_cpu_ptr(&kick_irq_work, cpu), kick);
	return 0;
}

void fg_maps_free(void)
{
	struct fg_seen *sn;
	char *b;
	int cpu;

	/*
	 * Sampling has stopped: no probe adds an item any more. Every one
	 * added is captured (for a session that is gone: nothing stored)
	 * and its references dropped before we return.
	 */
	if (seen)
		for_each_possible_cpu(cpu)
			irq_work_sync(per_cpu_ptr(&kick_irq_work, cpu));
	flush_work(&capture_work);
	spin_lock(&buf_lock);
	b = buf;
	sn = seen;
	reset_locked(NULL, 0);
	seen = NULL;
	seen_mask = 0;
	spin_unlock(&buf_lock);
	kvfree(b);
	kvfree(sn);
}

static struct fg_maps_work *pool_get(void)
{
	unsigned long i;
	int tries;

	for (tries = 0; tries < FG_MAPS_POOL; tries++) {
		i = find_first_zero_bit(pool_busy, FG_MAPS_POOL);
		if (i >= FG_MAPS_POOL)
			return NULL;
		if (!test_and_set_bit_lock(i, pool_busy))
			return &pool[i];
	}
	return NULL;
}

static void pool_put(struct fg_maps_work *w)
{
	clear_bit_unlock(w - pool, pool_busy);
}

/* Whether a captured address space is due for another capture. */
static bool again(const struct fg_seen *e, int map_count)
{
	return e->captures < FG_MAPS_CAPTURES && e->map_count != map_count &&
	       ktime_get_mono_fast_ns() >= e->next_ns;
}

/*
 * The slot to queue a capture for (left SEEN_WRITING; *was: its state
 * before), or NULL: captured or queued already, being claimed by another
 * CPU (looked at again on a later sample), or no room.
 */
static struct fg_seen *seen_claim(unsigned long mm, u32 tgid, int map_count,
				  int *was)
{
	u32 h = hash_long(mm ^ tgid, 32), i;

	for (i = 0; i < FG_MAPS_PROBES && i <= seen_mask; i++) {
		struct fg_seen *e = &seen[(h + i) & seen_mask];
		/* Acquire: the key (and a DONE slot's fields) come before. */
		int st = atomic_read_acquire(&e->state);

		if (st == SEEN_EMPTY) {
			st = atomic_cmpxchg(&e->state, SEEN_EMPTY, SEEN_WRITING);
			if (st == SEEN_EMPTY) {
				e->mm = mm;
				e->tgid = tgid;
				e->captures = 0;
				*was = SEEN_EMPTY;
				return e;
			}
		}
		if (st == SEEN_WRITING)
			return NULL;
		if (e->mm != mm || e->tgid != tgid)
			continue;
		if ((st == SEEN_RETRY || (st == SEEN_DONE && again(e, map_count))) &&
		    atomic_cmpxchg(&e->state, st, SEEN_WRITING) == st) {
			*was = st;
			return e;
		}
		return NULL;
	}
	fg_stat_inc(maps_drop_seen_full);
	return NULL;
}

/* Counts in the session the work was queued for, not a later one. */
static void count_locked(u32 g, u64 *counter)
{
	if (g == gen && buf)
		(*counter)++;
}

static void store(const struct fgprof_map_rec *rec, u32 g)
{
	spin_lock(&buf_lock);
	if (g == gen && buf) {
		if (buf_size - buf_used >= rec->len) {
			memcpy(buf + buf_used, rec, rec->len);
			/* The reader copies up to buf_used without the lock. */
			smp_store_release(&buf_used, buf_used + rec->len);
			nr_records++;
		} else {
			nr_drop_records++;
		}
	}
	spin_unlock(&buf_lock);
}

static bool is_vdso(const struct vm_area_struct *vma)
{
	return vma->vm_start == (unsigned long)vma->vm_mm->context.vdso;
}

/*
 * A path as the process sees it: below its root (task_root(): "" when it
 * is the kworker's own), where the file lies there; a chrooted or
 * containerised process sees its libc at /usr/lib/..., not at
 * /var/lib/.../merged/usr/lib/....
 */
static const char *below_root(const char *p, const char *root)
{
	size_t n = strlen(root);

	return n && !strncmp(p, root, n) && p[n] == '/' ? p + n : p;
}

/*
 * One mapping of process tgid as a record in rec (room for PATH_MAX
 * after the header), every byte up to its length written. False: not a
 * file or [vdso], or a path d_path cannot print.
 */
static bool fill_rec(struct vm_area_struct *vma, u32 tgid, const char *root,
		     struct fgprof_map_rec *rec)
{
	size_t plen;

	memset(rec, 0, sizeof(*rec));
	rec->tgid = tgid;
	rec->start = vma->vm_start;
	rec->end = vma->vm_end;
	if (vma->vm_file) {
		const struct path *path = fg_file_user_path(vma->vm_file);
		/* The layer's inode on overlayfs: see struct fgprof_map_rec. */
		const struct inode *inode = file_inode(vma->vm_file);
		struct timespec64 mtime = fg_inode_mtime(inode);
		char *p = d_path(path, rec->path, PATH_MAX);

		if (IS_ERR(p))
			return false;
		p = (char *)below_root(p, root);
		plen = strlen(p);
		memmove(rec->path, p, plen + 1);
		rec->pgoff = (u64)vma->vm_pgoff << PAGE_SHIFT;
		rec->inode = inode->i_ino;
		rec->dev_major = MAJOR(inode->i_sb->s_dev);
		rec->dev_minor = MINOR(inode->i_sb->s_dev);
		rec->size = i_size_read(inode);
		rec->mtime_sec = mtime.tv_sec;
		rec->mtime_nsec = mtime.tv_nsec;
	} else if (is_vdso(vma)) {
		plen = strscpy(rec->path, "[vdso]", PATH_MAX);
	} else {
		return false;
	}
	rec->len = ALIGN(sizeof(*rec) + plen + 1, 8);
	memset(rec->path + plen, 0, rec->len - sizeof(*rec) - plen);
	return true;
}

static void walk(struct mm_struct *mm, u32 tgid, const char *root,
		 struct fgprof_map_rec *rec, u32 g)
{
	FG_VMA_ITER(it, mm);
	struct vm_area_struct *vma;

	fg_for_each_vma(it, vma) {
		if (!(vma->vm_flags & VM_EXEC))
			continue;
		if (fill_rec(vma, tgid, root, rec)) {
			store(rec, g);
		} else if (vma->vm_file) {
			spin_lock(&buf_lock);
			count_locked(g, &nr_drop_records);
			spin_unlock(&buf_lock);
		}
	}
}

/* The capture is over: the slot may be due for another one later. */
static void done_locked(const struct fg_maps_work *w, int map_count, bool gone)
{
	struct fg_seen *e;

	if (w->gen != gen || !seen)
		return;		/* that session's table is gone */
	e = &seen[w->slot];
	e->map_count = map_count;
	e->captures = gone ? FG_MAPS_CAPTURES : e->captures + 1;
	e->next_ns = ktime_get_mono_fast_ns() +
		     (FG_MAPS_AGAIN_NS << min(e->captures, 16u));
	atomic_set_release(&e->state, SEEN_DONE);
	if (buf && gone)
		nr_drop_gone++;
	else if (buf)
		nr_captured++;
}

/*
 * The task's root as this kworker's d_path() prints it ("" if it is
 * ours), into buf; false if the task has none left (exiting).
 */
static bool task_root(struct task_struct *t, char *buf, size_t len)
{
	struct path root = { };
	char *p;

	task_lock(t);
	if (t->fs)
		get_fs_root(t->fs, &root);
	task_unlock(t);
	if (!root.dentry)
		return false;
	p = d_path(&root, buf, len);
	path_put(&root);
	if (IS_ERR(p))
		return false;
	memmove(buf, p, strlen(p) + 1);
	if (!strcmp(buf, "/"))
		buf[0] = '\0';
	return true;
}

/* In the kworker: one address space, if it still has users. */
static void capture(const struct fg_maps_work *w)
{
	struct fgprof_map_rec *rec = NULL;
	struct mm_struct *mm = w->mm;
	char *root = NULL;
	int map_count = 0;

	/* Exited, or exec'd since: a new mm is noted on its own. */
	if (mmget_not_zero(mm)) {
		rec = kmalloc(sizeof(*rec) + PATH_MAX, GFP_KERNEL);
		root = kmalloc(PATH_MAX, GFP_KERNEL);
		if (rec && root && task_root(w->task, root, PATH_MAX)) {
			mmap_read_lock(mm);
			map_count = mm->map_count;
			walk(mm, w->task->tgid, root, rec, w->gen);
			mmap_read_unlock(mm);
		} else {
			kfree(rec);
			rec = NULL;
		}
		mmput(mm);
	}
	spin_lock(&buf_lock);
	done_locked(w, map_count, !rec);
	spin_unlock(&buf_lock);
	kfree(rec);
	kfree(root);
}

static void capture_all(struct work_struct *work)
{
	struct llist_node *list = llist_del_all(&pending);
	struct fg_maps_work *w, *tmp;

	llist_for_each_entry_safe(w, tmp, list, node) {
		capture(w);
		put_task_struct(w->task);
		mmdrop(w->mm);
		pool_put(w);
	}
}

/* Hard irq, after a sample added an item: the work may sleep, we not. */
static void kick(struct irq_work *iw)
{
	queue_work(system_unbound_wq, &capture_work);
}

void fg_maps_note(struct task_struct *t)
{
	struct mm_struct *mm = t->mm;
	struct fg_maps_work *w;
	struct fg_seen *e;
	int was;

	if (!seen || !mm ||
	    (t->flags & (PF_KTHREAD | PF_IO_WORKER | PF_EXITING)))
		return;
	e = seen_claim((unsigned long)mm, t->tgid, READ_ONCE(mm->map_count),
		       &was);
	if (!e)
		return;
	w = pool_get();
	if (!w) {
		/* A DONE slot keeps its fields: it is due again next time. */
		atomic_set_release(&e->state,
				   was == SEEN_DONE ? SEEN_DONE : SEEN_RETRY);
		fg_stat_inc(maps_drop_pool_empty);
		return;
	}
	/* t is current, or about to be: its mm cannot go away under us. */
	get_task_struct(t);
	mmgrab(mm);
	w->task = t;
	w->mm = mm;
	w->gen = READ_ONCE(gen);
	w->slot = e - seen;
	atomic_set_release(&e->state, SEEN_QUEUED);
	llist_add(&w->node, &pending);
	irq_work_queue(this_cpu_ptr(&kick_irq_work));
	fg_stat_inc(maps_queued);
}

int fg_maps_read(struct fgprof_read *r, char *out)
{
	/* Pairs with store(): the bytes below used are whole records. */
	u32 used = smp_load_acquire(&buf_used), pos = r->cursor;

	if (r->cpu)
		return -EINVAL;
	if (!buf) {		/* a session without FGPROF_CF_MAPS */
		r->cursor = FGPROF_CURSOR_END;
		return 0;
	}
	if (pos > used || pos % 8)
		return -EINVAL;
	while (pos < used) {
		const struct fgprof_map_rec *rec = (const void *)(buf + pos);

		/* A cursor inside a record: refuse, never read past used. */
		if (rec->len < sizeof(*rec) || rec->len % 8 ||
		    rec->len > used - pos)
			return -EINVAL;
		if (rec->len > r->buf_len - r->bytes)
			break;
		memcpy(out + r->bytes, rec, rec->len);
		r->bytes += rec->len;
		r->nr_records++;
		pos += rec->len;
	}
	if (!r->nr_records && pos < used)
		return -ENOSPC;
	r->cursor = pos < used ? pos : FGPROF_CURSOR_END;
	return 0;
}

void fg_maps_stats(struct fgprof_stats *st)
{
	spin_lock(&buf_lock);
	st->maps_captured += nr_captured;
	st->maps_records += nr_records;
	st->maps_bytes += buf_used;
	st->maps_drop_gone += nr_drop_gone;
	st->maps_drop_records += nr_drop_records;
	spin_unlock(&buf_lock);
}
