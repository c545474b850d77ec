/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the test workloads: run a loop for a number of seconds. */
#ifndef FGPROF_PROGS_WORKLOAD_H
#define FGPROF_PROGS_WORKLOAD_H

#include <stdlib.h>
#include <time.h>

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The run time: argv[1] seconds, or the default. */
static double seconds_arg(int argc, char **argv, double def)
{
	return argc > 1 ? atof(argv[1]) : def;
}

#endif
