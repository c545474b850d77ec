/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_SESSION_H
#define FGPROF_SESSION_H

#include <linux/types.h>

/*
 * The module holds one profiling session. Its configuration and lifetime
 * (configure, start, stop, reset) live in session.c; everything else asks
 * through these calls.
 */
u32 fgprof_session_state(void);
const char *fgprof_state_name(u32 state);

void fgprof_session_opened(void);
void fgprof_session_closed(void);
u32 fgprof_session_open_count(void);

int fgprof_session_init(void);
void fgprof_session_exit(void);

#endif /* FGPROF_SESSION_H */
