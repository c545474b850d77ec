// SPDX-License-Identifier: GPL-2.0
/*
 * A session whose owner closed is steered by nobody.
 *   steer_orphan leave   (root) configure, start, exit without a reset:
 *                        an orphan, stopped by the close
 *   steer_orphan         START and STOP fail with EPERM, and so does
 *                        RESET for an opener without CAP_PERFMON
 *                        (t-unprivileged.sh runs it as nobody)
 * Exits 0 when every call did what it must.
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"
#include "devcfg.h"

int main(int argc, char **argv)
{
	struct fgprof_config c = base_config();
	struct fgprof_stats st;
	int fd = open(FGPROF_DEVICE_PATH, O_RDWR);

	if (fd < 0) {
		perror(FGPROF_DEVICE_PATH);
		return 2;
	}
	if (argc > 1 && !strcmp(argv[1], "leave")) {
		EXPECT(ioctl(fd, FGPROF_IOC_CONFIGURE, &c) == 0,
		       "CONFIGURE: %s", strerror(errno));
		EXPECT(ioctl(fd, FGPROF_IOC_START) == 0, "START: %s",
		       strerror(errno));
		return check_failures ? 1 : 0;
	}
	EXPECT(ioctl(fd, FGPROF_IOC_STATS, &st) == 0, "STATS: %s", strerror(errno));
	EXPECT(st.state == FGPROF_STATE_STOPPED, "state %u, want stopped", st.state);
	EXPECT_ERRNO(ioctl(fd, FGPROF_IOC_START), EPERM);
	EXPECT_ERRNO(ioctl(fd, FGPROF_IOC_STOP), EPERM);
	EXPECT_ERRNO(ioctl(fd, FGPROF_IOC_RESET), EPERM);
	EXPECT(ioctl(fd, FGPROF_IOC_STATS, &st) == 0 &&
	       st.state == FGPROF_STATE_STOPPED, "state %u after the tries", st.state);
	printf("steer_orphan: %d failures\n", check_failures);
	return check_failures ? 1 : 0;
}
