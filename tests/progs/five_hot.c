// SPDX-License-Identifier: GPL-2.0
/*
 * Six leaf functions with distinct weights (6:5:4:3:2:1): the order of the
 * hottest functions is known, for comparing profilers side by side.
 *   usage: five_hot [SECONDS]
 */
#include "workload.h"

static volatile unsigned long sink;

#define LEAF(name)							\
	static __attribute__((noinline)) void name(unsigned long n)	\
	{								\
		volatile unsigned long x = sink; /* gets a frame */	\
		for (unsigned long i = 0; i < n; i++)			\
			x = x * 6364136223846793005ul + 1442695040888963407ul; \
		sink = x;						\
	}

LEAF(leaf_six)
LEAF(leaf_five)
LEAF(leaf_four)
LEAF(leaf_three)
LEAF(leaf_two)
LEAF(leaf_one)

int main(int argc, char **argv)
{
	double end = now_seconds() + seconds_arg(argc, argv, 3);
	const unsigned long unit = 50000;

	while (now_seconds() < end) {
		leaf_six(6 * unit);
		leaf_five(5 * unit);
		leaf_four(4 * unit);
		leaf_three(3 * unit);
		leaf_two(2 * unit);
		leaf_one(unit);
	}
	return 0;
}
