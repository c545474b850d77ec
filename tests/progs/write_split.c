// SPDX-License-Identifier: GPL-2.0
/*
 * Known bytes from known places: write_big() writes 3 MiB and
 * write_small() 1 MiB to /dev/null, in 64 KiB write(2)s made right there
 * (no libc frame in between), so a write-bytes profile splits 3:1.
 *   usage: write_split
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>

#include "workload.h"

#define CHUNK	(64 * 1024)

static char buf[CHUNK];

static __attribute__((noinline)) long write_n(int fd, int chunks)
{
	volatile long done = 0;	/* keeps a frame pointer */

	for (int i = 0; i < chunks; i++)
		done += raw_syscall3(SYS_write, fd, (long)buf, CHUNK);
	return done;
}

static __attribute__((noinline)) long write_big(int fd)
{
	return write_n(fd, 48);
}

static __attribute__((noinline)) long write_small(int fd)
{
	return write_n(fd, 16);
}

int main(void)
{
	int fd = open("/dev/null", O_WRONLY);

	if (fd < 0) {
		perror("/dev/null");
		return 1;
	}
	if (write_big(fd) != 48L * CHUNK || write_small(fd) != 16L * CHUNK)
		return 1;
	return 0;
}
