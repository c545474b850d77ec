// SPDX-License-Identifier: GPL-2.0
/*
 * A deep, exact stack: main -> recurse() 100 times -> leaf(), which burns
 * the CPU. Every sample in leaf() has exactly 100 recurse frames.
 *   usage: recurse [SECONDS] [DEPTH]
 */
#include "workload.h"

static volatile unsigned long sink;

static __attribute__((noinline)) void leaf(double end)
{
	while (now_seconds() < end)
		for (int i = 0; i < 100000; i++)
			sink += i;
}

static __attribute__((noinline)) void recurse(int depth, double end)
{
	if (depth > 1)
		recurse(depth - 1, end);
	else
		leaf(end);
	sink++;	/* no tail call: each level keeps its frame */
}

int main(int argc, char **argv)
{
	int depth = argc > 2 ? atoi(argv[2]) : 100;

	recurse(depth, now_seconds() + seconds_arg(argc, argv, 3));
	return 0;
}
