/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_STATS_H
#define FGPROF_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

struct fgprof_stats;

/*
 * Per-CPU counters every other file bumps. Only the owning CPU writes its
 * copy (this_cpu_inc is one instruction on x86: safe from NMI); the reader
 * sums them, so a sum taken while sampling runs is a moment's snapshot.
 */
/* Each field has its namesake in struct fgprof_stats, which sums it. */
struct fg_stats {
	u64 samples;
	u64 recorded;
	u64 filtered;
	u64 idle;
	u64 drop_counts_full;
	u64 drop_stacks_full;
	u64 drop_nested;
	u64 timeline_records;
	u64 drop_timeline_full;
	u64 kernel_truncated;
	u64 user_truncated;
	u64 user_read_faults;
	u64 kernel_unwind_errors;
	u64 handler_ns;
	u64 offcpu_switch_outs;
	u64 offcpu_filtered;
	u64 offcpu_tracked;
	u64 offcpu_recorded;
	u64 offcpu_ns;
	u64 offcpu_short;
	u64 offcpu_long;
	u64 offcpu_clock_skew;
	u64 offcpu_open_at_stop;
	u64 offcpu_drop_inflight_full;
	u64 offcpu_drop_stacks_full;
	u64 offcpu_drop_counts_full;
	u64 offcpu_drop_nested;
	u64 wakeups;
	u64 drop_weight;
	u64 maps_queued;
	u64 maps_drop_pool_empty;
	u64 maps_drop_seen_full;
	u64 maps_drop_gone;
	u64 uprobe_hits;
	u64 uprobe_filtered;
	u64 uprobe_recorded;
	u64 uprobe_bytes;
	u64 uprobe_drop_nested;
	u64 uprobe_drop_stacks_full;
	u64 uprobe_drop_counts_full;
	u64 user_frames_cfi;
	u64 user_frames_fp;
	u64 cfi_stop_no_info;
	u64 cfi_stop_unsupported;
	u64 cfi_stop_fault;
	u64 cfi_stop_bad_cfa;
	u64 cfi_tables_full;
	u64 cfi_map_full;
	u64 handler_ns_max;
};

DECLARE_PER_CPU(struct fg_stats, fg_stats);

#define fg_stat_inc(field) this_cpu_inc(fg_stats.field)
#define fg_stat_add(field, n) this_cpu_add(fg_stats.field, n)

void fg_stats_note_handler_ns(u64 ns);
void fg_stats_reset(void);
void fg_stats_sum(struct fgprof_stats *out);

#endif
