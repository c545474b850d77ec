// SPDX-License-Identifier: GPL-2.0
/*
 * Half on-CPU, half off: compute() spins for 1 s, then rest() sleeps 1 s,
 * so a wall-clock profile should split about 50/50 between them.
 *   usage: wall_half [SECONDS-EACH]
 */
#include <sys/syscall.h>
#include <time.h>

#include "workload.h"

static volatile unsigned long sink;

static __attribute__((noinline)) void compute(double secs)
{
	volatile unsigned long x = sink;
	double end = now_seconds() + secs;

	while (now_seconds() < end)
		for (int i = 0; i < 10000; i++)
			x = x * 2862933555777941757ul + 3037000493ul;
	sink = x;
}

static __attribute__((noinline)) void rest(double secs)
{
	volatile int frame = 0;	/* keeps a frame pointer */
	struct timespec ts = { .tv_sec = (time_t)secs,
			       .tv_nsec = (long)((secs - (time_t)secs) * 1e9) };

	while (raw_syscall3(SYS_nanosleep, (long)&ts, (long)&ts, 0) == -4)
		;
	(void)frame;
}

int main(int argc, char **argv)
{
	double secs = seconds_arg(argc, argv, 1);

	compute(secs);
	rest(secs);
	return 0;
}
