/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_UPROBES_H
#define FGPROF_UPROBES_H

struct fg_session;
struct fgprof_uprobe;

/*
 * Allocator probes (FGPROF_CF_ALLOC): each hit records the calling task's
 * stacks, weighted by the bytes it asked for. All four run under the
 * session lock: add only while not sampling, start/stop around sampling,
 * clear when the session's tables go.
 */
int fg_uprobe_add(const struct fgprof_uprobe *req);
int fg_uprobes_start(struct fg_session *s);
void fg_uprobes_stop(void);
void fg_uprobes_clear(void);

#endif
