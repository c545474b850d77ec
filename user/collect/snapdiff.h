/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_SNAPDIFF_H
#define FGPROF_USER_SNAPDIFF_H

#include <stddef.h>
#include <stdint.h>

#include "device.h"
#include "fgprof.h"
#include "htab.h"
#include "profile.h"

/*
 * Intervals cut from a running session. The module's counts only grow
 * (RESET needs the session stopped), so a continuous recording or a live
 * view takes what happened since its last look in user space: each count
 * read now minus what the same key held at the previous cut. Stack ids
 * are per CPU and stable for a session, so each CPU has its own map of
 * key (tgid, tid, kind, the four stack ids, comm: the module's own count
 * key) to the last count and period seen. A count read at a cut belongs
 * to exactly one interval: nothing is lost or counted twice at a
 * boundary, and the intervals' sums are the session's final counts.
 */
struct snapdiff {
	unsigned int nr_cpus;
	struct snapdiff_cpu {
		struct fgprof_count_rec *v;	/* keys with their last values */
		size_t nr, cap;
		struct htab index;
	} *cpus;
	uint64_t went_back;	/* keys whose count shrank (a new session) */

	/* scratch for snapdiff_cut, kept to allocate nothing when steady */
	struct fgprof_count_rec *buf, *deltas;
	size_t nr_buf, cap_buf, cap_deltas;
	uint32_t *want;		/* stack ids the interval names, sorted */
	size_t nr_want, cap_want;
};

int snapdiff_init(struct snapdiff *d, unsigned int nr_cpus);
void snapdiff_free(struct snapdiff *d);

/*
 * One count record of cpu read now: *out is r with count and period
 * minus the last ones seen for its key (r itself for a new key), and r
 * becomes the last. A count that went down means the tables were reset
 * under us: the new value is taken whole (counted in went_back). 0,
 * -EINVAL (cpu out of range) or -ENOMEM.
 */
int snapdiff_step(struct snapdiff *d, unsigned int cpu,
		  const struct fgprof_count_rec *r,
		  struct fgprof_count_rec *out);

/*
 * A cut: every CPU's COUNTS, then its STACKS (the ABI's order, so every id
 * counted resolves), through rd. The counts since the last cut go into
 * delta (with only the stacks they name), the cumulative ones into total
 * unless it is NULL. Both profiles should be empty; their headers and
 * maps are the caller's. *missing (may be NULL) gets the samples whose
 * stacks were not returned. 0 or a negative errno.
 */
int snapdiff_cut(struct snapdiff *d, struct device_reader *rd,
		 struct profile *delta, struct profile *total,
		 uint64_t *missing);

#endif
