// SPDX-License-Identifier: GPL-2.0
/*
 * Hot inside Debian's own libc: qsort calling back into this program's
 * comparator, all without frame pointers. A walk from the comparator must
 * go through libc's qsort frames to sort_once and main.
 *   usage: qsort_cb [SECONDS [DELAY]]
 * DELAY: seconds asleep first (see chain.c).
 */
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#define N 200000

static unsigned int keys[N];

/* A little work per comparison: the comparator is the hot function. */
__attribute__((noinline, noclone)) int compare(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	for (int i = 0; i < 20; i++) {
		x = x * 2654435761u + 1;
		y = y * 2654435761u + 1;
		__asm__ volatile("" : "+r"(x), "+r"(y));
	}
	return (x > y) - (x < y);
}

__attribute__((noinline, noclone)) void sort_once(unsigned int seed)
{
	for (int i = 0; i < N; i++) {
		seed = seed * 1103515245u + 12345u;
		keys[i] = seed;
	}
	qsort(keys, N, sizeof(keys[0]), compare);
	__asm__ volatile("" : : : "memory");
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 3, end;
	struct timespec ts;
	unsigned int seed = 1;

	if (argc > 2)
		usleep((useconds_t)(atof(argv[2]) * 1e6));
	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = ts.tv_sec + ts.tv_nsec / 1e9 + secs;
	do {
		sort_once(seed++);
		clock_gettime(CLOCK_MONOTONIC, &ts);
	} while (ts.tv_sec + ts.tv_nsec / 1e9 < end);
	return 0;
}
