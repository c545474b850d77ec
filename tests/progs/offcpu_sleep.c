// SPDX-License-Identifier: GPL-2.0
/*
 * Known off-CPU time in known places. The main thread sleeps 200 ms x 10
 * in sleep_here() (2.0 s), then blocks reading a pipe in pipe_wait() that
 * wake_writer(), another thread, writes 300 ms later, three times (0.9 s):
 * the writer is the reader's waker. It prints how long the naps and the
 * reads took by its own clock: on a busy host a sleep ends late (the
 * emulated CPU waits for a host core), and the tests judge the profile
 * against these.
 *   usage: offcpu_sleep
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

#define SLEEPS		10
#define SLEEP_NS	200000000L
#define READS		3
#define WAIT_NS		300000000L

static int pipefd[2];
/* Seconds spent in the naps of sleep_here() and the reads of pipe_wait(). */
static double slept, waited;

static void nap(long ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000L,
			       .tv_nsec = ns % 1000000000L };

	while (raw_syscall3(SYS_nanosleep, (long)&ts, (long)&ts, 0) == -4)
		;			/* EINTR: sleep the rest */
}

static __attribute__((noinline)) void sleep_here(void)
{
	volatile int frame = 0;	/* keeps a frame pointer */

	for (int i = 0; i < SLEEPS; i++) {
		double t = now_seconds();

		nap(SLEEP_NS);
		slept += now_seconds() - t;
	}
	(void)frame;
}

static __attribute__((noinline)) long pipe_wait(void)
{
	volatile char c = 0;
	long n = 0;

	for (int i = 0; i < READS; i++) {
		double t = now_seconds();
		char b;

		n += raw_syscall3(SYS_read, pipefd[0], (long)&b, 1);
		waited += now_seconds() - t;
		c = b;
	}
	(void)c;
	return n;
}

static __attribute__((noinline)) void wake_writer(void)
{
	volatile char c = 'x';

	for (int i = 0; i < READS; i++) {
		nap(WAIT_NS);
		raw_syscall3(SYS_write, pipefd[1], (long)&c, 1);
	}
}

static void *writer(void *arg)
{
	(void)arg;
	wake_writer();
	return NULL;
}

int main(void)
{
	pthread_t t;

	if (pipe(pipefd)) {
		perror("pipe");
		return 1;
	}
	sleep_here();
	if (pthread_create(&t, NULL, writer, NULL)) {
		perror("pthread_create");
		return 1;
	}
	if (pipe_wait() != READS) {
		fprintf(stderr, "short read\n");
		return 1;
	}
	pthread_join(t, NULL);
	printf("sleep_here_ns %.0f\npipe_wait_ns %.0f\n", slept * 1e9,
	       waited * 1e9);
	return 0;
}
