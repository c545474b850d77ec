// SPDX-License-Identifier: GPL-2.0
/*
 * A context-switch storm: two processes pass a byte back and forth over
 * two pipes, each round trip two blocking reads and two wakeups. Prints
 * the round trips done and their rate.
 *   usage: pingpong [SECONDS]
 */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "workload.h"

static __attribute__((noinline)) int bounce(int in, int out)
{
	char c;

	if (read(in, &c, 1) != 1)
		return -1;
	return write(out, &c, 1) == 1 ? 0 : -1;
}

int main(int argc, char **argv)
{
	double secs = seconds_arg(argc, argv, 3), start, end;
	int ab[2], ba[2];
	unsigned long trips = 0;
	pid_t child;
	char c = 'x';

	if (pipe(ab) || pipe(ba)) {
		perror("pipe");
		return 1;
	}
	child = fork();
	if (child < 0) {
		perror("fork");
		return 1;
	}
	if (!child) {
		/* Only the parent may hold ab's write end: EOF ends the child. */
		close(ab[1]);
		close(ba[0]);
		while (!bounce(ab[0], ba[1]))
			;
		_exit(0);
	}
	close(ab[0]);
	close(ba[1]);
	start = now_seconds();
	end = start + secs;
	while (now_seconds() < end) {
		if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
			break;
		trips++;
	}
	close(ab[1]);
	waitpid(child, NULL, 0);
	printf("%lu round trips in %.2f s: %.0f/s\n", trips,
	       now_seconds() - start, trips / (now_seconds() - start));
	return 0;
}
