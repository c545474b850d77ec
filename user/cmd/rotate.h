/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_ROTATE_H
#define FGPROF_USER_ROTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * The files of a continuous recording: one per interval, named by the
 * interval's start (UTC, so names sort in time order whatever the time
 * zone or daylight saving does), and the oldest deleted so that a
 * directory holds a bounded number and size of them.
 */
#define ROTATE_PREFIX	"fgprof-"
#define ROTATE_SUFFIX	".pb.gz"
#define ROTATE_NAME_LEN	64

/*
 * "fgprof-20260102T030405Z.pb.gz" for an interval starting at realtime_ns
 * (ns since the epoch); with millis "fgprof-20260102T030405.678Z.pb.gz"
 * (intervals shorter than a second would share names otherwise).
 */
void rotate_name(char buf[ROTATE_NAME_LEN], uint64_t realtime_ns,
		 bool millis);

/* A name rotate_name makes: the only files pruning may delete. */
bool rotate_is_ours(const char *name);

struct rotate_file {
	char *name;
	uint64_t size;
};

/*
 * Of files sorted oldest first, how many of the oldest must go so that
 * at most keep remain (0: no limit) and their sizes sum to at most
 * max_bytes (0: no limit). The newest is never counted out: the interval
 * just written stays even when it alone is over max_bytes.
 */
size_t rotate_excess(const struct rotate_file *files, size_t nr, size_t keep,
		     uint64_t max_bytes);

/*
 * Deletes dir's oldest interval files beyond keep and max_bytes. Returns
 * how many it deleted, or a negative errno.
 */
long rotate_prune(const char *dir, size_t keep, uint64_t max_bytes);

#endif
