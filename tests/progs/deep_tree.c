// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmarks' CPU-bound workload: PROCS processes each run a call
 * chain DEPTH frames deep to a leaf that burns the CPU. At each of the
 * first BITS levels the chain goes through one of two functions (a or b),
 * chosen by one bit of a pseudo-random path number, so up to 2^BITS
 * distinct stacks appear, all DEPTH deep.
 *
 *   usage: deep_tree [-p PROCS] [-n UNITS | -s SECONDS] [-d DEPTH]
 *                    [-b BITS] [-l LEAF] [-k] [-m MAPS-FILE]
 *
 * -n: fixed work (UNITS leaf calls per process), so a slowdown shows as
 * elapsed time; -s: fixed time (for recordings of a given length).
 * -l: loop iterations per leaf call. -k: the leaf also reads /dev/zero,
 * so samples land in the kernel under the deep user stack too. -m: copy
 * /proc/self/maps there first (forked children share the layout), for a
 * converter that needs the mappings after the processes are gone.
 * Prints "elapsed SECONDS" (wall, all processes) on stdout.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

static volatile unsigned long sink;
static int depth = 40, bits = 8, leaf_loops = 2000, zero_fd = -1;
static char zbuf[16384];

static __attribute__((noinline)) void leaf(void)
{
	volatile int i;	/* a stack frame, hence a frame pointer */

	for (i = 0; i < leaf_loops; i++)
		sink += i;
	if (zero_fd >= 0)	/* raw: libc has no frame pointers */
		raw_syscall3(0 /* read */, zero_fd, (long)zbuf, sizeof(zbuf));
}

static void step_a(int level, unsigned path);
static void step_b(int level, unsigned path);

/* Two copies of one step: distinct return addresses make distinct stacks. */
static __attribute__((noinline)) void step_a(int level, unsigned path)
{
	if (level >= depth)
		leaf();
	else if (level < bits && (path >> level) & 1)
		step_b(level + 1, path);
	else
		step_a(level + 1, path);
	sink++;	/* no tail call: each level keeps its frame */
}

static __attribute__((noinline)) void step_b(int level, unsigned path)
{
	if (level >= depth)
		leaf();
	else if (level < bits && (path >> level) & 1)
		step_b(level + 1, path);
	else
		step_a(level + 1, path);
	sink++;
}

static void run(long units, double secs, unsigned seed)
{
	double end = now_seconds() + secs;
	unsigned x = seed * 2654435761u + 1;

	for (long u = 0; units ? u < units : now_seconds() < end; u++) {
		x ^= x << 13;	/* xorshift32: paths spread over all 2^bits */
		x ^= x >> 17;
		x ^= x << 5;
		step_a(1, x);
	}
}

static int copy_maps(const char *to)
{
	char buf[4096];
	ssize_t n;
	int in = open("/proc/self/maps", O_RDONLY);
	int out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			return -1;
	close(in);
	return close(out);
}

int main(int argc, char **argv)
{
	int procs = 4, c;
	long units = 0;
	double secs = 5, t0;
	const char *maps = NULL;

	while ((c = getopt(argc, argv, "p:n:s:d:b:l:km:")) != -1) {
		switch (c) {
		case 'p': procs = atoi(optarg); break;
		case 'n': units = atol(optarg); break;
		case 's': secs = atof(optarg); break;
		case 'd': depth = atoi(optarg); break;
		case 'b': bits = atoi(optarg); break;
		case 'l': leaf_loops = atoi(optarg); break;
		case 'k': zero_fd = open("/dev/zero", O_RDONLY); break;
		case 'm': maps = optarg; break;
		default:
			fprintf(stderr, "usage: deep_tree [-p PROCS] [-n UNITS | -s SECONDS] [-d DEPTH] [-b BITS] [-l LEAF] [-k] [-m MAPS-FILE]\n");
			return 2;
		}
	}
	if (bits > 31 || bits >= depth) {
		fprintf(stderr, "deep_tree: BITS must be < DEPTH and < 32\n");
		return 2;
	}
	if (maps && copy_maps(maps)) {
		perror(maps);
		return 1;
	}
	t0 = now_seconds();
	for (int i = 0; i < procs; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			run(units, secs, i + 1);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	printf("elapsed %.6f\n", now_seconds() - t0);
	return 0;
}
