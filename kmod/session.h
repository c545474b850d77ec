/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_SESSION_H
#define FGPROF_SESSION_H

#include <asm/local.h>
#include <linux/poll.h>
#include <linux/types.h>

#include "counts.h"
#include "fgprof.h"
#include "inflight.h"
#include "stacks.h"
#include "timeline.h"

struct cgroup;
struct file;

/* Everything one CPU's sample path writes; nothing else writes it. */
struct fg_cpu {
	struct fg_stacks stacks;
	struct fg_counts counts;
	struct fg_timeline timeline;
	local_t busy;			/* handler running on this CPU */
	u64 clock_last;			/* clock event: time of the last sample */
	const void *clock_event;	/* ... of this event */
	u64 kips[FGPROF_MAX_DEPTH];	/* scratch: NMI stacks are too small */
	u64 uips[FGPROF_MAX_DEPTH];
};

/* The configuration the sample path reads; fixed while sampling runs. */
struct fg_session {
	struct fgprof_config cfg;
	struct fg_cpu **cpu;		/* by CPU id, every possible CPU */
	struct cgroup *cgrp;		/* with FGPROF_CF_CGROUP */
	struct fg_inflight inflight;	/* with FGPROF_CF_OFFCPU */
};

/* ioctl and file operations, each serialized by the session lock. */
int fgprof_session_configure(struct file *f, const struct fgprof_config *cfg);
int fgprof_session_start(struct file *f);
int fgprof_session_stop(struct file *f);
int fgprof_session_reset(struct file *f);
int fgprof_session_uprobe(struct file *f, const struct fgprof_uprobe *up);
int fgprof_session_cfi_load(struct file *f, struct fgprof_cfi_load *ld);
int fgprof_session_cfi_map(struct file *f, const struct fgprof_cfi_map *m);
void fgprof_session_stats(struct fgprof_stats *st);
int fgprof_session_read(struct file *f, struct fgprof_read *r);
bool fgprof_reader_sees_kernel(const struct file *f);
__poll_t fgprof_session_poll(struct file *f, poll_table *wait);
void fgprof_session_release(struct file *f);

/* The text view holds the tables between these two calls. */
const struct fg_session *fgprof_session_lock_tables(void);
void fgprof_session_unlock_tables(void);

u32 fgprof_session_state(void);
const char *fgprof_state_name(u32 state);
void fgprof_session_opened(void);
u32 fgprof_session_open_count(void);

int fgprof_session_init(void);
void fgprof_session_exit(void);

#endif /* FGPROF_SESSION_H */
