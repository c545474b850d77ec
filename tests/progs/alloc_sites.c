// SPDX-License-Identifier: GPL-2.0
/*
 * Known allocations from known call sites, for record --alloc:
 *   site_a: 1000 x malloc(4096)          4,096,000 bytes
 *   site_b: 3000 x malloc(100)             300,000 bytes
 *   site_c:  500 x calloc(10, 24)          120,000 bytes
 *   site_d:  200 x realloc(p, 1000)        200,000 bytes (p from malloc(8)
 *                                          in site_d_seed: 200 x 8 = 1,600)
 *   site_e:  100 x aligned_alloc(64, 256)   25,600 bytes
 *   site_f:  100 x aligned_alloc(16, 128)   12,800 bytes (glibc hands
 *                                          these to malloc: counted once)
 * Every block is kept until exit and touched, so no call can be elided.
 * The process then lingers 300 ms, long enough for the recorder to read
 * its mappings (libc's frames would stay unsymbolized otherwise).
 *   usage: alloc_sites
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NA	1000
#define NB	3000
#define NC	500
#define ND	200
#define NE	100
#define NF	100

static void *keep[NA + NB + NC + ND + NE + NF];
static size_t kept;

static void hold(void *p)
{
	if (!p) {
		perror("alloc_sites");
		exit(1);
	}
	*(volatile char *)p = 1;
	keep[kept++] = p;
}

__attribute__((noinline)) static void site_a(void)
{
	int i;

	for (i = 0; i < NA; i++)
		hold(malloc(4096));
}

__attribute__((noinline)) static void site_b(void)
{
	int i;

	for (i = 0; i < NB; i++)
		hold(malloc(100));
}

__attribute__((noinline)) static void site_c(void)
{
	int i;

	for (i = 0; i < NC; i++)
		hold(calloc(10, 24));
}

__attribute__((noinline)) static void *site_d_seed(void)
{
	return malloc(8);
}

__attribute__((noinline)) static void site_d(void)
{
	int i;

	for (i = 0; i < ND; i++) {
		void *p = site_d_seed();

		hold(realloc(p, 1000));
	}
}

__attribute__((noinline)) static void site_e(void)
{
	int i;

	for (i = 0; i < NE; i++)
		hold(aligned_alloc(64, 256));
}

__attribute__((noinline)) static void site_f(void)
{
	int i;

	for (i = 0; i < NF; i++)
		hold(aligned_alloc(16, 128));
}

int main(void)
{
	struct timespec linger = { .tv_nsec = 300000000L };
	size_t i;

	site_a();
	site_b();
	site_c();
	site_d();
	site_e();
	site_f();
	for (i = 0; i < kept; i++)
		free(keep[i]);
	nanosleep(&linger, NULL);
	return 0;
}
