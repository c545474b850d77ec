/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FGPROF_USER_CHILD_H
#define FGPROF_USER_CHILD_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/*
 * The command `fgprof record -- CMD` profiles: forked first, so that its
 * pid can be put in the configuration, held on a pipe until sampling has
 * started, then exec'd. A second, close-on-exec pipe tells the parent
 * whether the exec worked.
 */
struct child {
	pid_t pid;
	int go_fd;		/* write end: one byte releases the child */
	int err_fd;		/* read end: the exec's errno, or EOF */
	bool reaped;
	int status;		/* wait status, once reaped */
};

/* The child gets mask (the caller's mask before it blocked signals). */
int child_spawn(struct child *c, char **argv, const sigset_t *mask);
/* Lets the child exec: 0 once it has, else the exec's negative errno. */
int child_release(struct child *c);
/* Never released: the child exits without running anything. */
void child_abort(struct child *c);
/* Has it exited? Reaps it without blocking. */
bool child_exited(struct child *c);
/* Ends it if it still runs (SIGTERM, SIGKILL after grace_ms), reaps it. */
void child_finish(struct child *c, int grace_ms);
/* Exit code for a wait status, as shells do: 128 + signal when killed. */
int child_exit_code(int status);

#endif
