// SPDX-License-Identifier: GPL-2.0
/*
 * A known 20-deep call chain in code built without frame pointers (-O2
 * -fomit-frame-pointer, as distributions build): main -> c01 .. c10 in
 * this program -> l11 .. l20 in libnofpchain.so, hot in l20. With unwind
 * tables every sample reaches main; frame pointers give l20, then stop.
 *   usage: chain [SECONDS [DELAY]]
 * DELAY: seconds asleep first, so that a profiler has loaded the tables
 * of the program and its libraries before the work starts.
 */
#include <stdlib.h>
#include <unistd.h>

unsigned long l11(unsigned long n, double secs);

/* Work after each call: no tail call folds a frame away. */
#define CALLER(name, callee)						\
	__attribute__((noinline, noclone)) unsigned long		\
	name(unsigned long n, double secs)				\
	{								\
		unsigned long r = callee(n + 1, secs);			\
		__asm__ volatile("" : "+r"(r) : : "memory");		\
		return r ^ n;						\
	}

CALLER(c10, l11)
CALLER(c09, c10)
CALLER(c08, c09)
CALLER(c07, c08)
CALLER(c06, c07)
CALLER(c05, c06)
CALLER(c04, c05)
CALLER(c03, c04)
CALLER(c02, c03)
CALLER(c01, c02)

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3;

	if (argc > 2)
		usleep((useconds_t)(atof(argv[2]) * 1e6));

	return (int)(c01(0, secs) & 1) * 0;
}
