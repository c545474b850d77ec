// SPDX-License-Identifier: GPL-2.0
/*
 * Known block I/O from known places, with O_DIRECT (no page cache: each
 * call becomes block requests of its own) in 64 KiB system calls made
 * right there (no libc frame in between), so a bytes profile splits 3:1:
 *   write: write_a() writes 3 MiB and write_b() 1 MiB to DEVICE
 *   read:  read_a() reads 3 MiB and read_b() 1 MiB from it
 * and prints what it moved: "write_a N write_b N" (or read_...).
 *   usage: direct_io DEVICE write|read
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "workload.h"

#define CHUNK	(64 * 1024)

/* O_DIRECT wants the buffer aligned to the logical block size. */
static char buf[CHUNK] __attribute__((aligned(4096)));

static __attribute__((noinline)) long io_n(long nr, int fd, int chunks)
{
	volatile long done = 0;	/* keeps a frame pointer */

	for (int i = 0; i < chunks; i++) {
		long n = raw_syscall3(nr, fd, (long)buf, CHUNK);

		if (n != CHUNK)
			return -1;
		done += n;
	}
	return done;
}

static __attribute__((noinline)) long write_a(int fd)
{
	return io_n(SYS_write, fd, 48);
}

static __attribute__((noinline)) long write_b(int fd)
{
	return io_n(SYS_write, fd, 16);
}

static __attribute__((noinline)) long read_a(int fd)
{
	return io_n(SYS_read, fd, 48);
}

static __attribute__((noinline)) long read_b(int fd)
{
	return io_n(SYS_read, fd, 16);
}

int main(int argc, char **argv)
{
	bool wr = argc == 3 && !strcmp(argv[2], "write");
	long a, b;
	int fd;

	if (argc != 3 || (!wr && strcmp(argv[2], "read"))) {
		fprintf(stderr, "usage: direct_io DEVICE write|read\n");
		return 2;
	}
	fd = open(argv[1], (wr ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	memset(buf, 0xa5, sizeof(buf));
	a = wr ? write_a(fd) : read_a(fd);
	b = wr ? write_b(fd) : read_b(fd);
	close(fd);
	printf("%s_a %ld %s_b %ld\n", argv[2], a, argv[2], b);
	return a == 48L * CHUNK && b == 16L * CHUNK ? 0 : 1;
}
