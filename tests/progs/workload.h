/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the test workloads: run a loop for a number of seconds. */
#ifndef FGPROF_PROGS_WORKLOAD_H
#define FGPROF_PROGS_WORKLOAD_H

#include <stdlib.h>
#include <time.h>

static inline double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The run time: argv[1] seconds, or the default. */
static inline double seconds_arg(int argc, char **argv, double def)
{
	return argc > 1 ? atof(argv[1]) : def;
}

/*
 * A system call made right here, not through libc: libc is built without
 * frame pointers, so a frame-pointer walk from inside it skips the
 * function that called it. Inlined, the user pc is in the caller itself.
 */
static inline __attribute__((always_inline)) long
raw_syscall3(long nr, long a, long b, long c)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c)
			 : "rcx", "r11", "memory");
	return ret;
}

#endif
