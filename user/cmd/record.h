/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_RECORD_H
#define FGPROF_USER_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "fgprof.h"
#include "profile.h"

#define RECORD_DEFAULT_FREQ	99
#define RECORD_DEFAULT_SECS	10
#define RECORD_TIMELINE_SLOTS	65536
#define RECORD_DEFAULT_INTERVAL_NS	(10 * 1000000000ull)
#define RECORD_DEFAULT_KEEP	60
#define RECORD_MIN_INTERVAL_NS	(10 * 1000000ull)

/* `fgprof record`'s command line, parsed and checked. */
/* --user-unwind: how user stacks are walked (issue #10). */
enum record_unwind {
	RECORD_UNWIND_FP = 0,		/* frame pointers only */
	RECORD_UNWIND_TABLES,		/* .eh_frame tables, fp where none */
	RECORD_UNWIND_AUTO,		/* tables where the session allows:
					   the default (issue #17) */
};

struct record_opts {
	struct event event;
	bool freq;			/* rate in Hz (-F), else a period (-c) */
	uint64_t rate;
	bool system_wide;		/* -a given */
	bool tids;			/* pids[] are thread ids (-t) */
	int32_t pids[FGPROF_MAX_PIDS];
	uint32_t nr_pids;
	const char *cgroup;
	uint32_t flags;			/* FGPROF_CF_*: stacks, off-CPU, ... */
	uint32_t offcpu_flags;		/* FGPROF_OF_* */
	uint64_t min_block_ns;		/* -m */
	uint64_t max_block_ns;		/* -M */
	uint32_t inflight_slots;
	bool lock_wait;			/* --lock-wait: off-CPU, lock waits only */
	bool alloc;			/* --alloc: allocations by uprobes */
	const char *alloc_path;		/* --alloc=PATH, NULL: the target's libc */
	bool alloc_count;		/* --alloc-count: calls, not bytes */
	bool no_maps;			/* --no-maps: no FGPROF_CF_MAPS */
	enum record_unwind user_unwind;	/* --user-unwind */
	const char *weight;		/* --weight FIELD of a tracepoint */
	uint32_t weight_offset;		/* ... where its record has it */
	uint16_t weight_size;
	uint16_t weight_flags;		/* FGPROF_WF_* */
	struct profile_tables tables;
	uint64_t duration_ns;		/* 0: until the command exits */
	bool duration_set;		/* -d given */
	const char *output;		/* NULL: none (--continuous without -o) */
	bool archive;			/* --archive: OUTPUT.archive too */
	bool continuous;		/* --continuous: a pprof per interval */
	uint64_t interval_ns;		/* --interval, 0 if not given (top: the
					   refresh); --continuous: 10 s */
	const char *out_dir;		/* --out */
	uint32_t keep;			/* --keep: files at most, 0 = no limit */
	uint64_t max_bytes;		/* --max-bytes: 0 = no limit */
	const char *device;
	bool quiet;
	char **command;			/* NULL-terminated; NULL for none */
};

/*
 * Returns 0 to record, 1 after printing --help (exit 0), -1 after
 * printing a usage error (exit 2).
 */
int record_parse_args(int argc, char **argv, struct record_opts *o);

/*
 * What a sample of this recording weighs, the profile's unit: "ns" for
 * off-CPU and wall-clock time, "samples" for the clock and hardware
 * events, else what the event counts (faults, hits, the weight field...).
 */
void record_unit(const struct record_opts *o, char *buf, size_t len);

/*
 * -G's directory: a path, or a name under the cgroup v2 mount as perf
 * takes it. An O_DIRECTORY fd, or a negative errno.
 */
int record_open_cgroup(const char *dir);

/* The device configuration; child is the command's pid or 0. */
void record_config(const struct record_opts *o, int32_t child,
		   int cgroup_fd, struct fgprof_config *cfg);

#endif
