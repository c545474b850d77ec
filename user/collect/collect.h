/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_COLLECT_H
#define FGPROF_USER_COLLECT_H

#include <stddef.h>
#include <stdint.h>

#include "fgprof.h"
#include "profile.h"

/*
 * Turns the module's per-CPU records into the profile model. The module
 * numbers stacks per CPU, so the same stack has other ids on other CPUs:
 * each CPU's ids are mapped to the profile's content-deduplicated ids,
 * and counts that meet under one key are summed. A CPU's stack records
 * must come before its counts; timeline records may come at any time
 * (they are drained while sampling runs) and are translated at the end.
 */
struct collector {
	struct profile *p;
	unsigned int nr_cpus;
	struct cpu_ids {
		struct id_pair {
			uint32_t local;
			uint32_t global;
		} *pairs;
		size_t nr, cap;
		bool sorted;
	} *cpus;
	struct fgprof_timeline_rec *tl;	/* raw, until collector_finish */
	size_t nr_tl, cap_tl;
	uint64_t missing_stacks;	/* ids with no stack record: dropped */
	uint64_t hidden_stacks;		/* kernel stacks the module withheld */
};

int collector_init(struct collector *c, struct profile *p,
		   unsigned int nr_cpus);
void collector_free(struct collector *c);

/* device_record_fn shapes, ctx = the collector. */
int collector_stack(void *ctx, unsigned int cpu, const void *rec, size_t len);
int collector_count(void *ctx, unsigned int cpu, const void *rec, size_t len);
int collector_timeline(void *ctx, unsigned int cpu, const void *rec,
		       size_t len);

/* Adds the timeline, now that every stack is known. */
int collector_finish(struct collector *c);

#endif
