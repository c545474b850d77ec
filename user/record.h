/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_RECORD_H
#define FGPROF_USER_RECORD_H

#include <stdbool.h>
#include <stdint.h>

#include "event.h"
#include "fgprof.h"
#include "profile.h"

#define RECORD_DEFAULT_FREQ	99
#define RECORD_DEFAULT_SECS	10
#define RECORD_TIMELINE_SLOTS	65536

/* `fgprof record`'s command line, parsed and checked. */
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
	struct profile_tables tables;
	uint64_t duration_ns;		/* 0: until the command exits */
	const char *output;
	const char *device;
	bool quiet;
	char **command;			/* NULL-terminated; NULL for none */
};

/*
 * Returns 0 to record, 1 after printing --help (exit 0), -1 after
 * printing a usage error (exit 2).
 */
int record_parse_args(int argc, char **argv, struct record_opts *o);

/* The device configuration; child is the command's pid or 0. */
void record_config(const struct record_opts *o, int32_t child,
		   int cgroup_fd, struct fgprof_config *cfg);

#endif
