// SPDX-License-Identifier: GPL-2.0
/*
 * Known page faults from known places: touch_many() touches 3N fresh
 * pages and touch_few() N, one write each, with transparent huge pages
 * off for the mapping, so a page-fault profile splits 3:1.
 *   usage: fault_split [N]   (default 3000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static __attribute__((noinline)) void touch(char *p, long pages, long psz)
{
	volatile long i;	/* keeps a frame pointer */

	for (i = 0; i < pages; i++)
		p[i * psz] = 1;
}

static __attribute__((noinline)) void touch_many(char *p, long n, long psz)
{
	touch(p, 3 * n, psz);
}

static __attribute__((noinline)) void touch_few(char *p, long n, long psz)
{
	touch(p, n, psz);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3000, psz = sysconf(_SC_PAGESIZE);
	size_t len = 4 * n * psz;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	madvise(p, len, MADV_NOHUGEPAGE);
	touch_many(p, n, psz);
	touch_few(p + 3 * n * psz, n, psz);
	return 0;
}
