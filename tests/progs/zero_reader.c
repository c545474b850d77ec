// SPDX-License-Identifier: GPL-2.0
/*
 * Time in a known kernel path: read(2) of /dev/zero in 1 MiB blocks, so
 * most samples land in the kernel under vfs_read.
 *   usage: zero_reader [SECONDS]
 */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "workload.h"

int main(int argc, char **argv)
{
	static char buf[1 << 20];
	double end = now_seconds() + seconds_arg(argc, argv, 3);
	int fd = open("/dev/zero", O_RDONLY);

	if (fd < 0) {
		perror("/dev/zero");
		return 1;
	}
	while (now_seconds() < end)
		if (read(fd, buf, sizeof(buf)) != sizeof(buf))
			return 1;
	return 0;
}
