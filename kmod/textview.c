// SPDX-License-Identifier: GPL-2.0
/*
 * cat /dev/fgprof: '#' lines with the session's state and stats, then one
 * line per counts entry of each CPU:
 *   PID TID KIND COUNT PERIOD KSTACK USTACK WKSTACK WUSTACK COMM
 * KIND is "on" (COUNT samples, PERIOD their summed period), "off"
 * (COUNT blocked intervals, PERIOD their nanoseconds, W* the waker's
 * stacks) or "alloc" (COUNT allocator calls, PERIOD the bytes asked for). A stack is its addresses in hex, innermost first, separated by
 * commas, or '-' for none. A key counted on several CPUs has one line per
 * CPU: sum them.
 */
#include <linux/cpumask.h>
#include <linux/fs.h>
#include <linux/seq_file.h>

#include "fgprof.h"
#include "session.h"
#include "stats.h"
#include "textview.h"

struct tv_iter {
	const struct fg_session *s;
	u32 cpu;
	bool hide_kernel;	/* see fgprof_reader_sees_kernel() */
};

/* Positions: 0 is the header, then 1 + cpu * slots + slot. */
static void *tv_find(struct seq_file *m, loff_t *pos)
{
	struct tv_iter *it = m->private;
	u64 slots = (u64)it->s->cfg.count_slots;
	u64 p;

	for (p = *pos - 1; p < slots * nr_cpu_ids; p++) {
		u32 cpu = div_u64(p, slots);
		const struct fg_count_slot *slot;

		if (!cpu_possible(cpu)) {
			p = (cpu + 1) * slots - 1;
			continue;
		}
		slot = fg_counts_slot(&it->s->cpu[cpu]->counts, p - cpu * slots);
		if (slot) {
			it->cpu = cpu;
			*pos = p + 1;
			return (void *)slot;
		}
	}
	*pos = p + 1;
	return NULL;
}

static void *tv_start(struct seq_file *m, loff_t *pos)
{
	struct tv_iter *it = m->private;

	it->s = fgprof_session_lock_tables();
	if (*pos == 0)
		return SEQ_START_TOKEN;
	return it->s ? tv_find(m, pos) : NULL;
}

static void *tv_next(struct seq_file *m, void *v, loff_t *pos)
{
	struct tv_iter *it = m->private;

	++*pos;
	return it->s ? tv_find(m, pos) : NULL;
}

static void tv_stop(struct seq_file *m, void *v)
{
	fgprof_session_unlock_tables();
}

static void show_stack(struct seq_file *m, const struct fg_stacks *t, u32 id)
{
	const struct tv_iter *it = m->private;
	const u64 *ips;
	u16 nr, flags, i;

	ips = fg_stacks_get(t, id, &nr, &flags);
	if (!ips || (it->hide_kernel && (flags & FGPROF_SF_KERNEL))) {
		seq_puts(m, " -");
		return;
	}
	for (i = 0; i < nr; i++)
		seq_printf(m, "%c%llx", i ? ',' : ' ', ips[i]);
}

static const char *kind_name(u32 kind)
{
	switch (kind) {
	case FGPROF_KIND_ONCPU:
		return "on";
	case FGPROF_KIND_OFFCPU:
		return "off";
	case FGPROF_KIND_ALLOC:
		return "alloc";
	default:
		return "?";
	}
}

static void show_header(struct seq_file *m, const struct fg_session *s)
{
	struct fgprof_stats st = {};

	seq_printf(m, "# fgprof abi %u state %s\n", FGPROF_ABI_VERSION,
		   fgprof_state_name(fgprof_session_state()));
	if (!s)
		return;
	fg_stats_sum(&st);
	seq_printf(m, "# samples %llu recorded %llu filtered %llu idle %llu\n",
		   st.samples, st.recorded, st.filtered, st.idle);
	seq_printf(m, "# dropped counts_full %llu stacks_full %llu nested %llu timeline_full %llu\n",
		   st.drop_counts_full, st.drop_stacks_full, st.drop_nested,
		   st.drop_timeline_full);
	seq_printf(m, "# truncated kernel %llu user %llu user_read_faults %llu\n",
		   st.kernel_truncated, st.user_truncated, st.user_read_faults);
	seq_printf(m, "# offcpu switch_outs %llu tracked %llu recorded %llu ns %llu dropped %llu\n",
		   st.offcpu_switch_outs, st.offcpu_tracked, st.offcpu_recorded,
		   st.offcpu_ns,
		   st.offcpu_drop_inflight_full + st.offcpu_drop_stacks_full +
		   st.offcpu_drop_counts_full + st.offcpu_drop_nested);
	if (((const struct tv_iter *)m->private)->hide_kernel)
		seq_puts(m, "# kernel stacks hidden: this reader lacks CAP_PERFMON\n");
	seq_puts(m, "# pid tid kind count period kstack ustack wkstack wustack comm\n");
}

static int tv_show(struct seq_file *m, void *v)
{
	struct tv_iter *it = m->private;
	const struct fg_count_slot *slot = v;
	const struct fg_cpu *c;

	if (v == SEQ_START_TOKEN) {
		show_header(m, it->s);
		return 0;
	}
	c = it->s->cpu[it->cpu];
	seq_printf(m, "%u %u %s %llu %llu", slot->key.tgid, slot->key.tid,
		   kind_name(slot->key.kind),
		   READ_ONCE(slot->count), READ_ONCE(slot->period));
	show_stack(m, &c->stacks, slot->key.kstack);
	show_stack(m, &c->stacks, slot->key.ustack);
	show_stack(m, &c->stacks, slot->key.wkstack);
	show_stack(m, &c->stacks, slot->key.wustack);
	seq_printf(m, " %.*s\n", FGPROF_COMM_LEN, slot->key.comm);
	return 0;
}

static const struct seq_operations tv_ops = {
	.start = tv_start,
	.next = tv_next,
	.stop = tv_stop,
	.show = tv_show,
};

int fg_textview_open(struct file *file)
{
	struct tv_iter *it;

	/* misc_open left the miscdevice here; seq_open wants it empty. */
	file->private_data = NULL;
	it = __seq_open_private(file, &tv_ops, sizeof(*it));
	if (!it)
		return -ENOMEM;
	it->hide_kernel = !fgprof_reader_sees_kernel(file);
	return 0;
}

int fg_textview_release(struct file *file)
{
	return seq_release_private(file->f_inode, file);
}
