/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_OFFCPU_H
#define FGPROF_OFFCPU_H

struct fg_session;
struct fgprof_config;

/*
 * Off-CPU time by stack (FGPROF_CF_OFFCPU): check finds the tracepoints at
 * configure time; start hooks them; stop unhooks them, waits until no
 * probe runs, and adds the time of the tasks still blocked up to then.
 */
int fg_offcpu_check(const struct fgprof_config *cfg);
int fg_offcpu_start(struct fg_session *s);
void fg_offcpu_stop(struct fg_session *s);

#endif
