// SPDX-License-Identifier: GPL-2.0
/*
 * Several processes open, query and close /dev/fgprof as fast as they can.
 * With --unload-ok they go on until the module vanishes under them (a
 * concurrent rmmod): "no such device" is then the expected end, and any
 * other error fails.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "fgprof.h"

static int hammer(const char *path, unsigned int iters, int unload_ok)
{
	struct fgprof_version v;
	unsigned int i;

	for (i = 0; i < iters || unload_ok; i++) {
		int fd = open(path, O_RDWR);

		if (fd < 0) {
			if (unload_ok && (errno == ENOENT || errno == ENODEV ||
					  errno == ENXIO))
				return 0;
			fprintf(stderr, "open: %s\n", strerror(errno));
			return 1;
		}
		if (ioctl(fd, FGPROF_IOC_VERSION, &v) != 0 ||
		    v.abi_version != FGPROF_ABI_VERSION) {
			fprintf(stderr, "VERSION: %s\n", strerror(errno));
			close(fd);
			return 1;
		}
		close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned int procs = 4, iters = 2000, i;
	int unload_ok = 0, status, failed = 0;
	const char *path = getenv("FGPROF_DEVICE");
	struct fgprof_version v;
	int fd;

	if (!path)
		path = FGPROF_DEVICE_PATH;
	for (i = 1; i < (unsigned int)argc; i++) {
		if (!strcmp(argv[i], "--unload-ok"))
			unload_ok = 1;
		else if (!strncmp(argv[i], "--procs=", 8))
			procs = strtoul(argv[i] + 8, NULL, 0);
		else if (!strncmp(argv[i], "--iters=", 8))
			iters = strtoul(argv[i] + 8, NULL, 0);
	}
	for (i = 0; i < procs; i++)
		if (fork() == 0)
			_exit(hammer(path, iters, unload_ok));
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	EXPECT(failed == 0, "%d of %u processes failed", failed, procs);

	/* Every close was counted: only our own descriptor is open now. */
	if (!unload_ok) {
		fd = open(path, O_RDWR);
		EXPECT(fd >= 0 && ioctl(fd, FGPROF_IOC_VERSION, &v) == 0,
		       "final open: %s", strerror(errno));
		EXPECT(v.open_count == 1, "open_count %u after all closed",
		       v.open_count);
		close(fd);
	}
	printf("open_race: %u procs x %u iterations, %d failures\n", procs,
	       iters, check_failures);
	return check_failures ? 1 : 0;
}
