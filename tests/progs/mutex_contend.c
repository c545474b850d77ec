// SPDX-License-Identifier: GPL-2.0
/*
 * Known lock waits from a known place, beside a plain sleep. ROUNDS
 * times: holder() takes a pthread mutex in hold_lock(), tells the main
 * thread through a pipe and keeps the mutex HOLD_NS (sleeping); the main
 * thread, told, blocks on the mutex in wait_here() until it is released.
 * A third thread sleeps HOLD_NS at a time in sleep_elsewhere(), holding
 * nothing: off-CPU time that is no lock wait. Prints the time the main
 * thread measured inside the lock call:
 *   waited_ns N rounds R
 *   usage: mutex_contend [ROUNDS]
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "workload.h"

#define ROUNDS		100
#define HOLD_NS		10000000L	/* 10 ms */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int go[2], back[2];		/* pipes: holder -> main -> holder */
static int rounds = ROUNDS;
static atomic_int done;

static void nap(long ns)
{
	struct timespec ts = { .tv_sec = ns / 1000000000L,
			       .tv_nsec = ns % 1000000000L };

	while (raw_syscall3(SYS_nanosleep, (long)&ts, (long)&ts, 0) == -4)
		;			/* EINTR: sleep the rest */
}

/* Pipe I/O right here: its waits are pipe waits, not futex ones. */
static void pipe_get(int fd)
{
	char c;

	raw_syscall3(SYS_read, fd, (long)&c, 1);
}

static void pipe_put(int fd)
{
	char c = 'x';

	raw_syscall3(SYS_write, fd, (long)&c, 1);
}

/*
 * The mutex call one level down, so that wait_here() is on the walked
 * stack: libc's lock code keeps rbp (this function's frame) but pushes
 * no frame of its own, so the walk skips its direct caller.
 */
static __attribute__((noinline)) void take_lock(void)
{
	volatile int frame = 0;	/* keeps a frame pointer */

	pthread_mutex_lock(&lock);
	(void)frame;
}

static __attribute__((noinline)) long wait_here(void)
{
	double t0 = now_seconds(), t1;

	take_lock();
	t1 = now_seconds();
	pthread_mutex_unlock(&lock);
	return (long)((t1 - t0) * 1e9);
}

static __attribute__((noinline)) void hold_lock(void)
{
	volatile int frame = 0;

	take_lock();
	pipe_put(go[1]);
	nap(HOLD_NS);
	pthread_mutex_unlock(&lock);
	(void)frame;
}

static void *holder(void *arg)
{
	(void)arg;
	for (int i = 0; i < rounds; i++) {
		hold_lock();
		pipe_get(back[0]);
	}
	return NULL;
}

static __attribute__((noinline)) void sleep_elsewhere(void)
{
	volatile int frame = 0;

	while (!atomic_load(&done))
		nap(HOLD_NS);
	(void)frame;
}

static void *sleeper(void *arg)
{
	(void)arg;
	sleep_elsewhere();
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t h, s;
	long waited = 0;

	if (argc > 1)
		rounds = atoi(argv[1]);
	if (rounds <= 0 || pipe(go) || pipe(back)) {
		fprintf(stderr, "usage: mutex_contend [ROUNDS]\n");
		return 1;
	}
	if (pthread_create(&s, NULL, sleeper, NULL) ||
	    pthread_create(&h, NULL, holder, NULL)) {
		perror("pthread_create");
		return 1;
	}
	for (int i = 0; i < rounds; i++) {
		pipe_get(go[0]);
		waited += wait_here();
		pipe_put(back[1]);
	}
	atomic_store(&done, 1);
	pthread_join(h, NULL);
	pthread_join(s, NULL);
	printf("waited_ns %ld rounds %d\n", waited, rounds);
	return 0;
}
