/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_TIMERANGE_H
#define FGPROF_USER_TIMERANGE_H

#include <stddef.h>

#include "htab.h"
#include "profile.h"

/* Seconds since the recording started: [start, end). */
struct time_range {
	double start;
	double end;
};

/* "START,END" (decimal seconds, 0 <= START < END): 0 or -EINVAL. */
int time_range_parse(const char *arg, struct time_range *r);

/*
 * The profile of a time window: the same header (its start moved to the
 * window's start, its duration the window's), counters, mappings and
 * stacks (same ids), and samples rebuilt from the timeline records inside
 * the window, one count each, so every report format can show a window
 * without knowing about time. A record takes comm, thread id and mean
 * period from the sample entry of the same process and stacks.
 * -EINVAL with the reason in err when the profile has no timeline
 * records (recorded without --timeline); -ENOMEM.
 */
int profile_time_range(const struct profile *p, const struct time_range *r,
		       struct profile **out, char *err, size_t errlen);

/*
 * What a timeline record (time, cpu, pid, tid, stacks) does not say, from
 * the sample entries: its comm, whether thread ids were kept, its period.
 */
struct tl_lookup {
	const struct profile *p;
	struct htab by_key, by_pid;
};

int tl_lookup_init(struct tl_lookup *l, const struct profile *p);
void tl_lookup_free(struct tl_lookup *l);
/*
 * The record as a sample of one count: comm, tid (0 unless the recording
 * kept thread ids) and mean period of the on-CPU entry with the same pid
 * and stacks; when that entry was dropped (a full table), the comm of
 * another entry of the pid and period 0.
 */
void tl_lookup_sample(const struct tl_lookup *l, const struct profile_tl *t,
		      struct profile_sample *out);

#endif
