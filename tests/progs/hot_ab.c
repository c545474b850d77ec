// SPDX-License-Identifier: GPL-2.0
/*
 * Known proportions: hot_a() does three times the work of hot_b(), in
 * alternation, so a profiler should see 75 % / 25 % of the time in them.
 *   usage: hot_ab [SECONDS]
 */
#include "workload.h"

static volatile unsigned long sink;

/* The volatile local gives spin() a stack frame, hence a frame pointer. */
static __attribute__((noinline)) void spin(unsigned long n)
{
	volatile unsigned long x = sink;

	for (unsigned long i = 0; i < n; i++)
		x = x * 2862933555777941757ul + 3037000493ul;
	sink = x;
}

static __attribute__((noinline)) void hot_a(void)
{
	spin(3 * 100000);
}

static __attribute__((noinline)) void hot_b(void)
{
	spin(100000);
}

int main(int argc, char **argv)
{
	double end = now_seconds() + seconds_arg(argc, argv, 3);

	while (now_seconds() < end) {
		hot_a();
		hot_b();
	}
	return 0;
}
