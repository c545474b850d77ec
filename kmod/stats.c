// SPDX-License-Identifier: GPL-2.0
#include <linux/cpumask.h>
#include <linux/string.h>

#include "fgprof.h"
#include "stats.h"

DEFINE_PER_CPU(struct fg_stats, fg_stats);

/* Called with the CPU's handler running, so nothing else writes max here. */
void fg_stats_note_handler_ns(u64 ns)
{
	fg_stat_add(handler_ns, ns);
	if (ns > __this_cpu_read(fg_stats.handler_ns_max))
		__this_cpu_write(fg_stats.handler_ns_max, ns);
}

/* Only while no event is live: nothing may write a CPU's copy meanwhile. */
void fg_stats_reset(void)
{
	int cpu;

	for_each_possible_cpu(cpu)
		memset(per_cpu_ptr(&fg_stats, cpu), 0, sizeof(struct fg_stats));
}

void fg_stats_sum(struct fgprof_stats *out)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct fg_stats *s = per_cpu_ptr(&fg_stats, cpu);

		out->samples += READ_ONCE(s->samples);
		out->recorded += READ_ONCE(s->recorded);
		out->filtered += READ_ONCE(s->filtered);
		out->idle += READ_ONCE(s->idle);
		out->drop_counts_full += READ_ONCE(s->drop_counts_full);
		out->drop_stacks_full += READ_ONCE(s->drop_stacks_full);
		out->drop_nested += READ_ONCE(s->drop_nested);
		out->timeline_records += READ_ONCE(s->timeline_records);
		out->drop_timeline_full += READ_ONCE(s->drop_timeline_full);
		out->kernel_truncated += READ_ONCE(s->kernel_truncated);
		out->user_truncated += READ_ONCE(s->user_truncated);
		out->user_read_faults += READ_ONCE(s->user_read_faults);
		out->kernel_unwind_errors += READ_ONCE(s->kernel_unwind_errors);
		out->handler_ns += READ_ONCE(s->handler_ns);
		out->offcpu_switch_outs += READ_ONCE(s->offcpu_switch_outs);
		out->offcpu_filtered += READ_ONCE(s->offcpu_filtered);
		out->offcpu_tracked += READ_ONCE(s->offcpu_tracked);
		out->offcpu_recorded += READ_ONCE(s->offcpu_recorded);
		out->offcpu_ns += READ_ONCE(s->offcpu_ns);
		out->offcpu_short += READ_ONCE(s->offcpu_short);
		out->offcpu_long += READ_ONCE(s->offcpu_long);
		out->offcpu_clock_skew += READ_ONCE(s->offcpu_clock_skew);
		out->offcpu_open_at_stop += READ_ONCE(s->offcpu_open_at_stop);
		out->offcpu_drop_inflight_full += READ_ONCE(s->offcpu_drop_inflight_full);
		out->offcpu_drop_stacks_full += READ_ONCE(s->offcpu_drop_stacks_full);
		out->offcpu_drop_counts_full += READ_ONCE(s->offcpu_drop_counts_full);
		out->offcpu_drop_nested += READ_ONCE(s->offcpu_drop_nested);
		out->wakeups += READ_ONCE(s->wakeups);
		out->drop_weight += READ_ONCE(s->drop_weight);
		out->maps_queued += READ_ONCE(s->maps_queued);
		out->maps_drop_pool_empty += READ_ONCE(s->maps_drop_pool_empty);
		out->maps_drop_seen_full += READ_ONCE(s->maps_drop_seen_full);
		out->maps_drop_gone += READ_ONCE(s->maps_drop_gone);
		out->uprobe_hits += READ_ONCE(s->uprobe_hits);
		out->uprobe_filtered += READ_ONCE(s->uprobe_filtered);
		out->uprobe_recorded += READ_ONCE(s->uprobe_recorded);
		out->uprobe_bytes += READ_ONCE(s->uprobe_bytes);
		out->uprobe_drop_nested += READ_ONCE(s->uprobe_drop_nested);
		out->uprobe_drop_stacks_full += READ_ONCE(s->uprobe_drop_stacks_full);
		out->uprobe_drop_counts_full += READ_ONCE(s->uprobe_drop_counts_full);
		out->user_frames_cfi += READ_ONCE(s->user_frames_cfi);
		out->user_frames_fp += READ_ONCE(s->user_frames_fp);
		out->cfi_stop_no_info += READ_ONCE(s->cfi_stop_no_info);
		out->cfi_stop_unsupported += READ_ONCE(s->cfi_stop_unsupported);
		out->cfi_stop_fault += READ_ONCE(s->cfi_stop_fault);
		out->cfi_stop_bad_cfa += READ_ONCE(s->cfi_stop_bad_cfa);
		out->cfi_tables_full += READ_ONCE(s->cfi_tables_full);
		out->cfi_map_full += READ_ONCE(s->cfi_map_full);
		out->handler_ns_max = max(out->handler_ns_max,
					  READ_ONCE(s->handler_ns_max));
	}
}
