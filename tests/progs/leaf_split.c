// SPDX-License-Identifier: GPL-2.0
/*
 * Issue #17: two callers of one frameless leaf, 3:1. Built like every
 * workload here (-O1 -fno-omit-frame-pointer), gcc still builds burn()
 * without a frame (a leaf: -momit-leaf-frame-pointer's effect), so a
 * frame-pointer walk from a sample in burn() skips its caller and draws
 * all of it under main; unwind tables give 75 % under caller_a() and
 * 25 % under caller_b().
 *   usage: leaf_split [SECONDS]
 */
#include "workload.h"

static volatile unsigned long sink;

/* No local kept in memory: a frameless leaf (tests/guest checks it). */
static __attribute__((noinline)) unsigned long burn(unsigned long n)
{
	unsigned long x = sink, i;

	for (i = 0; i < n; i++)
		x = x * 2862933555777941757ul + i;
	return x;
}

static __attribute__((noinline)) void caller_a(void)
{
	sink = burn(3 * 100000) + 1;
}

static __attribute__((noinline)) void caller_b(void)
{
	sink = burn(100000) + 2;
}

int main(int argc, char **argv)
{
	double end = now_seconds() + seconds_arg(argc, argv, 3);

	while (now_seconds() < end) {
		caller_a();
		caller_b();
	}
	return 0;
}
