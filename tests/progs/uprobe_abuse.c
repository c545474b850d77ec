// SPDX-License-Identifier: GPL-2.0
/*
 * FGPROF_IOC_UPROBE's bad input: each refused with its documented errno
 * (a session without FGPROF_CF_ALLOC, bad fields, bad descriptors, an
 * offset past the file, a duplicate, more than FGPROF_MAX_UPROBES, adding
 * while running), and a session whose probes are registered survives
 * STOP, a second START and a close while running.
 *   usage: uprobe_abuse FILE
 * FILE: a regular file of at least 8 KiB that no process maps while this
 * runs, so the probes, which are not on code, are never planted anywhere.
 */
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fgprof.h"

static int configure(int fd, unsigned int flags)
{
	struct fgprof_config c = { 0 };

	c.flags = flags | FGPROF_CF_USER_STACK | FGPROF_CF_FREQ;
	c.event_type = PERF_TYPE_SOFTWARE;
	c.event_config = PERF_COUNT_SW_CPU_CLOCK;
	c.sample_rate = 99;
	c.cgroup_fd = -1;
	return ioctl(fd, FGPROF_IOC_CONFIGURE, &c);
}

static int add(int dev, int fd, unsigned int size_arg, unsigned long long off,
	       unsigned int flags, unsigned int pad)
{
	struct fgprof_uprobe u = {
		.fd = fd, .size_arg = size_arg, .offset = off,
		.flags = flags, .pad = pad,
	};

	return ioctl(dev, FGPROF_IOC_UPROBE, &u);
}

int main(int argc, char **argv)
{
	const char *dp = getenv("FGPROF_DEVICE");
	unsigned int alloc = FGPROF_CF_ALLOC | FGPROF_CF_NO_ONCPU;
	struct stat st;
	int dev, elf, dir, i;

	if (argc != 2) {
		fprintf(stderr, "usage: uprobe_abuse FILE\n");
		return 2;
	}
	dev = open(dp ? dp : FGPROF_DEVICE_PATH, O_RDWR);
	elf = open(argv[1], O_RDONLY);
	dir = open("/", O_RDONLY | O_DIRECTORY);
	if (dev < 0 || elf < 0 || dir < 0 || fstat(elf, &st) ||
	    st.st_size < 8192) {
		perror("uprobe_abuse: open");
		return 2;
	}

	/* No session (a closed owner's may linger), then one without ALLOC. */
	EXPECT(ioctl(dev, FGPROF_IOC_RESET) == 0, "reset: %s", strerror(errno));
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, 0, 0, 0), EINVAL);
	EXPECT(configure(dev, FGPROF_CF_KERNEL_STACK) == 0, "configure: %s",
	       strerror(errno));
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, 0, 0, 0), EINVAL);
	/* NO_ONCPU alone (neither off-CPU nor allocations) stays refused. */
	EXPECT_ERRNO(configure(dev, FGPROF_CF_NO_ONCPU), EINVAL);

	EXPECT(configure(dev, alloc) == 0, "configure alloc: %s",
	       strerror(errno));
	EXPECT_ERRNO(ioctl(dev, FGPROF_IOC_UPROBE, NULL), EFAULT);
	EXPECT_ERRNO(add(dev, elf, 0, 0, 0, 0), EINVAL);
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_NR, 0, 0, 0), EINVAL);
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, 0, 0x80, 0), EINVAL);
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, 0, 0, 1), EINVAL);
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, -1ull, 0, 0), EINVAL);
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, st.st_size, 0, 0), EINVAL);
	EXPECT_ERRNO(add(dev, -1, FGPROF_US_ARG1, 0, 0, 0), EBADF);
	EXPECT_ERRNO(add(dev, 999, FGPROF_US_ARG1, 0, 0, 0), EBADF);
	EXPECT_ERRNO(add(dev, dir, FGPROF_US_ARG1, 0, 0, 0), EINVAL);
	EXPECT_ERRNO(add(dev, dev, FGPROF_US_ARG1, 0, 0, 0), EINVAL);

	/* Probes anywhere in the file: nothing maps it, nothing runs them. */
	for (i = 0; i < FGPROF_MAX_UPROBES; i++)
		EXPECT(add(dev, elf, FGPROF_US_ARG1, 16 * i, 0, 0) == 0,
		       "probe %d: %s", i, strerror(errno));
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, 4096, 0, 0), ENOSPC);

	/* A duplicate, in a fresh session (the configure dropped the 16). */
	EXPECT(configure(dev, alloc) == 0, "configure: %s", strerror(errno));
	EXPECT(add(dev, elf, FGPROF_US_ARG2, 0, FGPROF_UF_SKIP_NULL_ARG1, 0) == 0,
	       "probe: %s", strerror(errno));
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, 0, 0, 0), EEXIST);
	EXPECT(add(dev, elf, FGPROF_US_ARG1_X_ARG2, 64, 0, 0) == 0,
	       "probe: %s", strerror(errno));

	/* Registered at START (unmapped: nothing to plant); EBUSY meanwhile. */
	EXPECT(ioctl(dev, FGPROF_IOC_START) == 0, "start: %s", strerror(errno));
	EXPECT_ERRNO(add(dev, elf, FGPROF_US_ARG1, 128, 0, 0), EBUSY);
	EXPECT(ioctl(dev, FGPROF_IOC_STOP) == 0, "stop: %s", strerror(errno));
	EXPECT(ioctl(dev, FGPROF_IOC_START) == 0, "restart: %s",
	       strerror(errno));
	close(dev);		/* while running: the close unregisters */
	close(elf);
	close(dir);
	if (!check_failures)
		printf("uprobe_abuse: all checks passed\n");
	return check_failures ? 1 : 0;
}
