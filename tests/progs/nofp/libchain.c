// SPDX-License-Identifier: GPL-2.0
/*
 * The library half of chain.c's call chain: l11 .. l20, built -O2
 * -fomit-frame-pointer -fPIC; l20 spins for the given seconds, looking
 * at the clock rarely so that nearly every sample is in l20 itself.
 */
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline, noclone)) unsigned long
l20(unsigned long n, double secs)
{
	double end = now() + secs;
	unsigned long x = n;

	do {
		for (unsigned long i = 0; i < 2000000; i++) {
			x = x * 6364136223846793005ul + 1442695040888963407ul;
			__asm__ volatile("" : "+r"(x));
		}
	} while (now() < end);
	return x;
}

#define CALLER(name, callee)						\
	__attribute__((noinline, noclone)) unsigned long		\
	name(unsigned long n, double secs)				\
	{								\
		unsigned long r = callee(n + 1, secs);			\
		__asm__ volatile("" : "+r"(r) : : "memory");		\
		return r ^ n;						\
	}

CALLER(l19, l20)
CALLER(l18, l19)
CALLER(l17, l18)
CALLER(l16, l17)
CALLER(l15, l16)
CALLER(l14, l15)
CALLER(l13, l14)
CALLER(l12, l13)
CALLER(l11, l12)
