// SPDX-License-Identifier: GPL-2.0
#include <string.h>

#include "statfields.h"

#define FIELD(m, l) {							\
	.name = #m,							\
	.offset = offsetof(struct fgprof_stats, m),			\
	.size = sizeof(((struct fgprof_stats *)0)->m),			\
	.loss = l,							\
}

const struct stat_field stat_fields[] = {
	FIELD(samples, false),
	FIELD(recorded, false),
	FIELD(filtered, false),
	FIELD(idle, false),
	FIELD(drop_counts_full, true),
	FIELD(drop_stacks_full, true),
	FIELD(drop_nested, true),
	FIELD(timeline_records, false),
	FIELD(drop_timeline_full, true),
	FIELD(kernel_truncated, true),
	FIELD(user_truncated, true),
	FIELD(user_read_faults, true),
	FIELD(kernel_unwind_errors, true),
	FIELD(handler_ns, false),
	FIELD(handler_ns_max, false),
	FIELD(stack_slots_used, false),
	FIELD(stack_frames_used, false),
	FIELD(count_slots_used, false),
	FIELD(offcpu_switch_outs, false),
	FIELD(offcpu_filtered, false),
	FIELD(offcpu_tracked, false),
	FIELD(offcpu_recorded, false),
	FIELD(offcpu_ns, false),
	FIELD(offcpu_short, false),
	FIELD(offcpu_long, false),
	FIELD(offcpu_clock_skew, true),
	FIELD(offcpu_open_at_stop, false),
	FIELD(offcpu_drop_inflight_full, true),
	FIELD(offcpu_drop_stacks_full, true),
	FIELD(offcpu_drop_counts_full, true),
	FIELD(offcpu_drop_nested, true),
	FIELD(wakeups, false),
	FIELD(inflight_used, false),
	FIELD(drop_weight, true),
	FIELD(uprobe_hits, false),
	FIELD(uprobe_filtered, false),
	FIELD(uprobe_recorded, false),
	FIELD(uprobe_bytes, false),
	FIELD(uprobe_drop_nested, true),
	FIELD(uprobe_drop_stacks_full, true),
	FIELD(uprobe_drop_counts_full, true),
	FIELD(maps_queued, false),
	FIELD(maps_captured, false),
	FIELD(maps_records, false),
	FIELD(maps_bytes, false),
	FIELD(maps_drop_pool_empty, true),
	FIELD(maps_drop_seen_full, true),
	FIELD(maps_drop_gone, true),
	FIELD(maps_drop_records, true),
	FIELD(user_frames_cfi, false),
	FIELD(user_frames_fp, false),
	FIELD(cfi_stop_no_info, false),
	FIELD(cfi_stop_unsupported, false),
	FIELD(cfi_stop_fault, false),
	FIELD(cfi_stop_bad_cfa, false),
	FIELD(cfi_tables, false),
	FIELD(cfi_bytes, false),
	FIELD(cfi_tables_full, true),
	FIELD(cfi_map_full, true),
	FIELD(state, false),
	FIELD(nr_cpus_sampling, false),
	FIELD(cpu_event_errors, true),
};

const size_t stat_nr_fields = sizeof(stat_fields) / sizeof(stat_fields[0]);

const struct stat_field *stat_field_find(const char *name)
{
	size_t i;

	for (i = 0; i < stat_nr_fields; i++)
		if (!strcmp(stat_fields[i].name, name))
			return &stat_fields[i];
	return NULL;
}

uint64_t stat_get(const struct fgprof_stats *st, const struct stat_field *f)
{
	const char *p = (const char *)st + f->offset;
	uint32_t v32;
	uint64_t v64;

	if (f->size == sizeof(v32)) {
		memcpy(&v32, p, sizeof(v32));
		return v32;
	}
	memcpy(&v64, p, sizeof(v64));
	return v64;
}

void stat_set(struct fgprof_stats *st, const struct stat_field *f, uint64_t v)
{
	char *p = (char *)st + f->offset;
	uint32_t v32 = v;

	if (f->size == sizeof(v32))
		memcpy(p, &v32, sizeof(v32));
	else
		memcpy(p, &v, sizeof(v));
}
