// SPDX-License-Identifier: GPL-2.0
/*
 * Many distinct user stacks: the same burn at recursion depths 1..N in
 * turn, each depth a different stack. Fills small tables on purpose.
 *   usage: many_stacks [SECONDS] [N]
 */
#include "workload.h"

static volatile unsigned long sink;

static __attribute__((noinline)) void burn(void)
{
	volatile int i;	/* a stack frame, hence a frame pointer */

	for (i = 0; i < 20000; i++)
		sink += i;
}

static __attribute__((noinline)) void level(int depth)
{
	if (depth > 1)
		level(depth - 1);
	else
		burn();
	sink++;
}

int main(int argc, char **argv)
{
	double end = now_seconds() + seconds_arg(argc, argv, 3);
	int n = argc > 2 ? atoi(argv[2]) : 100;

	while (now_seconds() < end)
		for (int d = 1; d <= n; d++)
			level(d);
	return 0;
}
