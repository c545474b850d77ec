// SPDX-License-Identifier: GPL-2.0
/*
 * Issue #17: off-CPU time spent inside libc. sleep_via_libc() sleeps
 * 200 ms x 10 through libc's nanosleep(); Debian's libc keeps no frame
 * pointer, so a frame-pointer walk from the switch-out loses
 * sleep_via_libc(), while unwind tables keep it.
 *   usage: libc_sleep [SLEEPS]
 */
#include <stdlib.h>
#include <time.h>

static __attribute__((noinline)) void sleep_via_libc(void)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 200000000L };

	while (nanosleep(&ts, &ts))
		;			/* EINTR: sleep the rest */
}

int main(int argc, char **argv)
{
	int i, n = argc > 1 ? atoi(argv[1]) : 10;

	for (i = 0; i < n; i++)
		sleep_via_libc();
	return 0;
}
